"""Hostile input on every public form: never a 500, nothing rendered unescaped, nothing saved lost.

Hypothesis writes the input: arbitrary unicode (NUL and bidi controls included), very long strings,
wrong types, forged tokens, choices and question numbers, odd language codes, path tricks, markup
and SQL metacharacters. Each example runs against a respondent who has already saved an answer,
and that answer must be there, unchanged, afterwards.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from participation.extensions import db, limiter
from participation.models import Answer, AnswerStatus
from tests.conftest import Respondent, check_page

EXAMPLES = settings(
    # Fewer on PostgreSQL, where the same examples run a second time in the suite.
    max_examples=10 if os.environ.get("TEST_DATABASE_URL") else 20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Markup that must never come back as markup: each is unique enough to search the page for.
MARKUP = st.sampled_from([
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }}{% raw %}",
    "' OR 1=1; DROP TABLE answer; --",
    "\u202etxt.exe\u202c",
    "\x00\x01\x1b[31m",
])
HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=50), MARKUP, st.text(max_size=50)),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=3000, max_size=6000),
    st.just("a" * 70_000),  # over the request size limit
)
FIELD_VALUE = st.one_of(HOSTILE_TEXT, st.integers().map(str), st.just(""), st.lists(st.text(max_size=20)))
# Our payloads' own markup, as it would read if it were rendered unescaped.
RAW_MARKUP = re.compile(r"<script>alert|<img src=x|<svg/onload", re.IGNORECASE)
KEPT = "My worker listens to me"


def kept_answer(person: Respondent) -> None:
    """Save a free-text answer that no later hostile post may lose."""
    assert person.answer(free_text_number(person), answer=KEPT).status == 302


def free_text_numbers(person: Respondent) -> list[int]:
    survey = person.client.application.extensions["survey_definitions"]["parents"]
    return [n for n, q in enumerate(survey.questions, start=1) if q.type == "free_text"]


def free_text_number(person: Respondent) -> int:
    return free_text_numbers(person)[0]


def assert_kept(app) -> None:
    with app.app_context():
        texts = db.session.scalars(select(Answer.text).where(Answer.status == AnswerStatus.ANSWERED)).all()
        assert KEPT in texts


def assert_safe(response) -> None:
    """No 500, no markup echoed as markup, and the page is still a well-formed page."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:500]
    if response.headers.get("Content-Type", "").startswith("text/html"):
        assert not RAW_MARKUP.search(body), RAW_MARKUP.search(body)
        check_page(response.status_code, response.headers, body)


@pytest.fixture
def parent(app, surveys, respondent):
    def make() -> Respondent:
        limiter.reset()
        person = respondent(surveys["parents"])
        person.begin()
        kept_answer(person)
        return person

    return make


@EXAMPLES
@given(text=HOSTILE_TEXT, prefer=st.sampled_from(["", "y", "on", "0", "<b>"]))
def test_any_free_text_is_stored_escaped_or_refused(app, parent, text, prefer):
    person = parent()
    number = free_text_numbers(person)[-1]  # not the one holding the kept answer
    csrf = person.get(f"{person.base}/q/{number}").csrf()
    data = {"csrf_token": csrf, "answer": text}
    if prefer:
        data["prefer_not_to_say"] = prefer
    assert_safe(person.client.post(f"{person.base}/q/{number}", data=data))
    assert_safe(person.client.get(f"{person.base}/q/{number}"))
    assert_safe(person.client.get(f"{person.base}/check"))
    assert_kept(app)


@EXAMPLES
@given(fields=st.dictionaries(st.sampled_from(["answer", "prefer_not_to_say", "website", "question",
                                               "code", "submit_key", "start_key", "csrf_token", "x"]),
                              FIELD_VALUE, max_size=5),
       form=st.sampled_from(["begin", "about", "q/1", "q/2", "save", "resume", "submit"]),
       token=st.sampled_from(["valid", "missing", "forged"]))
def test_any_fields_on_any_form_never_break_the_page_or_lose_an_answer(app, parent, fields, form, token):
    person = parent()
    data = dict(fields)
    if token == "valid":  # the session's token, read off a page that has a form
        data["csrf_token"] = person.get(f"{person.base}/q/1").csrf()
    elif token == "missing":
        data.pop("csrf_token", None)
    else:
        data["csrf_token"] = "IjEyMzQ1Ig.forged.signature"
    assert_safe(person.client.post(f"{person.base}/{form}", data=data))
    assert_kept(app)


@EXAMPLES
@given(segment=st.one_of(
    st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s and s not in (".", "..")),
    st.sampled_from(["..%2f..%2fetc%2fpasswd", "%00", "q/%00", "q/1%0a", "q/1;drop", "q/99999999999999",
                     "q/-1", "q/1.5", "q/١", "%2e%2e/%2e%2e", "save?q=%0d%0aSet-Cookie:x=1",
                     "resume?lang=../../etc", "?lang=\u202ear"]),
))
def test_path_tricks_get_a_page_not_a_failure(app, parent, segment):
    person = parent()
    response = person.client.get(f"{person.base}/{segment}")
    assert_safe(response)
    assert "Set-Cookie: x" not in str(response.headers)
    assert_kept(app)


@EXAMPLES
@given(lang=st.one_of(st.text(max_size=30), st.sampled_from(["en", "gd", "ar", "EN", "en-GB", "../en"])))
def test_odd_language_codes_fall_back_to_a_real_language(app, parent, lang):
    person = parent()
    response = person.client.get(f"{person.base}/q/1", query_string={"lang": lang})
    assert_safe(response)
    match = re.search(r'<html lang="([^"]*)" dir="(ltr|rtl)"', response.get_data(as_text=True))
    assert match and match.group(1) in app.config["AVAILABLE_LANGUAGES"]
    assert_kept(app)


@EXAMPLES
@given(code=st.one_of(HOSTILE_TEXT, st.from_regex(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", fullmatch=True)))
def test_forged_and_replayed_resume_codes_are_refused_kindly(app, parent, code):
    person = parent()
    other = Respondent(app.test_client(), person.token)
    csrf = other.get(f"{other.base}/resume").csrf()
    response = other.client.post(f"{other.base}/resume", data={"csrf_token": csrf, "code": code})
    assert_safe(response)
    assert response.status_code in (400, 413, 429)
    assert_kept(app)
