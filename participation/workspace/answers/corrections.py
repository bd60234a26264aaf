"""Inspectors' corrections of an answer's labels: stored beside the analysis, never over it.

A correction that says the answer needed safeguarding attention puts the answer in the
safeguarding queue when nothing has put it there yet, so the concern is triaged like any other.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from analysis.theme_list import THEMES
from participation.extensions import db
from participation.models import Answer, AnswerCorrection, Inspection, SafeguardingEntry, User
from participation.safeguarding import mark_by_inspector
from participation.workspace.audit import AuditAction, record


def correct_answer(
    answer: Answer,
    inspection_id: int,
    *,
    themes: Sequence[str],
    sentiment: str,
    safeguarding: bool | None,
    from_review: bool,
    user: User,
) -> tuple[AnswerCorrection, SafeguardingEntry | None]:
    """Add a correction of the answer (flushed, not committed); return it and any new queue entry.

    `safeguarding` True asks for the answer to be in the queue: a new entry is made only when the
    answer has none, so marking it twice never queues it twice.
    """
    unknown = set(themes) - set(THEMES)
    if unknown:
        raise ValueError(f"unknown theme {sorted(unknown)[0]!r}")
    correction = AnswerCorrection(
        answer_id=answer.id,
        inspection_id=inspection_id,
        themes=[theme for theme in THEMES if theme in themes],
        sentiment_label=sentiment,
        safeguarding=safeguarding,
        from_review=from_review,
        made_by_id=user.id,
        made_by=user.email,
    )
    db.session.add(correction)
    entry = None
    if safeguarding and not has_entry(answer.id):
        entry = mark_by_inspector(answer, user.id)
    db.session.flush()
    return correction, entry


def has_entry(answer_id: int) -> bool:
    """Say whether the answer is, or has been, in the safeguarding queue."""
    return (
        db.session.scalar(
            select(SafeguardingEntry.id).where(SafeguardingEntry.answer_id == answer_id).limit(1)
        )
        is not None
    )


def corrections_of(answer_id: int) -> list[AnswerCorrection]:
    """Return every correction of an answer, oldest first."""
    return list(
        db.session.scalars(
            select(AnswerCorrection)
            .where(AnswerCorrection.answer_id == answer_id)
            .order_by(AnswerCorrection.id)
        )
    )


def entries_of(answer_ids: Sequence[int]) -> dict[int, int]:
    """Return the newest safeguarding entry of each answer that has one, by answer id."""
    if not answer_ids:
        return {}
    rows = db.session.execute(
        select(SafeguardingEntry.answer_id, SafeguardingEntry.id)
        .where(SafeguardingEntry.answer_id.in_(list(answer_ids)))
        .order_by(SafeguardingEntry.id)
    )
    return dict(rows.all())


def record_correction(
    correction: AnswerCorrection, entry: SafeguardingEntry | None, inspection: Inspection
) -> None:
    """Audit a correction by its labels and the answer's number (the caller commits)."""
    concern = {True: "yes", False: "no", None: "not said"}[correction.safeguarding]
    said = (
        f"themes {', '.join(correction.themes) or 'none'}; tone {correction.sentiment_label}; "
        f"safeguarding {concern}"
    )
    record(
        AuditAction.ANSWER_CORRECTED,
        inspection=inspection,
        subject=f"answer {correction.answer_id}",
        detail=f"correction {correction.id}{' while reviewing' if correction.from_review else ''}: {said}",
    )
    if entry is not None:
        record(
            AuditAction.SAFEGUARDING_DECISION,
            inspection=inspection,
            subject=f"safeguarding entry {entry.id}",
            detail=f"marked by an inspector: answer {correction.answer_id}; "
            f"analysis missed it: {entry.analysis_missed}",
        )
