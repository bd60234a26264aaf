"""Answer-level rows of one survey of an inspection: one row per sent response, one column per
question, read from the database in batches so memory stays bounded whatever the size.

What a row holds, and why:
* no response number and no date: rows are in a random order, so nothing in the file orders
  responses in time (the database's numbers would, finer than a day);
* the respondent's age band, agency, language and whether they were helped, blank where that
  combination is shared by too few respondents (`analysis.attribute_suppression`);
* a choice question's option key (multiple choice: the keys chosen, joined with ";"), or
  `prefer_not_to_say`; a skipped question is blank;
* a free-text answer's words, except in a response with any answer that is or ever was flagged
  for safeguarding: those stay in the safeguarding queue, where each decision is recorded, and the
  cell says so instead.
"""

from __future__ import annotations

import json
import random
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Text, and_, cast, func, select

from analysis.attribute_suppression import rare_combinations
from analysis.suppression import DEFAULT_MIN_N
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
from participation.surveys import SurveyDefinition

ATTRIBUTES = ("age_band", "agency", "language", "assisted")
LEADING_COLUMNS = ("row", "survey", *ATTRIBUTES, "attributes_withheld")
MULTIPLE_JOIN = ";"
FLAGGED_TEXT = "withheld: see the safeguarding queue"
DEFAULT_BATCH = 1000
# Option keys are identifiers (the survey loader's KEY_PATTERN), so their JSON list becomes the
# joined keys by dropping brackets, quotes and spaces; anything else is decoded as JSON.
_JSON_LIST_TO_KEYS = str.maketrans({"[": None, "]": None, '"': None, " ": None, ",": MULTIPLE_JOIN})
_PLAIN_KEYS = re.compile(r'\[\s*"[a-z0-9_]+"(\s*,\s*"[a-z0-9_]+")*\s*\]')


@dataclass(frozen=True)
class AnswerExport:
    """What to export: one survey of an inspection, its columns, and its responses in file order."""

    survey_id: int
    definition: SurveyDefinition
    response_ids: list[int]
    withheld: frozenset
    flagged: frozenset[int]
    min_n: int

    @property
    def columns(self) -> list[str]:
        return [*LEADING_COLUMNS, *self.definition.question_keys]

    @property
    def total(self) -> int:
        return len(self.response_ids)


def survey_of(inspection_id: int, key: str) -> Survey | None:
    """Return the inspection's survey of this definition, if it has one."""
    return db.session.scalar(
        select(Survey).where(Survey.inspection_id == inspection_id, Survey.definition_key == key)
    )


def _sent(survey_id: int):
    return and_(Response.survey_id == survey_id, Response.status == ResponseStatus.SUBMITTED)


def attribute_counts(survey_id: int) -> dict[tuple, int]:
    """Return how many sent responses share each combination of the group attributes."""
    columns = [getattr(Response, name) for name in ATTRIBUTES]
    rows = db.session.execute(
        select(*columns, func.count()).where(_sent(survey_id)).group_by(*columns)
    ).all()
    return {(row[0], row[1], row[2], bool(row[3])): row[4] for row in rows}


def plan_export(survey: Survey, definition: SurveyDefinition, min_n: int = DEFAULT_MIN_N) -> AnswerExport:
    """Decide the rows of an export: which responses, in a random order, and what to blank."""
    ids = list(db.session.scalars(select(Response.id).where(_sent(survey.id))))
    random.Random(secrets.randbits(64)).shuffle(ids)
    withheld = rare_combinations(attribute_counts(survey.id), min_n)
    return AnswerExport(survey.id, definition, ids, withheld, flagged_responses(survey.id), min_n)


def flagged_responses(survey_id: int) -> frozenset[int]:
    """Return the sent responses with an answer that is, or ever was, taken for a possible
    safeguarding matter: in the queue, read so by the analysis, or marked so by an inspector."""
    of_survey = (
        select(Answer.response_id).join(Response, Answer.response_id == Response.id).where(_sent(survey_id))
    )
    queries = (
        of_survey.join(SafeguardingEntry, SafeguardingEntry.answer_id == Answer.id),
        of_survey.join(AnswerCorrection, AnswerCorrection.answer_id == Answer.id)
        .where(AnswerCorrection.safeguarding.is_(True)),
        of_survey.join(AnalysisResult, AnalysisResult.id == Answer.current_result_id)
        .where(AnalysisResult.safeguarding_flag.is_(True)),
    )
    return frozenset(number for query in queries for number in db.session.scalars(query.distinct()))


def joined_keys(raw: str | None) -> str | None:
    """Return the option keys stored as a JSON list, joined with ";" (None for none)."""
    if not raw or raw == "null":
        return None
    if _PLAIN_KEYS.fullmatch(raw):
        return raw.translate(_JSON_LIST_TO_KEYS) or None
    keys = json.loads(raw)
    return MULTIPLE_JOIN.join(map(str, keys)) if keys else None


def _cell(status: str, raw_keys: str | None, text: str | None) -> str | None:
    if status == AnswerStatus.PREFER_NOT_TO_SAY:
        return "prefer_not_to_say"
    if status == AnswerStatus.SKIPPED:
        return None
    return joined_keys(raw_keys) or text or None


def _batch_rows(export: AnswerExport, ids: list[int], first_row: int) -> list[list]:
    """Return the rows of a batch of responses, in the order of `ids`."""
    responses = {
        row.id: row
        for row in db.session.execute(
            select(Response.id, *(getattr(Response, name) for name in ATTRIBUTES)).where(Response.id.in_(ids))
        )
    }
    free_text = {q.key for q in export.definition.questions if q.type == "free_text"}
    positions = {key: n for n, key in enumerate(export.definition.question_keys)}
    cells: dict[int, list] = {rid: [None] * len(positions) for rid in ids}
    # Core rows with the option keys as their JSON text: decoding each answer's list through the
    # JSON column type took most of an export's time.
    answers = db.session.connection().execute(
        select(Answer.response_id, Answer.question_key, Answer.status, cast(Answer.option_keys, Text),
               Answer.text).where(Answer.response_id.in_(ids))
    )
    for response_id, key, status, raw_keys, text in answers:
        if key not in positions:
            continue  # a question since removed from the definition
        cells[response_id][positions[key]] = _cell(status, raw_keys, text)
    rows = []
    for offset, rid in enumerate(ids):
        response = responses[rid]
        attributes = (response.age_band, response.agency, response.language, bool(response.assisted))
        hidden = attributes in export.withheld
        shown = [None] * len(ATTRIBUTES) if hidden else [
            attributes[0], attributes[1], attributes[2], "yes" if attributes[3] else "no"
        ]
        answers_of = cells[rid]
        if rid in export.flagged:
            for key in free_text:
                if answers_of[positions[key]] is not None:
                    answers_of[positions[key]] = FLAGGED_TEXT
        rows.append([first_row + offset, export.definition.key, *shown, 1 if hidden else 0, *answers_of])
    return rows


def answer_batches(export: AnswerExport, batch_size: int | None = None) -> Iterator[list[list]]:
    """Yield the export's rows a batch at a time (the first row is numbered 1)."""
    size = batch_size or current_app.config.get("EXPORT_BATCH_SIZE", DEFAULT_BATCH)
    for start in range(0, export.total, size):
        yield _batch_rows(export, export.response_ids[start:start + size], start + 1)
