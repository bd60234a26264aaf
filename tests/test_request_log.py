"""The app logs each request by its route's name, status and duration, and nothing that names a person."""

from __future__ import annotations

import logging
import re

from tests.journeys import FREE_TEXT, answer_everything, definition

LINE = re.compile(r"route=(\S+) method=(GET|POST) status=(\d{3}) ms=\d+")


def logged_text(caplog) -> str:
    """Everything written to any logger, messages and tracebacks alike."""
    return "\n".join(caplog.text.splitlines() + [record.getMessage() for record in caplog.records])


def test_a_whole_journey_logs_routes_but_no_address_token_or_answer(app, surveys, respondent, caplog):
    caplog.set_level(logging.DEBUG)
    child = respondent(surveys["children"])
    child.client.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    child.get(child.base)
    child.begin()
    child.about("12-17")
    answer_everything(child, definition(app, "children"), "12-17")
    child.get_code()
    sent = child.submit()
    child.get(sent.location)
    assert child.get(f"{child.base}/no-such-page").status == 404

    lines = [record.getMessage() for record in caplog.records if record.name == "participation.requests"]
    parsed = [LINE.fullmatch(line) for line in lines]
    assert all(parsed), lines
    routes = {(match.group(1), match.group(2)) for match in parsed}
    assert {("respond.start", "GET"), ("respond.begin", "POST"), ("respond.about", "POST"),
            ("respond.question", "POST"), ("respond.save", "POST"), ("respond.submit", "POST"),
            ("respond.done", "GET")} <= routes
    assert ("-", "GET") in routes  # the unknown page: no route, and its path is not written instead

    text = logged_text(caplog)
    assert "192.0.2.44" not in text
    assert "127.0.0.1" not in text
    for token in surveys.values():
        assert token not in text
    for answer in FREE_TEXT.values():
        assert answer not in text

