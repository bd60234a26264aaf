"""Sent responses with answers to every question, added straight to the database."""

from __future__ import annotations

import secrets

from flask import Flask

from participation.analysis_store import store_reading
from participation.extensions import db
from participation.models import Answer, AnswerStatus, Response, ResponseStatus, SafeguardingEntry
from participation.respond.journey import analysis_columns
from participation.surveys import PREFER_NOT_TO_SAY
from tests.workspace.responses import survey_of


def add_answered(app: Flask, inspection_id: int, key: str = "children", number: int = 1, *,
                 age_band: str | None = "12-17", agency: str | None = None, language: str = "en",
                 assisted: bool = False, text: str = "My worker listens to me",
                 flagged: bool = False) -> list[int]:
    """Add `number` sent responses answering every question (first option, or `text`); return their ids.

    Free text is analysed as on saving (which may flag it); with `flagged`, each response's first
    free-text answer is put in the safeguarding queue whatever the analysis says.
    """
    ids = []
    with app.app_context():
        definition = app.extensions["survey_definitions"][key]
        survey = survey_of(inspection_id, key)
        band = age_band if age_band in definition.bands else definition.bands[0]
        for _ in range(number):
            response = Response(
                survey_id=survey.id, definition_version=definition.version, respondent_group=key,
                age_band=age_band if key == "children" else None, agency=agency, language=language,
                assisted=assisted, status=ResponseStatus.SUBMITTED, submit_key=secrets.token_hex(16),
            )
            db.session.add(response)
            db.session.flush()
            first_text = None
            for question in definition.questions:
                if question.type == "free_text":
                    answer = Answer(response_id=response.id, question_key=question.key,
                                    status=AnswerStatus.ANSWERED, text=text)
                else:
                    options = [o.key for o in question.wording(band).options if o.key != PREFER_NOT_TO_SAY]
                    chosen = options[:2] if question.type == "multiple_choice" else options[:1]
                    answer = Answer(response_id=response.id, question_key=question.key,
                                    status=AnswerStatus.ANSWERED, option_keys=chosen)
                db.session.add(answer)
                reading = analysis_columns(response, question, answer.text)
                if reading is not None:
                    db.session.flush()
                    store_reading(answer, reading)
                if question.type == "free_text" and first_text is None:
                    first_text = answer
            if flagged and first_text is not None:
                db.session.flush()
                db.session.add(SafeguardingEntry(
                    inspection_id=inspection_id, survey_id=survey.id, response_id=response.id,
                    answer_id=first_text.id, question_key=first_text.question_key, respondent_group=key,
                    age_band=response.age_band, language=language, reason="possible_disclosure", text=text,
                ))
            ids.append(response.id)
        db.session.commit()
    return ids
