"""The one place that turns database rows into the frames `analysis` reads.

`answers_frame` gives the long answers frame of `analysis.summary` (one row per answer, one per
chosen option of a multiple-choice question), with the polarity and themes of each question from
its survey definition and the current stored reading of each free-text answer, so pages read
stored analysis and never analyse in bulk inside a request. Where an inspector has corrected an
answer's themes or tone, the latest correction replaces the analysis's labels (``corrected`` is
True), so every figure uses the corrected labels. An answer that has ever been in the
safeguarding queue, or that an inspector said needed safeguarding attention, stays flagged here
whatever its latest reading says, so it never surfaces in phrases or quotes.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import exists, select

from analysis.theme_list import THEMES
from participation.analysis_store import RESPONDENT_OF_GROUP
from participation.extensions import db
from participation.models import (
    AnalysisResult,
    Answer,
    AnswerCorrection,
    Response,
    ResponseStatus,
    SafeguardingEntry,
    Survey,
)
from participation.surveys import SurveyDefinition

STORED_ANALYSIS = (
    "theme_wellbeing", "theme_relationships", "theme_process", "theme_involvement", "theme_leadership",
    "sentiment_polarity", "sentiment_label", "safeguarding_flag",
)
COLUMNS = (
    "answer_id", "response_id", "survey", "respondent", "age_band", "agency", "language", "assisted",
    "question_key", "question_type", "themes", "question", "option_key", "polarity", "status", "text",
    *STORED_ANALYSIS, "corrected",
)


def _rows(answer: Answer, response: Response, definition: SurveyDefinition, with_text: bool,
          reading: AnalysisResult | None, ever_flagged: bool, correction: AnswerCorrection | None):
    """Yield the frame's rows for one stored answer, its current reading and latest correction."""
    try:
        question = definition.question(answer.question_key)
    except KeyError:
        return  # a question since removed from the definition: nothing to say what it meant
    band = response.age_band if response.age_band in question.wordings else definition.bands[0]
    wording = question.wording(band)
    common = {
        "answer_id": answer.id, "response_id": str(response.id), "survey": definition.key,
        "respondent": RESPONDENT_OF_GROUP.get(response.respondent_group, response.respondent_group),
        "age_band": response.age_band, "agency": response.agency, "language": response.language,
        "assisted": response.assisted, "question_key": question.key, "question_type": question.type,
        "themes": ";".join(question.themes), "question": wording.text, "status": answer.status,
        "text": answer.text if with_text else None,
        **{name: getattr(reading, name) if reading else None for name in STORED_ANALYSIS},
    }
    common["safeguarding_flag"] = bool(ever_flagged or (reading and reading.safeguarding_flag))
    common["corrected"] = correction is not None
    if correction is not None:
        common.update(corrected_labels(correction))
        common["safeguarding_flag"] = common["safeguarding_flag"] or bool(correction.safeguarding)
    for key in answer.option_keys or [None]:
        polarity = None
        if key is not None:
            try:
                polarity = wording.option(key).polarity
            except KeyError:
                polarity = None
        yield {**common, "option_key": key, "polarity": polarity}


def corrected_labels(correction: AnswerCorrection) -> dict[str, object]:
    """Return the frame's theme and tone columns as an inspector's correction gives them."""
    chosen = set(correction.themes or ())
    return {
        **{f"theme_{theme}": theme in chosen for theme in THEMES},
        "sentiment_label": correction.sentiment_label,
    }


def latest_corrections(inspection_id: int) -> dict[int, AnswerCorrection]:
    """Return each corrected answer's latest correction in an inspection, by answer id."""
    corrections = db.session.scalars(
        select(AnswerCorrection)
        .where(AnswerCorrection.inspection_id == inspection_id)
        .order_by(AnswerCorrection.id)
    )
    return {correction.answer_id: correction for correction in corrections}


def answers_frame(
    inspection_id: int, definitions: dict[str, SurveyDefinition], *, with_text: bool = True,
) -> pd.DataFrame:
    """Return the submitted answers of an inspection as the frame `analysis.summarise` reads.

    `with_text=False` leaves free text out, for pages whose readers may not see answers.
    """
    ever_flagged = exists().where(SafeguardingEntry.answer_id == Answer.id)
    rows = db.session.execute(
        select(Answer, Response, Survey.definition_key, AnalysisResult, ever_flagged)
        .join(Response, Answer.response_id == Response.id)
        .join(Survey, Response.survey_id == Survey.id)
        .outerjoin(AnalysisResult, AnalysisResult.id == Answer.current_result_id)
        .where(Survey.inspection_id == inspection_id, Response.status == ResponseStatus.SUBMITTED)
        .order_by(Response.id, Answer.id)
    ).all()
    corrections = latest_corrections(inspection_id)
    records = [
        row
        for answer, response, key, reading, flagged in rows
        if key in definitions
        for row in _rows(answer, response, definitions[key], with_text, reading, flagged,
                         corrections.get(answer.id))
    ]
    return pd.DataFrame.from_records(records, columns=list(COLUMNS))
