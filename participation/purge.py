"""`flask purge`: delete the answers of closed inspections whose retention has run out.

An inspection is due when every survey is closed and its report was published (``report_on``) more
than the retention period ago. Each is purged in one transaction: the counts the national
benchmark and trends need are kept first (``RetainedCount``), then answers, readings and responses
are deleted and the words kept in its safeguarding entries are emptied. Entries, their decisions
and the audit stay. A run that stops part way leaves each inspection purged or untouched, and
running again purges only what is left, so nothing is counted twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, exists, func, insert, select, update

from participation.answer_counts import CountKey, count_submitted_answers
from participation.extensions import db
from participation.models import (
    AnalysisResult,
    Answer,
    Inspection,
    RetainedCount,
    SafeguardingEntry,
    Survey,
    today,
)
from participation.models import Response as SurveyResponse
from participation.workspace.audit import AuditAction, record

log = logging.getLogger(__name__)

ACTOR = "flask purge"
_PERIOD = re.compile(r"(\d+)([dw])")
_DAYS_PER_UNIT = {"d": 1, "w": 7}


def parse_period(value: str) -> dt.timedelta:
    """Return the period written as days or weeks ("365d", "52w"); raise ValueError otherwise."""
    match = _PERIOD.fullmatch(value.strip().lower())
    if not match:
        raise ValueError(f"--older-than must be a number of days or weeks such as 365d or 52w, not {value!r}")
    return dt.timedelta(days=int(match[1]) * _DAYS_PER_UNIT[match[2]])


@dataclass
class Removed:
    """What purging one inspection removes (or would remove), for its log line and audit record."""

    responses: int = 0
    answers: int = 0
    readings: int = 0
    entries_emptied: int = 0
    counts_kept: int = 0

    def describe(self) -> str:
        return (
            f"{self.responses} responses, {self.answers} answers, {self.readings} readings removed; "
            f"{self.entries_emptied} safeguarding entries emptied; {self.counts_kept} counts kept"
        )


def due_inspections(older_than: dt.timedelta, on: dt.date) -> list[Inspection]:
    """Return the inspections, every survey closed, whose report was published before on - older_than."""
    open_survey = exists().where(Survey.inspection_id == Inspection.id, Survey.is_open.is_(True))
    any_survey = exists().where(Survey.inspection_id == Inspection.id)
    return list(
        db.session.scalars(
            select(Inspection)
            .where(
                Inspection.report_on.is_not(None),
                Inspection.report_on < on - older_than,
                any_survey,
                ~open_survey,
            )
            .order_by(Inspection.id)
        )
    )


def _responses_of(inspection: Inspection):
    return select(SurveyResponse.id).join(Survey).where(Survey.inspection_id == inspection.id)


def _answers_of(inspection: Inspection):
    return select(Answer.id).where(Answer.response_id.in_(_responses_of(inspection)))


def _entries_with_words(inspection: Inspection) -> list[SafeguardingEntry]:
    """Return the inspection's safeguarding entries that still keep words or options."""
    # Filtered here, not in SQL: an emptied JSON column may hold JSON null, which is not SQL NULL.
    query = select(SafeguardingEntry).where(SafeguardingEntry.inspection_id == inspection.id)
    entries = db.session.scalars(query)
    return [e for e in entries if e.text is not None or e.option_keys is not None or e.evidence is not None]


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def count_answers(inspection: Inspection) -> Counter[CountKey]:
    """Return the counts of the inspection's submitted answers by question, wording version,
    outcome and respondent group dimension (all, age band, agency)."""
    versions = current_app.extensions["survey_versions"]
    return count_submitted_answers(versions, [inspection.id]).get(inspection.id, Counter())


# The columns of a kept count that make its key, in the order `count_answers` keys it.
COUNT_COLUMNS = ("survey_key", "question_key", "wording_version", "outcome_kind", "outcome", "dimension",
                 "dimension_value")


def count_key(row: RetainedCount) -> CountKey:
    """Return what a kept count counts, in the order `count_answers` keys it."""
    return tuple(getattr(row, column) for column in COUNT_COLUMNS)  # type: ignore[return-value]


def _keep_counts(inspection: Inspection, counts: Counter[CountKey]) -> None:
    """Add the counts to those already kept for the inspection (a purge already finished left none
    of these answers, so nothing is added twice)."""
    rows = db.session.scalars(select(RetainedCount).where(RetainedCount.inspection_id == inspection.id))
    kept = {count_key(row): row for row in rows}
    new_rows = []
    for key, number in counts.items():
        if key in kept:
            kept[key].count += number
            continue
        new_rows.append({
            "inspection_id": inspection.id, "local_authority_code": inspection.local_authority_code,
            **dict(zip(COUNT_COLUMNS, key, strict=True)), "count": number,
        })
    if new_rows:  # one statement: an inspection keeps thousands of counts
        db.session.execute(insert(RetainedCount), new_rows)


def measure(inspection: Inspection) -> Removed:
    """Return what purging the inspection would remove and keep, changing nothing."""
    return Removed(
        responses=_count(_responses_of(inspection)),
        answers=_count(_answers_of(inspection)),
        readings=_count(select(AnalysisResult.id).where(AnalysisResult.answer_id.in_(_answers_of(inspection)))),
        entries_emptied=len(_entries_with_words(inspection)),
        counts_kept=len(count_answers(inspection)),
    )


def purge_inspection(inspection: Inspection, removed: Removed) -> None:
    """Keep the counts, then delete the inspection's answers, readings and responses and empty its
    safeguarding entries' words, and record ``removed`` (from `measure`) in the audit; the caller
    commits."""
    _keep_counts(inspection, count_answers(inspection))
    for entry in _entries_with_words(inspection):
        # The one change the append-only guard allows; reason, dates and decisions stay.
        entry.text = None
        entry.option_keys = None
        entry.evidence = None  # the analysis's evidence is words of the answer
    db.session.flush()
    answers = _answers_of(inspection)
    db.session.execute(update(Answer).where(Answer.id.in_(answers)).values(current_result_id=None))
    # The readings hold the analysis's evidence (words of the answer): they go with the answers.
    db.session.execute(delete(AnalysisResult).where(AnalysisResult.answer_id.in_(answers)))
    db.session.execute(delete(Answer).where(Answer.id.in_(answers)))
    db.session.execute(delete(SurveyResponse).where(SurveyResponse.id.in_(_responses_of(inspection))))
    record(AuditAction.ANSWERS_PURGED, inspection=inspection, actor=ACTOR, detail=removed.describe())
    db.session.expire_all()


def _has_anything(removed: Removed) -> bool:
    return bool(removed.responses or removed.entries_emptied)


@click.command("purge")
@click.option("--older-than", "older_than", default=None,
              help="Retention after the report's publication, in days or weeks (365d, 52w); "
                   "default RETENTION_DAYS.")
@click.option("--dry-run", is_flag=True, help="Say what would be removed, and change nothing.")
@with_appcontext
def purge_command(older_than: str | None, dry_run: bool) -> None:
    """Delete the answers of closed inspections published longer ago than the retention period,
    keeping the counts the national benchmark needs, the safeguarding decisions and the audit."""
    try:
        period = (parse_period(older_than) if older_than is not None
                  else dt.timedelta(days=int(current_app.config["RETENTION_DAYS"])))
    except ValueError as error:
        click.echo(str(error), err=True)
        sys.exit(2)
    purged = failed = 0
    for inspection in due_inspections(period, today()):
        label = f"inspection {inspection.id} ({inspection.name}, published {inspection.report_on})"
        if dry_run:
            removed = measure(inspection)
            if _has_anything(removed):
                click.echo(f"Would purge {label}: {removed.describe()}")
                purged += 1
            continue
        try:
            removed = measure(inspection)
            if not _has_anything(removed):
                continue
            purge_inspection(inspection, removed)
            db.session.commit()
        except Exception as error:  # one inspection's failure must not stop the others
            db.session.rollback()
            log.exception("purging %s failed; it is left as it was", label)
            click.echo(f"Could not purge {label}, left as it was: {type(error).__name__}: {error}", err=True)
            failed += 1
            continue
        line = f"Purged {label}: {removed.describe()}"
        log.info(line)
        click.echo(line)
        purged += 1
    verb = "would be purged" if dry_run else "purged"
    click.echo(f"{purged} inspection{'s' if purged != 1 else ''} {verb} (older than {period.days} days).")
    if failed:
        sys.exit(1)
