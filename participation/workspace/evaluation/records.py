"""Read and add the inspection's evaluations and its decisions on draft findings (append-only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select

from participation.extensions import db
from participation.models import FindingDecision, QualityEvaluation

KEPT, DISCARDED = "kept", "discarded"


def evaluations(inspection_id: int, indicator: str) -> list[QualityEvaluation]:
    """Return the indicator's evaluations in the inspection, newest first."""
    return list(db.session.scalars(
        select(QualityEvaluation)
        .where(QualityEvaluation.inspection_id == inspection_id, QualityEvaluation.indicator == indicator)
        .order_by(QualityEvaluation.id.desc())
    ))


def add_evaluation(inspection_id: int, indicator: str, grade: int, rationale: str) -> QualityEvaluation:
    """Add an evaluation by the signed-in user to the session (the caller audits and commits)."""
    evaluation = QualityEvaluation(
        inspection_id=inspection_id, indicator=indicator, grade=grade, rationale=rationale,
        made_by_id=current_user.id, made_by=current_user.user.email,
    )
    db.session.add(evaluation)
    db.session.flush()
    return evaluation


def latest_decisions(inspection_id: int) -> dict[str, FindingDecision]:
    """Return the latest decision on each draft key of the inspection."""
    rows = db.session.scalars(
        select(FindingDecision)
        .where(FindingDecision.inspection_id == inspection_id)
        .order_by(FindingDecision.id)
    )
    return {row.draft_key: row for row in rows}


@dataclass(frozen=True)
class DraftOrigin:
    """What a decision needs to know of the draft it is about."""

    key: str
    kind: str
    text: str
    evidence: Mapping[str, str]


def add_decision(inspection_id: int, draft: DraftOrigin, decision: str, text: str) -> FindingDecision:
    """Add a decision by the signed-in user to the session (the caller audits and commits)."""
    row = FindingDecision(
        inspection_id=inspection_id, draft_key=draft.key, kind=draft.kind, decision=decision,
        text=text, evidence=dict(draft.evidence),
        made_by_id=current_user.id, made_by=current_user.user.email,
    )
    db.session.add(row)
    db.session.flush()
    return row
