"""Hostile input on the workspace's forms, as on the respondent's: never a 500, never markup
rendered as markup, and every page still a well-formed page with an error summary on a refusal."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from participation.extensions import db
from participation.models import Survey
from tests.test_hostile_input import FIELD_VALUE, HOSTILE_TEXT
from tests.workspace.client import WORKSPACE
from tests.workspace.test_access_matrix import requests_to_make

EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RAW_MARKUP = re.compile(r"<script>alert|<img src=x|<svg/onload", re.IGNORECASE)
# Fields the workspace's forms read, and some they never ask for.
FIELDS = st.sampled_from([
    "email", "password", "code", "name", "role", "partnership", "local_authority", "notified_on",
    "phase_one_on", "phase_two_on", "report_on", "children", "parents", "staff_social_work",
    "inspection_id", "new_password", "confirm_password", "csrf_token", "x",
    "grade", "rationale", "draft_key", "action", "text",
    "told_us", "examples", "will_do", "questions", "revision",
])


def assert_safe(response) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:400]
    assert not RAW_MARKUP.search(body)


@EXAMPLES
@given(email=HOSTILE_TEXT, password=HOSTILE_TEXT, address=st.integers(1, 250))
def test_any_sign_in_is_refused_kindly(app, workspace, email, password, address):
    client = workspace(f"198.51.100.{address}")
    token = client.get("/sign-in").csrf()
    response = client.client.post(f"{WORKSPACE}/sign-in",
                                  data={"csrf_token": token, "email": email, "password": password})
    assert_safe(response)
    assert response.status_code in (400, 413, 429)


@EXAMPLES
@given(fields=st.dictionaries(FIELDS, FIELD_VALUE, max_size=6), data=st.data())
def test_any_fields_on_any_inspectors_form_never_break_a_page(app, signed_in, inspection, fields, data):
    client, _staff = signed_in("inspector")
    with app.app_context():
        survey_id = db.session.scalar(select(Survey.id).where(Survey.inspection_id == inspection))
    values = {"inspection_id": inspection, "survey_id": survey_id, "user_id": 1, "membership_id": 1,
              "entry_id": 1, "response_id": 1, "answer_id": 1,
              "filename": "x", ("users.set_admin", "change"): "grant",
              ("users.set_active", "change"): "deactivate"}
    forms = [(endpoint, path) for endpoint, method, path in requests_to_make(app, values)
             if method == "POST" and endpoint != "auth.sign_out_now"]
    _endpoint, path = data.draw(st.sampled_from(forms), label="form")
    form = dict(fields)
    form.setdefault("csrf_token", client.get("/account").csrf())
    response = client.client.post(path, data=form)
    assert_safe(response)
