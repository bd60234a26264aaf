"""Append-only audit records: who did what, when. Others call `record(action, ...)` and commit with
their own change, so the change and its record are saved together or not at all."""

from __future__ import annotations

import enum

from flask import has_request_context, request
from flask_login import current_user

from participation.extensions import db
from participation.models import AuditRecord, Inspection, User

DETAIL_LENGTH = 500


class AuditAction(enum.StrEnum):
    """Every kind of audited event, in one list."""

    SIGNED_IN = "signed_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_WAIT = "sign_in_wait"  # refused: too many failures from one address for one account
    SIGN_IN_FAILURES_MANY_ADDRESSES = "sign_in_failures_many_addresses"
    SIGNED_OUT = "signed_out"
    SIGNED_OUT_IDLE = "signed_out_idle"
    SIGNED_OUT_ABSOLUTE = "signed_out_absolute"
    TWO_FACTOR_FAILED = "two_factor_failed"
    TWO_FACTOR_ENROLLED = "two_factor_enrolled"
    TWO_FACTOR_RESET = "two_factor_reset"
    RECOVERY_CODE_USED = "recovery_code_used"
    RECOVERY_CODES_REPLACED = "recovery_codes_replaced"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event name, not a password)
    PASSWORD_RESET = "password_reset"  # noqa: S105 (an event name, not a password)
    USER_CREATED = "user_created"
    USER_DEACTIVATED = "user_deactivated"
    USER_REACTIVATED = "user_reactivated"
    ADMIN_GRANTED = "admin_granted"
    ADMIN_REMOVED = "admin_removed"
    MEMBERSHIP_ADDED = "membership_added"
    MEMBERSHIP_REMOVED = "membership_removed"
    # For the inspection pages, live responses and safeguarding queue to record.
    ANSWER_VIEWED = "answer_viewed"  # a flagged or free-text answer was shown
    SAFEGUARDING_DECISION = "safeguarding_decision"
    SAFEGUARDING_ALERT_SENT = "safeguarding_alert_sent"  # subject: the newest entry it told of
    SURVEY_OPENED = "survey_opened"
    SURVEY_CLOSED = "survey_closed"
    INSPECTION_CREATED = "inspection_created"
    INSPECTION_CHANGED = "inspection_changed"
    EXPECTED_NUMBERS_CHANGED = "expected_numbers_changed"
    ASSISTED_LINK_MADE = "assisted_link_made"  # never which response it started
    EXPORTED = "exported"
    ANSWER_CORRECTED = "answer_corrected"  # an inspector's themes and tone for an answer, by its number
    REVIEW_SAMPLE_DRAWN = "review_sample_drawn"  # answers added to the agreement page's random sample
    EVALUATION_RECORDED = "evaluation_recorded"
    FINDING_DECIDED = "finding_decided"  # a draft strength or area for development kept or discarded
    ANSWERS_PURGED = "answers_purged"  # by `flask purge`, with counts removed, never answer text
    TOLD_US_SAVED = "told_us_saved"  # a "what you told us" page written or changed (unapproved)
    TOLD_US_APPROVED = "told_us_approved"
    TOLD_US_PUBLISHED = "told_us_published"
    TOLD_US_WITHDRAWN = "told_us_withdrawn"
    REPORT_VIEWED = "report_viewed"  # the printed report's page (figures and kept findings, no quotes)
    REPORT_DOWNLOADED = "report_downloaded"  # the printed report as a PDF


def record(
    action: AuditAction,
    *,
    subject: str | None = None,
    inspection: Inspection | None = None,
    detail: str | None = None,
    actor: User | str | None = None,
) -> AuditRecord:
    """Add an audit record to the session (the caller commits). Never put answer text in `detail`.

    The actor is the signed-in user unless given: a User, or the e-mail address typed at a failed
    sign-in. Values are copied, never referenced, so the record outlives what it describes.
    """
    action = AuditAction(action)  # an unknown action is a programming error, not a new kind
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user.user  # the User behind Flask-Login's wrapper
    entry = AuditRecord(
        action=action.value,
        actor=actor.email if isinstance(actor, User) else actor,
        actor_id=actor.id if isinstance(actor, User) else None,
        subject=subject,
        inspection_id=inspection.id if inspection is not None else None,
        inspection_name=inspection.name if inspection is not None else None,
        ip_address=request.remote_addr if has_request_context() else None,
        detail=detail[:DETAIL_LENGTH] if detail else None,
    )
    db.session.add(entry)
    return entry
