"""Add sent responses with one written answer each, read as a test says, straight to the database."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from participation.analysis_store import store_reading
from participation.extensions import db
from participation.models import Answer, AnswerStatus, Response, ResponseStatus
from tests.workspace.responses import survey_of

QUESTION = {"children": "what_is_good", "parents": "what_is_good", "staff": "what_is_working_well"}


@dataclass(frozen=True)
class Reading:
    """What the analysis is to have said of an answer."""

    themes: Sequence[str] = ()
    tone: str = "neutral"
    flagged: bool = False
    evidence: dict = field(default_factory=dict)
    analysed: bool = True


def reading_columns(reading: Reading) -> dict:
    themes = ("wellbeing", "relationships", "process", "involvement", "leadership")
    return {
        **{f"theme_{theme}": theme in reading.themes for theme in themes},
        "analysed": reading.analysed,
        "sentiment_polarity": {"positive": 0.6, "negative": -0.6}.get(reading.tone, 0.0),
        "sentiment_label": reading.tone,
        "safeguarding_flag": reading.flagged,
        "evidence": json.dumps(reading.evidence),
    }


def add_written(
    inspection_id: int,
    key: str,
    text: str,
    reading: Reading | None = Reading(),
    *,
    question: str | None = None,
    age_band: str | None = None,
    agency: str | None = None,
    language: str = "en",
    assisted: bool = False,
    sent: bool = True,
) -> int:
    """Add one response to a survey with one written answer and its reading; return the answer's id.

    Flagged readings put the answer in the safeguarding queue, as saving does. Committed.
    """
    response = Response(
        survey_id=survey_of(inspection_id, key).id,
        definition_version=1,
        respondent_group=key,
        age_band=age_band,
        agency=agency,
        language=language,
        assisted=assisted,
        status=ResponseStatus.SUBMITTED if sent else ResponseStatus.IN_PROGRESS,
        submit_key=secrets.token_hex(16),
    )
    db.session.add(response)
    db.session.flush()
    answer = Answer(
        response_id=response.id,
        question_key=question or QUESTION[key],
        status=AnswerStatus.ANSWERED,
        text=text,
    )
    db.session.add(answer)
    db.session.flush()
    if reading is not None:
        store_reading(answer, reading_columns(reading))
    db.session.commit()
    return answer.id
