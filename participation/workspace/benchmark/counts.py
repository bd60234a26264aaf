"""Gather the counts the national benchmark and trends compare, from the database, and nothing more.

`question_tallies` is the one way in: an inspection's live answers while they exist
(`participation.answer_counts`, one grouped query), and the counts the retention purge kept
(``RetainedCount``) once they are gone. Both are keyed by wording version and counted the same
way, so an inspection's figures are identical before and after its purge.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from flask import current_app
from sqlalchemy import func, select

from analysis.benchmark import QuestionId, Tally, pool_inspections
from participation.answer_counts import ALL, BASE, POSITIVE, POSITIVE_SHARE, count_submitted_answers
from participation.extensions import db
from participation.models import Inspection, RetainedCount

Tallies = dict[QuestionId, Tally]


def _kept_counts(inspection_ids: Collection[int] | None) -> dict[int, Counter[tuple[str, str, int, str]]]:
    """Return the positive-share counts the purge kept, per inspection."""
    query = (
        select(RetainedCount.inspection_id, RetainedCount.survey_key, RetainedCount.question_key,
               RetainedCount.wording_version, RetainedCount.outcome, func.sum(RetainedCount.count))
        .where(RetainedCount.outcome_kind == POSITIVE_SHARE, RetainedCount.dimension == ALL)
        .group_by(RetainedCount.inspection_id, RetainedCount.survey_key, RetainedCount.question_key,
                  RetainedCount.wording_version, RetainedCount.outcome)
    )
    if inspection_ids is not None:
        query = query.where(RetainedCount.inspection_id.in_(list(inspection_ids)))
    kept: dict[int, Counter[tuple[str, str, int, str]]] = {}
    for inspection_id, *key, number in db.session.execute(query):
        kept.setdefault(inspection_id, Counter())[tuple(key)] += number
    return kept


def question_tallies(inspection_ids: Collection[int] | None = None) -> dict[int, Tallies]:
    """Return each inspection's percentage-positive tallies by question and wording version (every
    inspection with any, or those given): from live answers, else from the counts kept at purge."""
    versions = current_app.extensions["survey_versions"]
    counts = _kept_counts(inspection_ids)
    for inspection_id, live in count_submitted_answers(versions, inspection_ids, dimensions=False).items():
        mine = counts.setdefault(inspection_id, Counter())
        for (survey_key, question_key, wording_version, kind, outcome, _, _), number in live.items():
            if kind == POSITIVE_SHARE:
                mine[(survey_key, question_key, wording_version, outcome)] += number
    tallies: dict[int, Tallies] = {}
    for inspection_id, by_outcome in counts.items():
        questions = {key[:3] for key in by_outcome if key[3] == BASE}
        tallies[inspection_id] = {
            question: Tally.of_question(by_outcome[(*question, POSITIVE)], by_outcome[(*question, BASE)])
            for question in questions
        }
    return tallies


def national_tallies(inspection: Inspection, every: dict[int, Tallies]) -> tuple[Tallies, int]:
    """Return the tallies of every other inspection pooled, and how many inspections they pool.

    Demo inspections are compared only with each other, so made-up answers never reach a real
    inspection's national figure (counts whose inspection was since deleted count as real).
    """
    demo = set(db.session.scalars(select(Inspection.id).where(Inspection.is_demo.is_(True))))
    others = [tallies for inspection_id, tallies in every.items()
              if inspection_id != inspection.id and (inspection_id in demo) == bool(inspection.is_demo)]
    return pool_inspections(others), len(others)


def earlier_inspection(inspection: Inspection) -> Inspection | None:
    """Return the same partnership's most recent inspection before this one (by the date it began),
    or None when it has not been inspected before (or its local authority is not recorded)."""
    if not inspection.local_authority_code:
        return None
    began = func.coalesce(Inspection.phase_one_on, Inspection.notified_on, Inspection.created_on)
    this_began = inspection.phase_one_on or inspection.notified_on or inspection.created_on
    return db.session.scalar(
        select(Inspection)
        .where(Inspection.local_authority_code == inspection.local_authority_code,
               Inspection.id != inspection.id,
               Inspection.is_demo.is_(bool(inspection.is_demo)),
               (began < this_began) | ((began == this_began) & (Inspection.id < inspection.id)))
        .order_by(began.desc(), Inspection.id.desc())
        .limit(1)
    )
