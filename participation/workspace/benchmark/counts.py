"""Gather the counts the national benchmark and trends compare, from the database, and nothing more.

`question_tallies` is the one way in: an inspection's live answers while they exist
(`participation.answer_counts`, one grouped query), and the counts the retention purge kept
(``RetainedCount``) once they are gone. Both are keyed by wording version and counted the same
way, so an inspection's figures are identical before and after its purge.

Each inspection's tallies are kept in this process until its *count version* changes: how many
responses it has sent and the newest of them, and how many counts are kept for it and the newest.
Answers change only before a response is sent, so that version changes whenever its tallies
could; a page then re-counts only the inspections that changed, not the whole country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from flask import current_app
from sqlalchemy import func, select

from analysis.benchmark import QuestionId, Tally, pool_inspections
from participation.answer_counts import ALL, BASE, POSITIVE, POSITIVE_SHARE, count_submitted_answers
from participation.extensions import db
from participation.models import Inspection, Response, ResponseStatus, RetainedCount, Survey

Tallies = dict[QuestionId, Tally]
CACHE = "benchmark_tallies"


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


CountVersion = tuple[int, int | None, int, int | None]


def _count_versions(inspection_ids: Collection[int] | None) -> dict[int, CountVersion]:
    """Return each inspection's count version (two grouped queries on small columns)."""
    sent = (
        select(Survey.inspection_id, func.count(Response.id), func.max(Response.id))
        .join(Response, Response.survey_id == Survey.id)
        .where(Response.status == ResponseStatus.SUBMITTED)
        .group_by(Survey.inspection_id)
    )
    kept = (
        select(RetainedCount.inspection_id, func.count(RetainedCount.id), func.max(RetainedCount.id))
        .group_by(RetainedCount.inspection_id)
    )
    if inspection_ids is not None:
        sent = sent.where(Survey.inspection_id.in_(list(inspection_ids)))
        kept = kept.where(RetainedCount.inspection_id.in_(list(inspection_ids)))
    versions: dict[int, CountVersion] = {
        inspection_id: (count, newest, 0, None) for inspection_id, count, newest in db.session.execute(sent)
    }
    for inspection_id, count, newest in db.session.execute(kept):
        versions[inspection_id] = (*versions.get(inspection_id, (0, None))[:2], count, newest)
    return versions


def _counted(inspection_ids: Collection[int]) -> dict[int, Tallies]:
    """Return the tallies of these inspections, counted afresh from the database."""
    versions = current_app.extensions["survey_versions"]
    counts = _kept_counts(inspection_ids)
    for inspection_id, live in count_submitted_answers(versions, inspection_ids, dimensions=False).items():
        of_inspection = counts.setdefault(inspection_id, Counter())
        for (survey_key, question_key, wording_version, kind, outcome, _, _), number in live.items():
            if kind == POSITIVE_SHARE:
                of_inspection[(survey_key, question_key, wording_version, outcome)] += number
    tallies: dict[int, Tallies] = {}
    for inspection_id, by_outcome in counts.items():
        questions = {key[:3] for key in by_outcome if key[3] == BASE}
        tallies[inspection_id] = {
            question: Tally.of_question(by_outcome[(*question, POSITIVE)], by_outcome[(*question, BASE)])
            for question in questions
        }
    return tallies


def _kept_tallies() -> dict[int, tuple[CountVersion, Tallies]]:
    return current_app.extensions.setdefault(CACHE, {})


def forget_tallies() -> None:
    """Forget every inspection's tallies kept in this process (tests reuse inspection numbers)."""
    _kept_tallies().clear()


def question_tallies(inspection_ids: Collection[int] | None = None) -> dict[int, Tallies]:
    """Return each inspection's percentage-positive tallies by question and wording version (every
    inspection with any, or those given): from live answers, else from the counts kept at purge."""
    kept = _kept_tallies()
    versions = _count_versions(inspection_ids)
    stale = [inspection_id for inspection_id, version in versions.items()
             if kept.get(inspection_id, (None,))[0] != version]
    if stale:
        fresh = _counted(stale)
        for inspection_id in stale:
            # One assignment: another thread reading meanwhile sees the old pair or the new one.
            kept[inspection_id] = (versions[inspection_id], fresh.get(inspection_id, {}))
    return {inspection_id: kept[inspection_id][1] for inspection_id in versions
            if kept[inspection_id][1]}


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
