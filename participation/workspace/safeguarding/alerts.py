"""E-mail an inspection's alert address when its safeguarding queue has new entries.

Run by `flask safeguarding alert` (from cron, every few minutes) rather than when an answer is
saved, so a child's page never waits on a mail server. The message names the inspection and the
number of entries, never an answer's words, and goes at most once an hour per inspection: the
audit record of each alert says when, and which entry was the newest it told of.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from email.message import EmailMessage

from sqlalchemy import func, select

from participation.extensions import db
from participation.models import AuditRecord, Inspection, SafeguardingEntry
from participation.workspace.audit import AuditAction, record

QUIET = dt.timedelta(hours=1)
SUBJECT_PREFIX = "safeguarding entry "


def _last_alert(inspection_id: int) -> tuple[dt.datetime | None, int]:
    last = db.session.scalar(
        select(AuditRecord)
        .where(AuditRecord.action == AuditAction.SAFEGUARDING_ALERT_SENT.value,
               AuditRecord.inspection_id == inspection_id)
        .order_by(AuditRecord.id.desc())
        .limit(1)
    )
    if last is None:
        return None, 0
    at = last.at if last.at.tzinfo else last.at.replace(tzinfo=dt.UTC)
    return at, int((last.subject or "0").removeprefix(SUBJECT_PREFIX) or 0)


def due_alerts(now: dt.datetime) -> list[tuple[Inspection, int, int]]:
    """Return (inspection, new entries, newest entry id) for each inspection an alert is due for."""
    newest = db.session.execute(
        select(SafeguardingEntry.inspection_id, func.max(SafeguardingEntry.id))
        .group_by(SafeguardingEntry.inspection_id)
    ).all()
    due = []
    for inspection_id, newest_id in newest:
        at, told_of = _last_alert(inspection_id)
        if newest_id <= told_of or (at is not None and now - at < QUIET):
            continue
        new = db.session.scalar(
            select(func.count(SafeguardingEntry.id)).where(
                SafeguardingEntry.inspection_id == inspection_id, SafeguardingEntry.id > told_of
            )
        )
        due.append((db.session.get(Inspection, inspection_id), new, newest_id))
    return due


def message(inspection: Inspection, new: int, sender: str, to: str) -> EmailMessage:
    """Write the alert: which inspection and how many, and where to read them; no answer's words."""
    mail = EmailMessage()
    mail["Subject"] = f"Safeguarding queue: {inspection.name}"
    mail["From"] = sender
    mail["To"] = to
    entries = "1 new entry" if new == 1 else f"{new} new entries"
    mail.set_content(
        f"The safeguarding queue of {inspection.name} has {entries} since the last alert.\n\n"
        "Sign in to the inspection workspace to read and triage them. This e-mail never contains "
        "what anyone wrote.\n"
    )
    return mail


def send_alerts(config, now: dt.datetime | None = None) -> int:
    """Send each due alert through the configured SMTP server; return how many were sent.

    Each alert is recorded in the audit as it is sent; a failure to send stops the run and is
    raised as OSError (smtplib's errors are OSErrors), leaving the rest due for the next run.
    """
    host = config.get("SAFEGUARDING_ALERT_SMTP_HOST")
    if not host:
        return 0
    now = now or dt.datetime.now(dt.UTC)
    sent = 0
    for inspection, new, newest_id in due_alerts(now):
        mail = message(inspection, new, config["SAFEGUARDING_ALERT_FROM"], config["SAFEGUARDING_ALERT_TO"])
        with smtplib.SMTP(host, config.get("SAFEGUARDING_ALERT_SMTP_PORT", 25), timeout=30) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
            smtp.send_message(mail)
        record(AuditAction.SAFEGUARDING_ALERT_SENT, inspection=inspection, actor="safeguarding alert",
               subject=f"{SUBJECT_PREFIX}{newest_id}", detail=f"new entries: {new}")
        db.session.commit()
        sent += 1
    return sent
