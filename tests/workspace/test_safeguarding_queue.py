"""The safeguarding queue: a disclosure is there the moment it is saved, an inspector triages it
with every step in the audit, and nobody else ever sees an entry, its words or the count."""

from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.models import AuditRecord, Response, User
from tests.journeys import question_number
from tests.stored import stored_entries
from tests.workspace.client import WORKSPACE
from tests.workspace.flagged import DISCLOSURE, child_types_disclosure
from tests.workspace.test_access_matrix import requests_to_make


def audit(app) -> list[tuple[str, str | None, str | None]]:
    with app.app_context():
        return [
            (r.action, r.subject, r.detail)
            for r in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))
        ]


def banner(page) -> str:
    found = page.soup.select_one(".govuk-notification-banner")
    return " ".join(found.get_text().split()) if found else ""


def test_an_unsent_disclosure_is_queued_at_once_and_each_triage_step_is_audited(app, respondent, signed_in):
    entry = child_types_disclosure(app, respondent)
    client, inspector = signed_in("inspector")

    home = client.get("/")
    assert "1 safeguarding entry to triage: Test inspection" in banner(home)

    queue = client.get(f"/inspections/{entry.inspection_id}/safeguarding/")
    [row] = queue.soup.select("tbody tr")
    assert "Possible disclosure" in row.get_text() and "New" in row.get_text()
    assert DISCLOSURE not in queue.text, "the list shows no answer's words"

    path = f"/inspections/{entry.inspection_id}/safeguarding/{entry.id}"
    page = client.get(path)
    assert page.soup.select_one(".app-answer-text").get_text() == DISCLOSURE
    assert "copy made when the answer was flagged" in page.text
    summary = {
        " ".join(row.dt.get_text().split()): " ".join(row.dd.get_text().split())
        for row in page.soup.select(".govuk-summary-list__row")
    }
    assert summary["Age band or group"] == "12-17"
    assert summary["Why it was flagged"] == "Possible disclosure"
    assert summary["Response"] == "Read the whole response"
    assert page.soup.find("a", string="Read the whole response")["href"].endswith(
        f"/safeguarding/responses/{entry.response_id}"
    )

    refused = client.post(path, {"kind": "passed_to_lead_officer", "passed_on": "2026-12-05"})
    assert refused.status == 400
    assert refused.errors() == ["Say who it was passed to"]
    too_long = client.post(path, {"kind": "note", "note": "x", "reference": "r" * 101})
    assert too_long.errors() == ["Write the reference in 100 characters or fewer"]
    ahead = client.post(path, {"kind": "passed_to_lead_officer", "passed_on": "2999-01-01", "passed_to": "A"})
    assert ahead.errors() == ["The date passed to the lead officer must not be in the future"]
    assert client.post(path, {"kind": "passed_to_lead_officer", "passed_on": "5th"}).errors() == [
        "Enter the date it was passed to the lead officer as a real date"
    ]

    passed = client.post(
        path,
        {
            "kind": "passed_to_lead_officer",
            "passed_on": "2026-12-05",
            "passed_to": "A. Officer, lead officer",
            "reference": "REF-42",
        },
    )
    assert passed.status == 302
    page = client.follow(passed)
    assert "Passed to A. Officer, lead officer on 5 December 2026, reference REF-42" in page.text
    assert page.soup.select_one(".govuk-tag").get_text().strip() == "Passed to lead officer"
    page = client.follow(client.post(path, {"kind": "closed", "note": "Lead officer confirmed receipt"}))
    assert page.soup.select_one(".govuk-tag").get_text().strip() == "Closed"
    assert banner(client.get("/")) == "", "nothing is left to triage"

    [stored] = stored_entries(app)
    assert [d.kind for d in stored.decisions] == ["passed_to_lead_officer", "closed"]
    assert [d.decided_by for d in stored.decisions] == [str(inspector.id)] * 2
    steps = [
        (action, detail)
        for action, subject, detail in audit(app)
        if subject == f"safeguarding entry {entry.id}"
    ]
    assert steps[0] == ("answer_viewed", f"answer {entry.answer_id}"), "reading it was recorded first"
    decisions = [detail.split(",")[0] for action, detail in steps if action == "safeguarding_decision"]
    assert decisions == ["passed_to_lead_officer", "closed"]
    assert steps[-1][0] == "answer_viewed"
    assert all(DISCLOSURE not in (detail or "") for _, detail in steps)


def test_an_inspector_marks_what_the_analysis_missed_on_the_whole_response(
    app, respondent, signed_in, inspection
):
    child = respondent("test-children")
    child.begin()
    child.about("12-17")
    child.answer(
        question_number(app, "children", "what_should_change"), answer="my uncle visits a lot at night"
    )
    assert stored_entries(app) == [], "the analysis did not flag it"
    with app.app_context():
        response_id = db.session.scalar(select(Response.id))
    client, _ = signed_in("inspector")

    path = f"/inspections/{inspection}/safeguarding/responses/{response_id}"
    page = client.get(path)
    assert "my uncle visits a lot at night" in page.text
    [button] = page.soup.select(".app-answer form button")
    assert button.get_text().strip() == "This may be a disclosure"
    marked = client.post(
        page.soup.select_one(".app-answer form")["action"].removeprefix(WORKSPACE), csrf_from=path
    )
    assert marked.status == 302

    [entry] = stored_entries(app)
    assert (entry.reason, entry.analysis_missed, entry.text) == (
        "marked_by_inspector",
        True,
        "my uncle visits a lot at night",
    )
    actions = [(action, subject) for action, subject, _ in audit(app) if action != "signed_in"]
    assert ("answer_viewed", f"response {response_id}") in actions
    assert ("safeguarding_decision", f"safeguarding entry {entry.id}") in actions
    page = client.follow(marked)
    summary = {
        " ".join(row.dt.get_text().split()): " ".join(row.dd.get_text().split())
        for row in page.soup.select(".govuk-summary-list__row")
    }
    assert summary["Why it was flagged"] == "Marked by an inspector"
    assert summary["The analysis had missed it"] == "Yes"


def test_the_queue_shows_one_state_at_a_time(app, respondent, signed_in):
    first = child_types_disclosure(app, respondent)
    second = child_types_disclosure(app, respondent, text="she hurts me and I am scared")
    client, _ = signed_in("inspector")
    base = f"/inspections/{first.inspection_id}/safeguarding/"
    client.post(
        f"{base}{first.id}", {"kind": "not_a_concern", "reason": "A story the child was asked to write"}
    )

    newest_first = [a.get_text() for a in client.get(base).soup.select("tbody a")]
    assert newest_first == [f"Entry {second.id}", f"Entry {first.id}"]
    assert [a.get_text() for a in client.get(f"{base}?state=new").soup.select("tbody a")] == [
        f"Entry {second.id}"
    ]
    assert [a.get_text() for a in client.get(f"{base}?state=not_a_concern").soup.select("tbody a")] == [
        f"Entry {first.id}"
    ]


def test_nobody_but_the_inspections_inspectors_sees_an_entry_its_words_or_the_count(
    app, respondent, workspace, make_staff, inspection, other_inspection
):
    entry = child_types_disclosure(app, respondent)
    values = {
        "entry_id": entry.id,
        "response_id": entry.response_id,
        "answer_id": entry.answer_id,
        "inspection_id": inspection,
        "survey_id": entry.survey_id,
        "user_id": 1,
        "membership_id": 1,
        "filename": "govuk/workspace.css",
        ("users.set_admin", "change"): "grant",
        ("users.set_active", "change"): "deactivate",
    }
    pages = [
        path
        for endpoint, method, path in requests_to_make(app, values)
        if method == "GET" and endpoint != "static"
    ]
    for staff in (
        make_staff("coordinator", inspection),
        make_staff("volunteer", inspection),
        make_staff("inspector", other_inspection),
    ):
        client = workspace()
        client.sign_in(staff)
        for path in pages:
            page = client.get(path.removeprefix(WORKSPACE))
            assert page.status in (200, 302, 403, 404), (staff.role, path, page.status)
            assert DISCLOSURE not in page.text, (staff.role, path)
            assert "to triage" not in page.text, (staff.role, path)
            assert "/safeguarding/" not in page.text, (staff.role, path)


def test_an_admin_sees_counts_across_inspections_never_the_words(
    app, respondent, workspace, make_staff, inspection, other_inspection
):
    child_types_disclosure(app, respondent)
    child_types_disclosure(app, respondent, token="other-children")
    child_types_disclosure(app, respondent, token="other-children", text="she hurts me and I am scared")
    client = workspace()
    client.sign_in(make_staff("admin"))
    for path in ("/", "/inspections/", "/audit/", "/users/"):
        page = client.get(path)
        assert banner(page) == (
            "Safeguarding 2 safeguarding entries to triage: Other inspection "
            "1 safeguarding entry to triage: Test inspection"
        ), (path, page.status, page.location)
        assert not page.soup.select(".govuk-notification-banner a"), "no way to the words"
        assert DISCLOSURE not in page.text


def test_a_closed_answer_of_concern_shows_the_option_as_the_child_saw_it(
    app, respondent, signed_in, inspection
):
    child = respondent("test-children")
    child.begin()
    child.about("8-11")
    child.answer(question_number(app, "children", "feel_safe"), answer="never")
    [entry] = stored_entries(app)
    client, _ = signed_in("inspector")

    page = client.get(f"/inspections/{inspection}/safeguarding/{entry.id}")
    summary = {
        " ".join(row.dt.get_text().split()): " ".join(row.dd.get_text().split())
        for row in page.soup.select(".govuk-summary-list__row")
    }
    assert summary["Why it was flagged"] == "An answer the survey marks of concern"
    assert summary["Age band or group"] == "8-11"
    assert page.soup.select_one(".govuk-inset-text").get_text() == "Chosen: Never", "its words, not its key"

    whole = client.get(f"/inspections/{inspection}/safeguarding/responses/{entry.response_id}")
    assert "Never" in [p.get_text() for p in whole.soup.select(".app-answer p")]
    assert ("answer_viewed", f"response {entry.response_id}", f"answer {entry.answer_id}") in audit(app)


def test_an_answer_a_person_must_read_waits_in_the_queue_as_needing_translation(app, respondent, signed_in):
    entry = child_types_disclosure(
        app, respondent, text="Pracownik socjalny był bardzo miły i zawsze nas słuchał"
    )
    client, _ = signed_in("inspector")
    assert "1 safeguarding entry to triage" in banner(client.get("/"))

    base = f"/inspections/{entry.inspection_id}/safeguarding/"
    [row] = client.get(f"{base}?state=needs_translation").soup.select("tbody tr")
    assert "Needs a person to read: not in English" in row.get_text()
    assert row.select_one(".govuk-tag").get_text().strip() == "Needs translation"
    assert client.get(f"{base}?state=new").soup.select("tbody tr") == []


def test_an_admin_who_inspects_one_inspection_has_a_link_to_that_queue_only(
    app, respondent, workspace, make_staff, inspection, other_inspection
):
    child_types_disclosure(app, respondent)
    child_types_disclosure(app, respondent, token="other-children")
    staff = make_staff("inspector", inspection)
    with app.app_context():
        db.session.get(User, staff.id).is_admin = True
        db.session.commit()
    client = workspace()
    client.sign_in(staff)
    links = [a["href"] for a in client.get("/").soup.select(".govuk-notification-banner a")]
    assert links == [f"{WORKSPACE}/inspections/{inspection}/safeguarding/"]
    assert "Other inspection" in banner(client.get("/"))
