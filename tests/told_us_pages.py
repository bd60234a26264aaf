"""Put "what you told us" pages and answers straight in the database, for the tests of the page a
closed survey's link shows (the workspace's own tests write them through its forms)."""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app
from sqlalchemy import select

from participation.analysis_store import read_text, store_reading
from participation.extensions import db
from participation.models import (
    Answer,
    AnswerStatus,
    Response,
    ResponseStatus,
    Survey,
    ToldUsPage,
    ToldUsPublication,
)
from participation.told_us import approval_figures, sent_responses


def survey_with_token(token: str) -> Survey:
    return db.session.scalar(select(Survey).where(Survey.token == token))


def write_page(token: str, band: str, language: str, *, approved: bool = True, told_us: str = "",
               examples: str = "", will_do: str = "", question_keys: list[str] | None = None) -> None:
    """Write a page for a survey (approved unless told) and commit."""
    survey = survey_with_token(token)
    page = ToldUsPage(
        survey_id=survey.id, band=band, language=language, revision=1,
        told_us=told_us or f"Told us, {band}, {language}.", examples=examples,
        will_do=will_do or f"Will do, {band}, {language}.", question_keys=question_keys or [],
        edited_by="writer@example.org",
    )
    db.session.add(page)
    db.session.flush()
    if approved:
        # As the workspace approves: with the figures and the count of sent responses as they are.
        definition = current_app.extensions["survey_definitions"][survey.definition_key]
        page.approved_revision = 1
        page.approved_by = "approver@example.org"
        page.approved_at = dt.datetime.now(dt.UTC)
        page.approved_figures = approval_figures(page, definition)
        page.responses_at_approval = sent_responses(survey)
    db.session.commit()


def close_and_publish(token: str, *, close: bool = True, publish: bool = True) -> None:
    """Close the survey and publish its inspection's pages (either may be left out); commit."""
    survey = survey_with_token(token)
    survey.is_open = not close
    if publish:
        db.session.add(ToldUsPublication(inspection_id=survey.inspection_id, published=True))
    db.session.commit()


def add_answers(token: str, band: str | None, question_key: str, option_keys: list[str],
                text: str | None = None) -> None:
    """Add one sent response per option key, each answering one question with it; commit."""
    survey = survey_with_token(token)
    for option in option_keys:
        response = Response(
            survey_id=survey.id, definition_version=2, respondent_group=survey.definition_key,
            age_band=band, language="en", status=ResponseStatus.SUBMITTED,
            submitted_on=dt.date.today(), submit_key=secrets.token_hex(16),
        )
        response.answers.append(Answer(question_key=question_key, status=AnswerStatus.ANSWERED,
                                       option_keys=[option]))
        db.session.add(response)
        if text:
            written = Answer(question_key="what_is_good", status=AnswerStatus.ANSWERED, text=text)
            response.answers.append(written)
            db.session.flush()
            # Read as the respondent app reads every answer as it is saved.
            store_reading(written, read_text(text, survey.definition_key, None, "en"))
    db.session.commit()
