"""Safety and privacy on every respondent page: quick exit, help, neutral titles, headers."""

from __future__ import annotations

import re

from sqlalchemy import select

from participation.extensions import db
from participation.models import Response
from tests.journeys import definition


def test_every_respondent_page_has_the_quick_exit_and_help(app, surveys, respondent):
    child = respondent(surveys["children"])
    pages = [child.base]
    child.begin()
    child.about("8-11")
    pages += [f"{child.base}/{path}" for path in ("about", "q/1", "check", "resume")] + ["/help"]
    for path in pages:
        page = child.get(path)
        assert page.status == 200, path
        assert "govuk-exit-this-page" in page.html, path
        assert 'href="/leave"' in page.html, path
        assert 'href="/help"' in page.html, path


def test_the_quick_exit_ends_the_session_on_the_server(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    parent.answer(1, answer="prefer_not_to_say")
    leave = parent.get("/leave")
    assert leave.status == 303
    assert leave.location == app.config["QUICK_EXIT_URL"]
    # Going back shows nothing: the question and check pages need a session that is gone.
    assert parent.get(f"{parent.base}/check").status == 302
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert response.session_key_hash is None
        assert response.status == "in_progress"  # what was saved is kept, not thrown away


def test_page_titles_and_addresses_never_show_the_question(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("12-17")
    survey = definition(app, "children")
    for number, question in enumerate(survey.questions, start=1):
        page = child.get(f"{child.base}/q/{number}")
        title = re.search(r"<title>(.*?)</title>", page.text, re.S).group(1)
        assert question.wording("12-17").text not in title
        assert title.startswith(f"Question {number} of {len(survey.questions)}")
        assert question.key not in f"{child.base}/q/{number}"


def test_nothing_typed_is_shown_after_the_session_ends(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    questions = definition(app, "parents").questions
    number = next(i for i, q in enumerate(questions, start=1) if q.type == "free_text")
    parent.answer(number, answer="a private sentence")
    assert "a private sentence" in parent.get(f"{parent.base}/q/{number}").html
    parent.get("/leave")
    for path in (f"{parent.base}/q/{number}", f"{parent.base}/check", parent.base):
        page = parent.get(path)
        assert "a private sentence" not in page.html


def test_the_help_page_gives_the_numbers_and_says_answers_wait(respondent):
    page = respondent("").get("/help")
    for words in ("0800 1111", "Parentline Scotland", "999", "101", "straight away"):
        assert words in page.html


def test_security_headers_are_on_every_page(surveys, respondent):
    person = respondent(surveys["parents"])
    for path in ("/", person.base, "/help", "/healthz", "/s/unknown"):
        response = person.client.get(path)
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self' 'nonce-" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"


def test_the_only_inline_script_carries_this_requests_nonce(surveys, respondent):
    response = respondent("").client.get(f"/s/{surveys['children']}")
    html = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [f' nonce="{nonce}"']
    assert "style=" not in html


def test_respondent_pages_load_nothing_from_another_host(surveys, respondent):
    html = respondent("").get(f"/s/{surveys['children']}").html
    for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not attribute.startswith(("http:", "https:", "//")), attribute


def test_production_sets_hsts_and_secure_cookies(production_app):
    assert production_app.config["SESSION_COOKIE_SECURE"] is True
    response = production_app.test_client().get("/help", base_url="https://survey.example.scot")
    assert response.status_code == 200
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_production_refuses_a_weak_secret(monkeypatch):
    import pytest

    from participation.config import ConfigError, ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        ProductionConfig()


def test_a_response_stores_no_address_agent_or_time_of_day(app):
    columns = {column.name: column for column in Response.__table__.columns}
    for name in columns:
        assert not any(word in name for word in ("ip", "agent", "address", "email", "name"))
    for name in ("started_on", "submitted_on", "resume_expires_on"):
        assert columns[name].type.python_type.__name__ == "date"
