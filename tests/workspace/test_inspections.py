"""Admins create inspections (with three closed surveys and an official local authority);
inspectors change their details; a date out of order is a clear error, never a 500."""

from __future__ import annotations

import csv

from sqlalchemy import select

from participation.extensions import db
from participation.models import Inspection, Survey
from participation.reference import LOCAL_AUTHORITIES_FILE, local_authorities

DETAILS = {
    "name": "Aberdeen City joint inspection 2027",
    "partnership": "Aberdeen City Child Protection Committee",
    "local_authority_code": "S12000033",
    "notified_on": "2027-01-11",
    "phase_one_on": "2027-01-25",
    "phase_two_on": "2027-03-01",
    "report_on": "2027-06-07",
}


def test_the_local_authorities_are_scotlands_32_council_areas_with_gss_codes():
    authorities = local_authorities()
    assert len(authorities) == 32
    assert len({authority.code for authority in authorities}) == 32
    assert all(authority.code.startswith("S12000") and len(authority.code) == 9 for authority in authorities)
    by_code = {authority.code: authority.name for authority in authorities}
    # The codes current since the 2018 and 2019 recodings, not the retired ones.
    assert by_code["S12000033"] == "Aberdeen City"
    assert by_code["S12000047"] == "Fife" and "S12000015" not in by_code
    assert by_code["S12000049"] == "Glasgow City" and "S12000046" not in by_code
    with LOCAL_AUTHORITIES_FILE.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["code", "name"]


def test_an_admin_creates_an_inspection_with_three_closed_surveys(app, workspace, make_staff):
    client = workspace()
    client.sign_in(make_staff("admin"))
    page = client.post("/inspections/new", DETAILS)
    assert page.status == 302, page.errors()
    listing = client.follow(page)
    row = [cell.get_text(strip=True) for cell in listing.soup.select("tbody tr")[0].select("td")]
    assert row == [DETAILS["name"], DETAILS["partnership"], "Aberdeen City", "0"]
    with app.app_context():
        inspection = db.session.scalar(select(Inspection))
        assert inspection.local_authority_code == "S12000033"
        assert inspection.phase_two_on.isoformat() == "2027-03-01"
        surveys = db.session.scalars(select(Survey).where(Survey.inspection_id == inspection.id)).all()
        assert sorted(survey.definition_key for survey in surveys) == ["children", "parents", "staff"]
        assert not any(survey.is_open for survey in surveys)
        assert len({survey.token for survey in surveys}) == 3


def test_dates_out_of_order_and_a_missing_authority_are_explained(workspace, make_staff):
    client = workspace()
    client.sign_in(make_staff("admin"))
    page = client.post("/inspections/new", dict(DETAILS, local_authority_code="", phase_two_on="2027-01-01"))
    assert page.status == 400
    assert page.errors() == [
        "Choose the local authority",
        "Phase 2 starts must be on or after phase 1 starts",
    ]
    # What was typed is kept.
    assert page.soup.find("input", attrs={"name": "name"})["value"] == DETAILS["name"]


def test_an_inspector_changes_the_details_and_sees_the_team(app, inspection, signed_in):
    client, _staff = signed_in("inspector")
    form = client.get(f"/inspections/{inspection}/edit")
    assert "Members and their roles" in form.text
    page = client.post(f"/inspections/{inspection}/edit", dict(DETAILS, local_authority_code="S12000049"))
    assert page.status == 302
    overview = client.follow(page)
    assert "Glasgow City" in overview.text
    assert "11 January 2027" in overview.text
    with app.app_context():
        assert db.session.get(Inspection, inspection).name == DETAILS["name"]


def test_the_inspection_pages_list_only_what_the_role_may_use(inspection, signed_in):
    client, _staff = signed_in("volunteer")
    links = [
        a.get_text(strip=True)
        for a in client.get(f"/inspections/{inspection}/").soup.select(".app-inspection-nav a")
    ]
    assert links == ["Overview", "Surveys, links and posters"]
    client, _staff = signed_in("coordinator", address="192.0.2.11")
    links = [
        a.get_text(strip=True)
        for a in client.get(f"/inspections/{inspection}/").soup.select(".app-inspection-nav a")
    ]
    assert links == ["Overview", "Responses", "Surveys, links and posters", "Expected numbers"]
