"""The live-response counts of one inspection: SQL GROUP BY queries returning named records.

Every figure the responses dashboard shows comes from here (and the benchmark times these same
queries), so a page, a chart and its table never count differently. Figures count sent
responses; a response not yet sent counts only as "started".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import case, func, select

from participation.extensions import db
from participation.models import ExpectedNumber, Response, ResponseStatus, Survey

SENT = Response.status == ResponseStatus.SUBMITTED


class SurveyCount(NamedTuple):
    survey_id: int
    definition_key: str
    started: int  # every response begun, sent or not
    sent: int


class GroupCount(NamedTuple):
    key: str | None  # an age band, agency, language or "assisted"; None when not given
    sent: int


class DayCount(NamedTuple):
    definition_key: str
    day: dt.date
    sent: int
    cumulative: int


class ExpectedCount(NamedTuple):
    respondent_group: str
    agency: str
    number: int


@dataclass(frozen=True)
class InspectionCounts:
    """Everything the dashboard shows, counted once."""

    surveys: list[SurveyCount]
    age_bands: list[GroupCount]
    agencies: list[GroupCount]
    languages: list[GroupCount]
    assisted: list[GroupCount]
    by_day: list[DayCount]
    expected: list[ExpectedCount] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(row.sent for row in self.surveys)

    @property
    def started(self) -> int:
        return sum(row.started for row in self.surveys)


def _of_inspection(inspection_id: int):
    return (
        select()
        .select_from(Response)
        .join(Survey, Response.survey_id == Survey.id)
        .where(Survey.inspection_id == inspection_id)
    )


def survey_counts(inspection_id: int) -> list[SurveyCount]:
    """Return started and sent responses per survey (every survey, none left out for having none)."""
    sent = func.count(case((SENT, Response.id)))
    rows = db.session.execute(
        select(Survey.id, Survey.definition_key, func.count(Response.id), sent)
        .outerjoin(Response, Response.survey_id == Survey.id)
        .where(Survey.inspection_id == inspection_id)
        .group_by(Survey.id, Survey.definition_key)
        .order_by(Survey.id)
    ).all()
    return [SurveyCount(*row) for row in rows]


def sent_by(inspection_id: int, column, *, group: str | None = None) -> list[GroupCount]:
    """Return sent responses per value of a column, for one respondent group or all of them."""
    query = (
        _of_inspection(inspection_id)
        .add_columns(column, func.count(Response.id))
        .where(SENT)
        .group_by(column)
        .order_by(column)
    )
    if group is not None:
        query = query.where(Response.respondent_group == group)
    return [GroupCount(key, count) for key, count in db.session.execute(query).all()]


def sent_by_day(inspection_id: int) -> list[DayCount]:
    """Return sent responses per survey and day, with the running total, every day from the first."""
    rows = db.session.execute(
        _of_inspection(inspection_id)
        .add_columns(Survey.definition_key, Response.submitted_on, func.count(Response.id))
        .where(SENT, Response.submitted_on.is_not(None))
        .group_by(Survey.definition_key, Response.submitted_on)
    ).all()
    if not rows:
        return []
    per_day = {(key, day): count for key, day, count in rows}
    first = min(day for _key, day, _count in rows)
    last = max(day for _key, day, _count in rows)
    days = [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]
    result = []
    for key in sorted({key for key, _day, _count in rows}):
        running = 0
        for day in days:
            count = per_day.get((key, day), 0)
            running += count
            result.append(DayCount(key, day, count, running))
    return result


def expected_numbers(inspection_id: int) -> list[ExpectedCount]:
    """Return the numbers the coordinator expects: per group (agency ""), and per agency for staff.

    A group's number is the sum of what was entered for it, so staff, entered by agency, get a
    total beside their agencies' numbers.
    """
    of_inspection = ExpectedNumber.inspection_id == inspection_id
    totals = db.session.execute(
        select(ExpectedNumber.respondent_group, func.sum(ExpectedNumber.number))
        .where(of_inspection)
        .group_by(ExpectedNumber.respondent_group)
    ).all()
    agencies = db.session.execute(
        select(ExpectedNumber.respondent_group, ExpectedNumber.agency, ExpectedNumber.number)
        .where(of_inspection, ExpectedNumber.agency != "")
        .order_by(ExpectedNumber.respondent_group, ExpectedNumber.agency)
    ).all()
    return [ExpectedCount(group, "", int(total)) for group, total in totals] + [
        ExpectedCount(*row) for row in agencies
    ]


def inspection_counts(inspection_id: int) -> InspectionCounts:
    """Count everything the responses dashboard shows for one inspection."""
    return InspectionCounts(
        surveys=survey_counts(inspection_id),
        age_bands=sent_by(inspection_id, Response.age_band, group="children"),
        agencies=sent_by(inspection_id, Response.agency, group="staff"),
        languages=sent_by(inspection_id, Response.language),
        assisted=sent_by(inspection_id, Response.assisted),
        by_day=sent_by_day(inspection_id),
        expected=expected_numbers(inspection_id),
    )
