"""Count submitted answers by question, wording version and outcome: what the retention purge keeps
(``RetainedCount``) and what the national benchmark reads while the answers still exist.

One grouped query per call: answers are grouped in the database by inspection, survey, version,
age band, agency, question, status and chosen options, so only a few rows per question reach
Python, however many people answered.

Besides each option and status, a choice question's answer counts towards ``share`` (`POSITIVE_SHARE`):
``base`` when it is in the base of "percentage positive" and ``positive`` when it is positive,
exactly as `analysis.summary` counts a respondent (skips and "I'd rather not say" are outside the
base, so are answers whose every option does not apply; a multiple-choice answer is positive when
any chosen option is). The polarity comes from the wording the respondent saw (their survey
version and age band), so the share can be recomputed after the answers are gone.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence

from sqlalchemy import String, cast, func, select

from participation.extensions import db
from participation.models import Answer, AnswerStatus, ResponseStatus, Survey
from participation.models import Response as SurveyResponse
from participation.surveys import DOES_NOT_APPLY, Question, SurveyDefinition

log = logging.getLogger(__name__)

# (survey key, question key, wording version, outcome kind, outcome, dimension, dimension value)
CountKey = tuple[str, str, int, str, str, str, str]
Versions = Mapping[str, Mapping[int, SurveyDefinition]]

# Fits RetainedCount.outcome_kind (10 characters): the share of answers that are positive.
POSITIVE_SHARE = "share"
BASE = "base"
POSITIVE = "positive"
ALL = "all"


def _question(versions: Versions, survey_key: str, version: int, question_key: str) -> Question | None:
    """Return the question as answered (that survey version, else the newest); None when gone."""
    by_version = versions.get(survey_key, {})
    for definition in (by_version.get(version), by_version.get(max(by_version, default=0))):
        if definition is None:
            continue
        try:
            return definition.question(question_key)
        except KeyError:
            continue
    log.warning("%s question %s (version %s) is not loaded: counted as wording version 0",
                survey_key, question_key, version)
    return None


def _positive_share(question: Question, band: str | None, option_keys: Sequence[str]) -> Iterator[str]:
    """Yield "base" and "positive" as the answer counts towards percentage positive."""
    if question.type == "free_text":
        return
    wording = question.wordings.get(band or "") or next(iter(question.wordings.values()))
    polarities = []
    for key in option_keys:
        try:
            polarities.append(wording.option(key).polarity)
        except KeyError:
            polarities.append(None)
    # As analysis.summary: an answer without options, or with one that applies, is in the base.
    if not polarities or any(polarity != DOES_NOT_APPLY for polarity in polarities):
        yield BASE
        if "positive" in polarities:
            yield POSITIVE


def _outcomes(status: str, option_keys: Sequence[str], question: Question | None,
              band: str | None) -> Iterator[tuple[str, str]]:
    """Yield the (kind, outcome) pairs one answer counts towards; never its text."""
    if status != AnswerStatus.ANSWERED:
        yield "status", str(status)
        return
    yield "status", "answered"
    for key in option_keys:
        yield "option", key
    if question is not None:
        for outcome in _positive_share(question, band, option_keys):
            yield POSITIVE_SHARE, outcome


def _option_keys(stored: str | None) -> list[str]:
    """Return the chosen keys from the stored JSON text, once each, in order."""
    keys = json.loads(stored) if stored else None
    return list(dict.fromkeys(keys or ()))


def count_submitted_answers(
    versions: Versions, inspection_ids: Collection[int] | None = None, *, dimensions: bool = True,
) -> dict[int, Counter[CountKey]]:
    """Return the counts of submitted answers per inspection (all, or those given), by question,
    wording version, outcome and, when ``dimensions``, also by age band and agency."""
    options = cast(Answer.option_keys, String)
    columns = [Survey.inspection_id, Survey.definition_key, SurveyResponse.definition_version,
               SurveyResponse.age_band, SurveyResponse.agency, Answer.question_key, Answer.status, options]
    query = (
        select(*columns, func.count())
        .join(SurveyResponse, SurveyResponse.survey_id == Survey.id)
        .join(Answer, Answer.response_id == SurveyResponse.id)
        .where(SurveyResponse.status == ResponseStatus.SUBMITTED)
        .group_by(*columns)
    )
    if inspection_ids is not None:
        query = query.where(Survey.inspection_id.in_(list(inspection_ids)))
    counts: dict[int, Counter[CountKey]] = {}
    questions: dict[tuple[str, int, str], Question | None] = {}
    for inspection_id, survey_key, version, age_band, agency, question_key, status, stored, number in (
        db.session.execute(query)
    ):
        place = (survey_key, version, question_key)
        if place not in questions:
            questions[place] = _question(versions, *place)
        question = questions[place]
        wording_version = question.wording_version if question is not None else 0
        groups = [(ALL, "")]
        if dimensions and age_band:
            groups.append(("age_band", age_band))
        if dimensions and agency:
            groups.append(("agency", agency))
        tally = counts.setdefault(inspection_id, Counter())
        for kind, outcome in _outcomes(status, _option_keys(stored), question, age_band):
            for dimension, value in groups:
                tally[(survey_key, question_key, wording_version, kind, outcome, dimension, value)] += number
    return counts
