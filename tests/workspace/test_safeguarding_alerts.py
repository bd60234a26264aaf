"""`flask safeguarding alert` e-mails through a real SMTP server (aiosmtpd, on this machine): which
inspection and how many, never the words, at most once an hour per inspection, each in the audit."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from participation.extensions import db
from participation.workspace.safeguarding.alerts import send_alerts
from tests.workspace.flagged import DISCLOSURE, child_types_disclosure
from tests.workspace.test_safeguarding_queue import audit


def configure(app, monkeypatch, port: int, *, to: str, sender: str) -> None:
    """Point the alert at an SMTP server for this test only."""
    for name, value in (("SMTP_HOST", "127.0.0.1"), ("SMTP_PORT", port), ("TO", to), ("FROM", sender)):
        monkeypatch.setitem(app.config, f"SAFEGUARDING_ALERT_{name}", value)


class Inbox(Message):
    """Keep every message the server accepts."""

    def __init__(self) -> None:
        super().__init__()
        self.received = []

    def handle_message(self, message) -> None:
        self.received.append(message)


@pytest.fixture
def inbox(app, monkeypatch) -> Iterator[Inbox]:
    handler = Inbox()
    with socket.socket() as probe:  # a free port: the controller cannot be given port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    configure(app, monkeypatch, port, to="safeguarding@example.org", sender="workspace@example.org")
    yield handler
    controller.stop()


def test_an_alert_names_the_inspection_and_count_never_the_words_and_waits_an_hour(
    app, respondent, inbox, inspection
):
    child_types_disclosure(app, respondent)
    result = app.test_cli_runner().invoke(args=["safeguarding", "alert"])
    assert result.exit_code == 0 and result.output == "Sent 1 safeguarding alert.\n"
    [mail] = inbox.received
    assert mail["Subject"] == "Safeguarding queue: Test inspection"
    assert mail["To"] == "safeguarding@example.org"
    body = mail.get_payload(decode=True).decode() if not mail.is_multipart() else str(mail)
    assert "has 1 new entry" in body
    assert DISCLOSURE not in mail.as_string() and "scared" not in mail.as_string()

    child_types_disclosure(app, respondent, text="she hurts me and I am scared")
    with app.app_context():
        assert send_alerts(app.config) == 0, "within the hour: nothing more"
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1, minutes=1)
        assert send_alerts(app.config, now=later) == 1
        assert send_alerts(app.config, now=later + dt.timedelta(hours=2)) == 0, "nothing new since"
        db.session.remove()
    assert len(inbox.received) == 2
    assert "has 1 new entry" in message_from_bytes(inbox.received[1].as_bytes()).get_payload()
    alerts = [
        (subject, detail) for action, subject, detail in audit(app) if action == "safeguarding_alert_sent"
    ]
    assert [detail for _, detail in alerts] == ["new entries: 1", "new entries: 1"]


def test_without_a_host_no_alert_is_sent(app, respondent, inspection):
    child_types_disclosure(app, respondent)
    result = app.test_cli_runner().invoke(args=["safeguarding", "alert"])
    assert result.exit_code == 0, result.output
    assert "SAFEGUARDING_ALERT_SMTP_HOST is not set" in result.output


def test_an_unreachable_server_is_one_line_and_exit_2(app, respondent, inspection, monkeypatch):
    child_types_disclosure(app, respondent)
    configure(app, monkeypatch, 9, to="a@example.org", sender="b@example.org")
    result = app.test_cli_runner().invoke(args=["safeguarding", "alert"])
    assert result.exit_code == 2
    assert result.output.startswith("Could not send a safeguarding alert through 127.0.0.1:")
    assert audit(app) == [] or all(action != "safeguarding_alert_sent" for action, _, _ in audit(app))
