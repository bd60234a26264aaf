"""Audit records of the answers a page showed: by their numbers, never their words."""

from __future__ import annotations

from flask import g

from participation.workspace.answers.listing import ListedAnswer
from participation.workspace.audit import AuditAction, record

# Answer numbers per audit record: the detail column holds 500 characters.
IDS_PER_RECORD = 50


def record_answers_seen(items: list[ListedAnswer], where: str) -> None:
    """Add audit records naming every answer shown (numbers only; the caller commits)."""
    ids = [str(item.answer.id) for item in items]
    for start in range(0, len(ids), IDS_PER_RECORD):
        record(
            AuditAction.ANSWER_VIEWED,
            inspection=g.inspection,
            subject=where,
            detail="answers " + ", ".join(ids[start : start + IDS_PER_RECORD]),
        )
