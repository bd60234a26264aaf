"""Surveys in the workspace: inspectors open and close them (a closed survey refuses answers with
a kind page), coordinators share links and posters, volunteers make single-use assisted links."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from participation.extensions import db
from participation.models import AssistedLink, AuditRecord, Response, ResponseStatus
from tests.workspace.responses import survey_of

LINK = re.compile(r"https?://[^\s<\"]+/s/test-children/assisted/[A-Za-z0-9_-]+")


def survey_id(app, inspection: int, key: str) -> int:
    with app.app_context():
        return survey_of(inspection, key).id


def close_survey(client, inspection: int, survey: int):
    return client.post(
        f"/inspections/{inspection}/surveys/{survey}/close", csrf_from=f"/inspections/{inspection}/surveys/"
    )


def test_closing_a_survey_turns_every_respondent_page_into_a_kind_closed_page(
    app, inspection, signed_in, respondent
):
    children = survey_id(app, inspection, "children")
    someone = respondent("test-children")
    assert someone.begin().status == 302
    first_question = someone.get("/s/test-children/q/1")
    token = first_question.csrf()

    client, _staff = signed_in("inspector")
    page = close_survey(client, inspection, children)
    assert page.status == 302
    listing = client.follow(page)
    assert "Open the Children and young people's survey" in listing.text

    for path in (
        "/s/test-children",
        "/s/test-children/q/1",
        "/s/test-children/check",
        "/s/test-children/done",
    ):
        closed = someone.get(path)
        assert closed.status == 410, path
        assert "This survey has closed" in closed.text
        assert "Childline" in closed.text and "0800 1111" in closed.text
    # An answer posted to the closed survey is refused, kindly, and nothing is saved.
    posted = someone.post("/s/test-children/q/1", {"csrf_token": token, "answer": "yes"})
    assert posted.status == 410 and "This survey has closed" in posted.text
    # So is one whose form token has expired meanwhile.
    stale = someone.post("/s/test-children/q/1", {"csrf_token": "stale", "answer": "yes"})
    assert stale.status == 410
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Response)) == 1
        assert (
            db.session.scalar(select(AuditRecord.action).order_by(AuditRecord.id.desc())) == "survey_closed"
        )

    reopened = client.post(
        f"/inspections/{inspection}/surveys/{children}/open", csrf_from=f"/inspections/{inspection}/surveys/"
    )
    assert reopened.status == 302
    assert someone.get("/s/test-children").status == 200


def test_a_coordinator_gets_each_surveys_link_and_an_a4_poster_but_cannot_close_one(
    app, inspection, signed_in
):
    client, _staff = signed_in("coordinator")
    listing = client.get(f"/inspections/{inspection}/surveys/")
    links = [node.get_text(strip=True) for node in listing.soup.select(".app-survey-link")]
    assert links == [f"http://localhost/s/test-{key}" for key in ("children", "parents", "staff")]
    assert not listing.soup.select(f"form[action$='/surveys/{survey_id(app, inspection, 'children')}/close']")

    poster = client.get(f"/inspections/{inspection}/surveys/{survey_id(app, inspection, 'parents')}/poster")
    assert poster.status == 200
    assert poster.h1 == "Parents and carers' survey" or poster.h1.startswith("Parents")
    qr = poster.soup.select_one(".app-poster svg")
    assert qr is not None and qr["role"] == "img" and qr.title.get_text()
    assert "http://localhost/s/test-parents" in poster.text
    assert "Childline" in poster.text


def start_assisted(respondent, link: str):
    """Open an assisted link on a fresh device and press Start; return the device, the answer, and
    the start form's token (to post again later)."""
    path = link.removeprefix("http://localhost")
    device = respondent("test-children")
    start = device.get(path)
    assert start.status == 200
    assert "Someone is here to help you answer" in start.text
    return device, device.post(path, {"csrf_token": start.csrf()}), start.csrf()


def test_a_volunteers_assisted_link_starts_one_assisted_response_and_works_once(
    app, inspection, signed_in, respondent
):
    children = survey_id(app, inspection, "children")
    client, _staff = signed_in("volunteer")
    listing = client.get(f"/inspections/{inspection}/surveys/")
    # A volunteer sees no links to share, no posters, no counts.
    assert not listing.soup.select(".app-survey-link")
    made = client.post(
        f"/inspections/{inspection}/surveys/{children}/assisted-link",
        csrf_from=f"/inspections/{inspection}/surveys/",
    )
    assert made.status == 200
    link = LINK.search(made.text).group(0)
    token = link.rsplit("/", 1)[1]

    # A second device opens the link too, while it is still unused.
    path = link.removeprefix("http://localhost")
    second = respondent("test-children")
    second_form = second.get(path).csrf()

    _device, started, _token = start_assisted(respondent, link)
    assert started.status == 302 and started.location.endswith("/s/test-children/about")
    with app.app_context():
        [response] = db.session.scalars(select(Response)).all()
        assert response.assisted is True and response.status == ResponseStatus.IN_PROGRESS
        stored = db.session.scalar(select(AssistedLink))
        assert stored.used and token not in stored.token_hash
        audit = db.session.scalars(
            select(AuditRecord).where(AuditRecord.action == "assisted_link_made")
        ).all()
        # The audit says a link was made for the survey, never which response it started.
        assert [record.detail for record in audit] == [f"survey {children} (children)"]

    # The same link again, on another device: refused kindly, and no second response.
    other = respondent("test-children")
    again = other.get(link.removeprefix("http://localhost"))
    assert again.status == 410
    assert "already been used" in again.text
    # The second device's Start, from when the link was unused, is refused the same way.
    late = second.post(path, {"csrf_token": second_form})
    assert late.status == 410 and "already been used" in late.text
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Response)) == 1


def test_an_expired_assisted_link_starts_nothing(app, inspection, signed_in, respondent):
    children = survey_id(app, inspection, "children")
    client, _staff = signed_in("inspector")
    made = client.post(
        f"/inspections/{inspection}/surveys/{children}/assisted-link",
        csrf_from=f"/inspections/{inspection}/surveys/",
    )
    link = LINK.search(made.text).group(0)
    with app.app_context():
        stored = db.session.scalar(select(AssistedLink))
        stored.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        db.session.commit()
    expired = respondent("test-children").get(link.removeprefix("http://localhost"))
    assert expired.status == 410 and "already been used" in expired.text
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Response)) == 0
