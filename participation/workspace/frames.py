"""The one place that turns database rows into the frames `analysis` reads.

`answers_frame` gives the long answers frame of `analysis.summary` (one row per answer, one per
chosen option of a multiple-choice question), with the polarity and themes of each question from
its survey definition and the analysis stored beside each free-text answer as it was saved, so
pages read stored analysis and never analyse in bulk inside a request.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from participation.extensions import db
from participation.models import Answer, Response, ResponseStatus, Survey
from participation.respond.journey import RESPONDENT_OF_AUDIENCE
from participation.surveys import SurveyDefinition

STORED_ANALYSIS = (
    "theme_wellbeing", "theme_relationships", "theme_process", "theme_involvement", "theme_leadership",
    "sentiment_polarity", "sentiment_label", "safeguarding_flag",
)
COLUMNS = (
    "answer_id", "response_id", "survey", "respondent", "age_band", "agency", "language", "assisted",
    "question_key", "question_type", "themes", "question", "option_key", "polarity", "status", "text",
    *STORED_ANALYSIS,
)


def _rows(answer: Answer, response: Response, definition: SurveyDefinition, with_text: bool):
    """Yield the frame's rows for one stored answer."""
    try:
        question = definition.question(answer.question_key)
    except KeyError:
        return  # a question since removed from the definition: nothing to say what it meant
    band = response.age_band if response.age_band in question.wordings else definition.bands[0]
    wording = question.wording(band)
    common = {
        "answer_id": answer.id, "response_id": str(response.id), "survey": definition.key,
        "respondent": RESPONDENT_OF_AUDIENCE.get(response.respondent_group, response.respondent_group),
        "age_band": response.age_band, "agency": response.agency, "language": response.language,
        "assisted": response.assisted, "question_key": question.key, "question_type": question.type,
        "themes": ";".join(question.themes), "question": wording.text, "status": answer.status,
        "text": answer.text if with_text else None,
        **{name: getattr(answer, name) for name in STORED_ANALYSIS},
    }
    for key in answer.option_keys or [None]:
        polarity = None
        if key is not None:
            try:
                polarity = wording.option(key).polarity
            except KeyError:
                polarity = None
        yield {**common, "option_key": key, "polarity": polarity}


def answers_frame(
    inspection_id: int, definitions: dict[str, SurveyDefinition], *, with_text: bool = True,
) -> pd.DataFrame:
    """Return the submitted answers of an inspection as the frame `analysis.summarise` reads.

    `with_text=False` leaves free text out, for pages whose readers may not see answers.
    """
    rows = db.session.execute(
        select(Answer, Response, Survey.definition_key)
        .join(Response, Answer.response_id == Response.id)
        .join(Survey, Response.survey_id == Survey.id)
        .where(Survey.inspection_id == inspection_id, Response.status == ResponseStatus.SUBMITTED)
        .order_by(Response.id, Answer.id)
    ).all()
    records = [
        row
        for answer, response, key in rows
        if key in definitions
        for row in _rows(answer, response, definitions[key], with_text)
    ]
    return pd.DataFrame.from_records(records, columns=list(COLUMNS))
