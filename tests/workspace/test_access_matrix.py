"""Every workspace endpoint, from the URL map, against anonymous, each role and a member of another
inspection: each cell allows or refuses exactly as this table says. A new endpoint fails the test
until it is added here."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from participation.extensions import db
from participation.models import Membership, Survey
from tests.workspace.client import WORKSPACE
from tests.workspace.flagged import child_types_disclosure

ANONYMOUS, ADMIN, INSPECTOR, COORDINATOR, VOLUNTEER, OUTSIDER = (
    "anonymous",
    "admin",
    "inspector",
    "coordinator",
    "volunteer",
    "inspector of another inspection",
)
EVERYONE = frozenset({ANONYMOUS, ADMIN, INSPECTOR, COORDINATOR, VOLUNTEER, OUTSIDER})
SIGNED_IN = EVERYONE - {ANONYMOUS}
MEMBERS = frozenset({INSPECTOR, COORDINATOR, VOLUNTEER})
ADMINS = frozenset({ADMIN})
# Admins, and anyone who is an inspector of some inspection (pages about every inspection).
INSPECTORS_ANYWHERE = frozenset({ADMIN, INSPECTOR, OUTSIDER})
# Steps of signing in: reachable only after a correct password, so by none of the above.
MID_SIGN_IN = frozenset()

EXPECTED = {
    "static": EVERYONE,
    "auth.sign_in": EVERYONE,
    "auth.two_factor": MID_SIGN_IN,
    "auth.recovery_code": MID_SIGN_IN,
    "auth.set_up_two_factor": MID_SIGN_IN,
    "auth.choose_password": MID_SIGN_IN,
    "auth.account": SIGNED_IN,
    "auth.change_password": SIGNED_IN,
    "auth.replace_recovery_codes": SIGNED_IN,
    "auth.sign_out_now": SIGNED_IN,
    "home.index": SIGNED_IN,
    "inspections.overview": MEMBERS,
    "inspections.index": ADMINS,
    "inspections.new": ADMINS,
    "inspections.edit": frozenset({INSPECTOR}),
    "inspections.expected": frozenset({INSPECTOR, COORDINATOR}),
    "surveys.index": MEMBERS,
    "surveys.open": frozenset({INSPECTOR}),
    "surveys.close": frozenset({INSPECTOR}),
    "surveys.poster": frozenset({INSPECTOR, COORDINATOR}),
    "surveys.assisted_link": frozenset({INSPECTOR, VOLUNTEER}),
    "dashboard.responses": frozenset({INSPECTOR, COORDINATOR}),
    "safeguarding.queue": frozenset({INSPECTOR}),
    "safeguarding.entry": frozenset({INSPECTOR}),
    "safeguarding.response": frozenset({INSPECTOR}),
    "safeguarding.mark": frozenset({INSPECTOR}),
    "findings.index": frozenset({INSPECTOR}),
    "findings.question": frozenset({INSPECTOR}),
    "questions.aims": frozenset({INSPECTOR}),
    "questions.involvement": frozenset({INSPECTOR}),
    "questions.leadership": frozenset({INSPECTOR}),
    "evaluation.indicator": frozenset({INSPECTOR}),
    "evaluation.drafts": frozenset({INSPECTOR}),
    "evaluation.decide": frozenset({INSPECTOR}),
    "report.show": frozenset({INSPECTOR}),
    "report.pdf": frozenset({INSPECTOR}),
    "benchmark.national": frozenset({INSPECTOR}),
    "benchmark.earlier": frozenset({INSPECTOR}),
    "told_us.index": frozenset({INSPECTOR}),
    "told_us.edit": frozenset({INSPECTOR}),
    "told_us.preview": frozenset({INSPECTOR}),
    "told_us.approve": frozenset({INSPECTOR}),
    "told_us.publish": frozenset({INSPECTOR}),
    "told_us.withdraw": frozenset({INSPECTOR}),
    "answers.index": frozenset({INSPECTOR}),
    "answers.correct": frozenset({INSPECTOR}),
    "agreement.index": frozenset({INSPECTOR}),
    "agreement.draw_sample": frozenset({INSPECTOR}),
    "agreement.label": frozenset({INSPECTOR}),
    "agreement.download": frozenset({INSPECTOR}),
    "users.index": ADMINS,
    "users.new": ADMINS,
    "users.show": ADMINS,
    "users.add_membership": ADMINS,
    "users.remove_membership": ADMINS,
    "users.reset_password": ADMINS,
    "users.reset_two_factor": ADMINS,
    "users.set_admin": ADMINS,
    "users.set_active": ADMINS,
    "audit.index": ADMINS,
    "exports.index": frozenset({INSPECTOR}),
    "exports.figures_csv": frozenset({INSPECTOR}),
    "exports.answers_csv": frozenset({INSPECTOR}),
    "exports.start_workbook": frozenset({INSPECTOR}),
    "exports.progress": frozenset({INSPECTOR}),
    "exports.download": frozenset({INSPECTOR}),
    "exports.national": INSPECTORS_ANYWHERE,
    "exports.national_figures_csv": INSPECTORS_ANYWHERE,
    "exports.national_start_workbook": INSPECTORS_ANYWHERE,
    "exports.national_progress": INSPECTORS_ANYWHERE,
    "exports.national_download": INSPECTORS_ANYWHERE,
}


def workspace_app(app: Flask) -> Flask:
    return app.extensions["workspace_app"]


# URL values no caller needs to choose: a "what you told us" page's age band and language, an
# export's survey and spreadsheet job, a findings question's survey and key.
DEFAULT_VALUES = {"band": "8-11", "language": "en", "survey_key": "children", "job_id": 1,
                  "question_key": "feel_safe"}


def requests_to_make(app: Flask, values: dict) -> list[tuple[str, str, str]]:
    """Return (endpoint, method, path) for every rule and method; signing out comes last."""
    values = {**DEFAULT_VALUES, **values}
    workspace = workspace_app(app)
    adapter = workspace.url_map.bind("localhost")
    made = []
    for rule in workspace.url_map.iter_rules():
        path = WORKSPACE + adapter.build(
            rule.endpoint,
            {
                name: values[(rule.endpoint, name)] if (rule.endpoint, name) in values else values[name]
                for name in rule.arguments
            },
        )
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            made.append((rule.endpoint, method, path))
    return sorted(made, key=lambda item: item[0] == "auth.sign_out_now")


def outcome(client, endpoint: str, page) -> str:
    """Say whether a request was let through ('allowed') or turned away ('refused')."""
    if endpoint == "auth.sign_out_now" and page.status == 302:
        # Signing out sends to the sign-in page too: allowed if it says the user signed out.
        return "allowed" if "You have signed out" in client.follow(page).text else "refused"
    if page.status >= 500:
        return "broken"  # neither: a page that fails is never counted as letting someone in
    if page.status == 403:
        return "refused"
    if page.status == 302 and page.location.split("?")[0] == f"{WORKSPACE}/sign-in":
        return "refused"
    return "allowed"


def test_every_endpoint_allows_and_refuses_each_role_as_intended(
    app, workspace, make_staff, inspection, other_inspection, respondent
):
    assert set(EXPECTED) == {rule.endpoint for rule in workspace_app(app).url_map.iter_rules()}

    # The admin pages act on a user who is none of the people making requests.
    target = make_staff("coordinator", inspection, email="target@example.org")
    with app.app_context():
        target_membership = db.session.query(Membership).filter_by(user_id=target.id).one().id
    with app.app_context():
        survey_id = db.session.scalar(select(Survey.id).where(Survey.inspection_id == inspection))
    entry = child_types_disclosure(app, respondent)
    values = {
        "entry_id": entry.id,
        "response_id": entry.response_id,
        "answer_id": entry.answer_id,
        "inspection_id": inspection,
        "survey_id": survey_id,
        "user_id": target.id,
        "membership_id": target_membership,
        "filename": "govuk/workspace.css",
        ("users.set_admin", "change"): "grant",
        ("users.set_active", "change"): "deactivate",
    }
    people = {
        ADMIN: make_staff("admin"),
        INSPECTOR: make_staff("inspector", inspection),
        COORDINATOR: make_staff("coordinator", inspection),
        VOLUNTEER: make_staff("volunteer", inspection),
        OUTSIDER: make_staff("inspector", other_inspection),
    }

    wrong = []
    for who in sorted(EVERYONE):
        client = workspace()
        if who == ANONYMOUS:
            token = client.get("/sign-in").csrf()
        else:
            client.sign_in(people[who])
            token = client.get("/account").csrf()
        for endpoint, method, path in requests_to_make(app, values):
            if method == "GET":
                page = client.get(path.removeprefix(WORKSPACE))
            else:
                page = client.post(path.removeprefix(WORKSPACE), {"csrf_token": token})
            expected = "allowed" if who in EXPECTED[endpoint] else "refused"
            if outcome(client, endpoint, page) != expected:
                wrong.append(
                    f"{who} {method} {path}: {page.status} {page.location or ''}, expected {expected}"
                )
    assert not wrong, "\n".join(wrong)
