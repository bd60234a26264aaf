"""The one query behind the answers page: an inspection's free-text answers, filtered and searched
by the database, one page at a time.

Theme and tone filters read an answer's latest correction where there is one, and the analysis's
current reading otherwise, as every figure does (`workspace/frames.py`). The search is a
case-insensitive ``LIKE`` with the user's ``%``, ``_`` and escape characters escaped, so it runs
the same on SQLite and PostgreSQL and a typed wildcard matches only itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, String, Text, and_, case, cast, exists, false, func, or_, select, true
from sqlalchemy.orm import aliased

from analysis.theme_list import THEMES
from participation.extensions import db
from participation.models import (
    AnalysisResult,
    Answer,
    AnswerCorrection,
    AnswerStatus,
    Response,
    ResponseStatus,
    SafeguardingEntry,
    Survey,
)
from participation.workspace.frames import CARER_QUESTION, NOT_A_KINSHIP_CARER, PARENT
from participation.workspace.pagination import PageOf


@dataclass(frozen=True)
class AnswerFilters:
    """What the answers page is asked to show; an empty value means any."""

    survey: str = ""
    question: str = ""
    theme: str = ""
    sentiment: str = ""
    flag: str = ""  # flagged, not_flagged
    age_band: str = ""
    respondent: str = ""  # children, parents, staff
    agency: str = ""
    carer: str = ""  # parent, kinship_carer (from the parents' kinship question, as frames.py reads it)
    language: str = ""
    assisted: str = ""  # yes, no
    q: str = ""
    answer: int | None = None

    @classmethod
    def of(cls, values: Mapping[str, object]) -> AnswerFilters:
        """Build filters from checked form values (None and missing become 'any')."""
        fields = {name: values.get(name) for name in cls.__dataclass_fields__}
        return cls(**{name: value if name == "answer" else (value or "") for name, value in fields.items()})


@dataclass(frozen=True)
class ListedAnswer:
    """One free-text answer as the page lists it, with the labels figures use."""

    answer: Answer
    response: Response
    survey: str
    reading: AnalysisResult | None
    correction: AnswerCorrection | None
    flagged: bool


def latest_correction_ids(inspection_id: int):
    """Return a subquery of each corrected answer's latest correction id in an inspection."""
    return (
        select(AnswerCorrection.answer_id, func.max(AnswerCorrection.id).label("latest"))
        .where(AnswerCorrection.inspection_id == inspection_id)
        .group_by(AnswerCorrection.answer_id)
        .subquery()
    )


def _has_theme(theme: str):
    # JSON lists are text on both databases; a quoted name matches only that theme.
    listed = cast(AnswerCorrection.themes, String).like(f'%"{theme}"%')
    reading = getattr(AnalysisResult, f"theme_{theme}")
    return case((AnswerCorrection.id.is_not(None), listed), else_=func.coalesce(reading, false())) == true()


def _is_flagged():
    entered = exists().where(SafeguardingEntry.answer_id == Answer.id)
    return or_(entered, AnalysisResult.safeguarding_flag.is_(True), AnswerCorrection.safeguarding.is_(True))


def free_text_answers(inspection_id: int) -> Select:
    """Return the query of every free-text answer of the inspection's sent responses, unfiltered."""
    latest = latest_correction_ids(inspection_id)
    return (
        select(Answer, Response, Survey.definition_key, AnalysisResult, AnswerCorrection, _is_flagged())
        .join(Response, Answer.response_id == Response.id)
        .join(Survey, Response.survey_id == Survey.id)
        .outerjoin(AnalysisResult, AnalysisResult.id == Answer.current_result_id)
        .outerjoin(latest, latest.c.answer_id == Answer.id)
        .outerjoin(AnswerCorrection, AnswerCorrection.id == latest.c.latest)
        .where(
            Survey.inspection_id == inspection_id,
            Response.status == ResponseStatus.SUBMITTED,
            Answer.text.is_not(None),
            Answer.text != "",
        )
    )


def _is_carer_group(group: str):
    """Return a condition: the kinship answer puts the response in `group` (frames.carer_of_responses)."""
    survey, question = CARER_QUESTION
    kinship = aliased(Answer)
    not_a_carer = cast(kinship.option_keys, Text).contains(f'"{NOT_A_KINSHIP_CARER}"')
    return exists().where(
        kinship.response_id == Response.id,
        kinship.question_key == question,
        kinship.status == AnswerStatus.ANSWERED,
        not_a_carer if group == PARENT else ~not_a_carer,
    ) & (Survey.definition_key == survey)


def filtered(query: Select, filters: AnswerFilters) -> Select:
    """Return the query narrowed by every filter given."""
    conditions = []
    if filters.answer is not None:
        conditions.append(Answer.id == filters.answer)
    if filters.survey:
        conditions.append(Survey.definition_key == filters.survey)
    if filters.question:
        conditions.append(Answer.question_key == filters.question)
    if filters.theme:
        conditions.append(_has_theme(filters.theme))
    if filters.sentiment:
        tone = func.coalesce(AnswerCorrection.sentiment_label, AnalysisResult.sentiment_label)
        conditions.append(tone == filters.sentiment)
    if filters.flag:
        conditions.append(_is_flagged() if filters.flag == "flagged" else ~_is_flagged())
    for name, column in (
        ("age_band", Response.age_band),
        ("respondent", Response.respondent_group),
        ("agency", Response.agency),
        ("language", Response.language),
    ):
        if getattr(filters, name):
            conditions.append(column == getattr(filters, name))
    if filters.assisted:
        conditions.append(Response.assisted.is_(filters.assisted == "yes"))
    if filters.carer:
        conditions.append(_is_carer_group(filters.carer))
    if filters.q:
        conditions.append(Answer.text.icontains(filters.q, autoescape=True))
    return query.where(and_(true(), *conditions))


def count_answers(inspection_id: int, filters: AnswerFilters) -> int:
    """Return how many answers the filters pick."""
    query = filtered(free_text_answers(inspection_id), filters).with_only_columns(Answer.id)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def page_of_answers(inspection_id: int, filters: AnswerFilters, page: PageOf) -> list[ListedAnswer]:
    """Return one page of the answers the filters pick, in the order they were saved."""
    return _listed(filtered(free_text_answers(inspection_id), filters)
                   .order_by(Answer.id).offset(page.offset).limit(page.size))


def numbers_on_page(inspection_id: int, filters: AnswerFilters, page: PageOf) -> list[int]:
    """Return the numbers of one page of the answers the filters pick, in the order they were saved."""
    query = filtered(free_text_answers(inspection_id), filters).with_only_columns(Answer.id)
    return list(db.session.scalars(query.order_by(Answer.id).offset(page.offset).limit(page.size)))


def answers_numbered(inspection_id: int, numbers: list[int]) -> list[ListedAnswer]:
    """Return the inspection's free-text answers of these numbers, in the order they were saved."""
    if not numbers:
        return []
    return _listed(free_text_answers(inspection_id).where(Answer.id.in_(numbers)).order_by(Answer.id))


def _listed(query: Select) -> list[ListedAnswer]:
    rows = db.session.execute(query).all()
    return [
        ListedAnswer(answer, response, key, reading, correction, bool(flagged))
        for answer, response, key, reading, correction, flagged in rows
    ]


def corrected_themes(item: ListedAnswer) -> list[str]:
    """Return the themes an answer counts under: corrected where corrected, else as read."""
    if item.correction is not None:
        return [theme for theme in THEMES if theme in (item.correction.themes or ())]
    return analysis_themes(item.reading)


def analysis_themes(reading: AnalysisResult | None) -> list[str]:
    """Return the themes a reading gave (none without a reading)."""
    return [theme for theme in THEMES if reading is not None and getattr(reading, f"theme_{theme}")]
