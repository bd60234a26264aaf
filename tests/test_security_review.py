"""The findings of the security review of the respondent side, each tried as an attacker would."""

from __future__ import annotations

import io
import logging
import os
import re
import stat
import threading
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from participation.extensions import db, limiter
from participation.models import Answer, Response, ResponseStatus
from tests.conftest import PRODUCTION_HOST, SUBMIT_KEY, Page, Respondent
from tests.journeys import answer_everything, definition

HTTPS = f"https://{PRODUCTION_HOST}"
CODE = re.compile(r'id="resume-code">([0-9A-Z-]+)<')


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# 1.1 Over HTTPS every form POST was refused (no Referer is ever sent).


def test_the_whole_journey_works_over_https_with_the_production_configuration(production_app, surveys):
    client = production_app.test_client()
    client.environ_base["HTTP_HOST"] = PRODUCTION_HOST
    person = HttpsRespondent(client, surveys["parents"])
    begun = person.begin()
    assert begun.status == 302, begun.html
    answer_everything(person, definition(production_app, "parents"), "all")
    sent = person.submit()
    assert sent.status == 302 and sent.location.endswith("/done"), sent.html
    with production_app.app_context():
        assert count(Response, Response.status == ResponseStatus.SUBMITTED) == 1


def test_https_still_refuses_a_form_without_its_token(production_app, surveys):
    client = production_app.test_client()
    response = client.post(f"/s/{surveys['parents']}/begin", base_url=HTTPS, data={})
    assert response.status_code == 400
    with production_app.app_context():
        assert count(Response) == 0


class HttpsRespondent(Respondent):
    """A respondent whose browser talks HTTPS and, like ours, never sends a Referer."""

    def get(self, path: str) -> Page:
        response = self.client.get(path, base_url=HTTPS)
        return Page(response.status_code, response.get_data(as_text=True), response.headers.get("Location"))

    def post(self, path: str, data: dict | None = None, *, csrf_from: str | None = None) -> Page:
        form = dict(data or {})
        if "csrf_token" not in form:
            form["csrf_token"] = self.get(csrf_from or path).csrf()
        response = self.client.post(path, data=form, base_url=HTTPS)
        return Page(response.status_code, response.get_data(as_text=True), response.headers.get("Location"))


# 1.2 Open redirect on the save page.


@pytest.mark.parametrize("trick", ["/%09/evil.example/phish", "/%0a/evil.example", "/%0d/evil.example",
                                   "//evil.example", "https://evil.example", "3/../../evil"])
def test_the_save_page_never_links_to_another_site(surveys, respondent, trick):
    person = respondent(surveys["children"])
    person.begin()
    for query in (f"next={trick}", f"q={trick}"):
        page = person.get(f"{person.base}/save?{query}")
        assert page.status == 200
        assert "evil" not in page.text
    given = person.post(f"{person.base}/save", {"question": trick}, csrf_from=f"{person.base}/save")
    assert given.status == 200
    assert "evil" not in given.text
    assert f'href="{person.base}/q/1"' in given.html


def test_the_code_page_carries_on_at_the_question_it_came_from(surveys, respondent):
    person = respondent(surveys["children"])
    person.begin()
    question = person.get(f"{person.base}/q/3")
    assert f"{person.base}/save?q=3" in question.html
    given = person.get_code(question=3)
    assert f'href="{person.base}/q/3"' in given.html


# 1.3 An idle survey session ends.


def idle_for(monkeypatch, minutes: int) -> None:
    """Make the signed session cookie look `minutes` older than it is."""
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + minutes * 60)


def test_an_unfinished_survey_ends_after_thirty_idle_minutes(app, surveys, respondent, monkeypatch):
    person = respondent(surveys["parents"])
    person.begin()
    person.answer(1, answer="prefer_not_to_say")
    idle_for(monkeypatch, 31)
    page = person.get(f"{person.base}/q/2")
    assert page.status == 302 and page.location.endswith("ended=1")
    start = person.get(page.location)
    assert "That survey session has ended" in start.text
    assert "I have a code to carry on" in start.text
    assert "Continue your answers" not in start.text


def test_each_answer_keeps_the_session_alive(app, surveys, respondent, monkeypatch):
    person = respondent(surveys["parents"])
    person.begin()
    idle_for(monkeypatch, 20)
    assert person.answer(1, answer="prefer_not_to_say").status == 302
    idle_for(monkeypatch, 20)  # forty minutes after starting, twenty after the last answer
    assert person.get(f"{person.base}/q/2").status == 200


def test_showing_a_page_does_not_keep_the_session_alive(app, surveys, respondent, monkeypatch):
    person = respondent(surveys["parents"])
    person.begin()
    idle_for(monkeypatch, 20)
    shown = person.client.get(f"{person.base}/q/1")
    assert shown.status_code == 200 and "Set-Cookie" not in shown.headers
    idle_for(monkeypatch, 20)  # twenty minutes after a page was shown, forty after the last form
    page = person.get(f"{person.base}/q/2")
    assert page.status == 302 and page.location.endswith("ended=1")


def test_the_idle_timeout_is_configurable_and_on_the_cookie(app):
    assert app.permanent_session_lifetime.total_seconds() == 30 * 60
    assert app.config["SESSION_REFRESH_EACH_REQUEST"] is False


# 1.4 Logs keep no address and no survey token.


def test_a_whole_journey_logs_no_address_and_no_token(app, surveys, respondent, caplog):
    caplog.set_level(logging.DEBUG)
    person = respondent(surveys["children"])
    person.client.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    person.begin()
    person.about("8-11")
    answer_everything(person, definition(app, "children"), "8-11")
    person.get_code(question=2)
    person.submit()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "198.51.100.23" not in logged
    assert surveys["children"] not in logged


# 1.5 Concurrent sends of the final form.


@pytest.mark.parametrize("senders", [8])
def test_simultaneous_sends_store_one_response_and_every_sender_sees_it_sent(app, surveys, respondent,
                                                                            senders):
    person = respondent(surveys["parents"])
    person.begin()
    person.answer(1, answer="prefer_not_to_say")  # the rest are skipped, written while sending
    check = person.get(f"{person.base}/check")
    form = {"csrf_token": check.csrf(), "submit_key": SUBMIT_KEY.search(check.html).group(1)}
    cookie = person.client.get_cookie("session").value
    start = threading.Barrier(senders)
    outcomes: list[tuple[int, str]] = []

    def send() -> None:
        client = app.test_client()
        client.set_cookie("session", cookie)
        start.wait()
        response = client.post(f"{person.base}/submit", data=form)
        outcomes.append((response.status_code, response.headers.get("Location", "")))

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == senders
    assert all(status == 302 and "/done" in location for status, location in outcomes), outcomes
    assert sum("again=1" not in location for _status, location in outcomes) == 1, outcomes
    with app.app_context():
        assert count(Response, Response.status == ResponseStatus.SUBMITTED) == 1
        questions = len(definition(app, "parents").questions)
        assert count(Answer) == questions


# 1.6 Rate-limit keys, and the keys of codes and sessions.


def limiter_keys() -> list[str]:
    storage = limiter.storage
    return [str(key) for key in list(getattr(storage, "storage", {}))]


def test_the_limiter_stores_neither_addresses_nor_codes(app, surveys, respondent):
    person = respondent(surveys["parents"])
    person.client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    page = person.post(f"{person.base}/resume", {"code": "ABCD-EFGH-JKMN"})
    assert page.status == 400
    keys = limiter_keys()
    assert keys, "the attempt was not counted"
    for key in keys:
        assert "203.0.113.77" not in key
        assert "ABCDEFGHJKMN" not in key.upper().replace("-", "")


def test_the_limiter_key_changes_every_day(app):
    import datetime as dt

    from participation.limits import limiter_key

    with app.app_context():
        monday = limiter_key("address", "192.0.2.1", dt.date(2026, 12, 7))
        assert monday == limiter_key("address", "192.0.2.1", dt.date(2026, 12, 7))
        assert monday != limiter_key("address", "192.0.2.1", dt.date(2026, 12, 8))


def test_a_flood_of_wrong_codes_never_locks_out_someone_with_a_real_one(app, surveys, respondent):
    owner = respondent(surveys["parents"])
    owner.begin()
    owner.answer(1, answer="prefer_not_to_say")
    code = CODE.search(owner.get_code().html).group(1)
    for number in range(120):  # many addresses, each guessing a few codes
        guesser = respondent(surveys["parents"])
        guesser.client.environ_base["REMOTE_ADDR"] = f"10.0.{number // 250}.{number % 250}"
        csrf = guesser.get(f"{guesser.base}/resume").csrf()
        for attempt in range(3):
            guess = f"{number:04d}-{attempt:04d}-ZZZZ"
            response = guesser.client.post(f"{guesser.base}/resume", data={"code": guess, "csrf_token": csrf})
            assert response.status_code == 400
    other_phone = respondent(surveys["parents"])
    resumed = other_phone.post(f"{other_phone.base}/resume", {"code": code})
    assert resumed.status == 302, resumed.html


def started_with_a_code(respondent, surveys) -> tuple[Respondent, str]:
    """Start the parents' survey on one phone and get a code to finish later."""
    person = respondent(surveys["parents"])
    person.begin()
    return person, CODE.search(person.get_code().html).group(1)


def resumes_elsewhere(respondent, surveys, code: str) -> bool:
    """Say whether a fresh phone carries on with the code."""
    other_phone = respondent(surveys["parents"])
    return other_phone.post(f"{other_phone.base}/resume", {"code": code}).status == 302


def test_codes_and_sessions_do_not_depend_on_secret_key(app, surveys, respondent):
    _person, code = started_with_a_code(respondent, surveys)
    original = app.config["SECRET_KEY"]
    try:
        app.config["SECRET_KEY"] = original + "-rotated"  # signs sessions; codes are keyed apart
        assert resumes_elsewhere(respondent, surveys, code)
    finally:
        app.config["SECRET_KEY"] = original


def test_rotating_the_respondent_key_keeps_codes_in_use_working(app, surveys, respondent):
    person, code = started_with_a_code(respondent, surveys)
    original = app.config["RESPONDENT_KEY"]
    try:
        app.config["RESPONDENT_KEY"] = "a-brand-new-respondent-key-after-rotation-0123"
        app.config["RESPONDENT_KEY_PREVIOUS"] = [original]
        assert person.get(f"{person.base}/q/1").status == 200  # the open session survives
        other_phone = respondent(surveys["parents"])
        assert other_phone.post(f"{other_phone.base}/resume", {"code": code}).status == 302
        app.config["RESPONDENT_KEY_PREVIOUS"] = []  # the old key dropped: re-keyed rows still work
        assert other_phone.get(f"{other_phone.base}/q/1").status == 200
    finally:
        app.config["RESPONDENT_KEY"] = original
        app.config["RESPONDENT_KEY_PREVIOUS"] = []


# 1.7 Loading the save page never replaces the code.


def test_loading_the_save_page_keeps_the_code_written_down(app, surveys, respondent):
    person, code = started_with_a_code(respondent, surveys)
    for method in ("get", "head"):
        response = getattr(person.client, method)(f"{person.base}/save?q=1")
        assert response.status_code == 200
        assert "resume-code" not in response.get_data(as_text=True)
    assert resumes_elsewhere(respondent, surveys, code)


# 1.8 The Host header is never reflected in a redirect.


def test_a_double_slash_is_not_redirected_to_the_host_header(app, surveys):
    response = app.test_client().get(f"/s//{surveys['children']}", headers={"Host": "evil.example"})
    assert "evil.example" not in response.headers.get("Location", "")
    assert response.status_code == 404


def test_production_refuses_a_foreign_host(production_app, surveys):
    client = production_app.test_client()
    response = client.get(f"/s/{surveys['children']}", base_url="https://evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.headers.get("Location", "")
    assert client.get(f"/s/{surveys['children']}", base_url=HTTPS).status_code == 200


# 1.9 Control characters in free text.


def test_nul_and_control_characters_are_dropped_and_the_answer_kept(app, surveys, respondent):
    person = respondent(surveys["parents"])
    person.begin()
    survey = definition(app, "parents")
    number = next(n for n, q in enumerate(survey.questions, start=1) if q.type == "free_text")
    page = person.answer(number, answer="My worker\x00 helps\x07 me\tevery week\r\nthank you\x1b")
    assert page.status == 302, page.html
    with app.app_context():
        text = db.session.scalar(select(Answer.text).where(Answer.text.is_not(None)))
    assert text == "My worker helps me\tevery week\r\nthank you"


# Smaller findings.


def test_method_not_allowed_says_what_is_allowed(app, surveys):
    response = app.test_client().put("/help")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


def test_a_chunked_body_over_the_limit_is_refused_not_cut(app, surveys, respondent):
    person = respondent(surveys["parents"])
    person.begin()
    token = person.get(f"{person.base}/q/1").csrf()
    body = f"csrf_token={token}&answer=".encode() + b"a" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = person.client.post(
        f"{person.base}/q/1",
        input_stream=io.BytesIO(body),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""},
    )
    assert response.status_code == 413


def test_quick_clicks_on_start_make_one_response(app, surveys, respondent):
    person = respondent(surveys["children"])
    start = person.get(person.base)
    form = {"csrf_token": start.csrf(),
            "start_key": re.search(r'name="start_key" type="hidden" value="([^"]+)"', start.html).group(1)}
    cookie = person.client.get_cookie("session").value
    for _click in range(5):  # each sent before the first reply's cookie arrives
        client = app.test_client()
        client.set_cookie("session", cookie)
        assert client.post(f"{person.base}/begin", data=form).status_code == 302
    with app.app_context():
        assert count(Response) == 1


def test_question_numbers_are_ascii_digits_only(surveys, respondent):
    person = respondent(surveys["parents"])
    person.begin()
    assert person.get(f"{person.base}/q/1").status == 200
    for number in ("١", "۱", "１", "01", "0", "-1"):
        assert person.get(f"{person.base}/q/{number}").status == 404


@pytest.mark.skipif(os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"), reason="SQLite file")
def test_the_sqlite_file_is_readable_by_its_owner_only(app, surveys):
    path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    with app.app_context():
        db.session.execute(select(1))
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)


def test_no_header_names_a_server_version(app):
    response = app.test_client().get("/help")
    server = response.headers.get("Server", "")
    assert not re.search(r"\d", server), server
