"""The respondent journey's storage: responses, sessions, answers, resume codes and submission.

Every answer is written as its page is posted; submission is a single conditional update, so a
double click, a refresh or a resubmission can never make a second response or lose the first.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from flask import abort, current_app, session
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from analysis.theme_list import THEME_COLUMNS
from participation.extensions import db
from participation.models import Answer, AnswerStatus, Response, ResponseStatus, Survey, today
from participation.respond.codes import (
    keyed_hash,
    new_resume_code,
    new_session_key,
    new_submit_key,
    normalise_resume_code,
)
from participation.surveys import Question, SurveyDefinition

log = logging.getLogger(__name__)

SESSION_RESPONSES = "responses"  # survey token -> session key, in the signed session cookie
RESPONDENT_OF_AUDIENCE = {"children": "child", "parents": "parent", "staff": "staff"}


@dataclass(frozen=True)
class OpenSurvey:
    """A survey that is open now, with its definition."""

    survey: Survey
    definition: SurveyDefinition


def open_survey(token: str) -> OpenSurvey:
    """Return the open survey behind a token, or answer 404 (closed and unknown look the same)."""
    survey = db.session.scalar(select(Survey).where(Survey.token == token))
    definitions = current_app.extensions["survey_definitions"]
    if survey is None or survey.definition_key not in definitions or not is_open(survey):
        abort(404)
    return OpenSurvey(survey, definitions[survey.definition_key])


def is_open(survey: Survey, on: dt.date | None = None) -> bool:
    """Say whether a survey takes answers on the given date (today by default)."""
    on = on or today()
    if not survey.is_open:
        return False
    if survey.opens_on and on < survey.opens_on:
        return False
    return not (survey.closes_on and on > survey.closes_on)


def current_response(survey: Survey) -> Response | None:
    """Return the response this browser session is filling in for the survey, if any."""
    key = session.get(SESSION_RESPONSES, {}).get(survey.token)
    if not key:
        return None
    return db.session.scalar(
        select(Response).where(
            Response.survey_id == survey.id,
            Response.session_key_hash == keyed_hash(key),
            Response.status == ResponseStatus.IN_PROGRESS,
        )
    )


def _attach(survey: Survey, response: Response) -> None:
    """Tie the response to this browser session with a fresh key."""
    key = new_session_key()
    response.session_key_hash = keyed_hash(key)
    held = dict(session.get(SESSION_RESPONSES, {}))
    held[survey.token] = key
    session[SESSION_RESPONSES] = held


def begin_response(opened: OpenSurvey, language: str) -> Response:
    """Start a response, or carry on with the one this session already has."""
    existing = current_response(opened.survey)
    if existing is not None:
        return existing
    response = Response(
        survey_id=opened.survey.id,
        definition_version=opened.definition.version,
        respondent_group=opened.definition.audience,
        language=language,
        assisted=False,
        status=ResponseStatus.IN_PROGRESS,
        started_on=today(),
        submit_key=new_submit_key(),
    )
    _attach(opened.survey, response)
    db.session.add(response)
    db.session.commit()
    return response


def end_session() -> None:
    """End every survey session of this browser on the server, then forget the cookie."""
    keys = list(session.get(SESSION_RESPONSES, {}).values())
    if keys:
        db.session.execute(
            update(Response)
            .where(Response.session_key_hash.in_([keyed_hash(k) for k in keys]))
            .values(session_key_hash=None)
        )
        db.session.commit()
    language = session.get("lang")
    session.clear()
    if language:
        # The language is not an answer; keeping it lets a child start again in their language.
        session["lang"] = language


def answers_by_key(response: Response) -> dict[str, Answer]:
    """Return the response's saved answers keyed by question."""
    return {answer.question_key: answer for answer in response.answers}


def save_answer(
    response: Response,
    question: Question,
    status: AnswerStatus,
    option_keys: list[str] | None = None,
    text: str | None = None,
) -> None:
    """Store one answer at once, replacing an earlier answer to the same question."""
    values = {
        "response_id": response.id,
        "question_key": question.key,
        "status": str(status),
        "option_keys": option_keys if status == AnswerStatus.ANSWERED and option_keys else None,
        "text": text if status == AnswerStatus.ANSWERED and text else None,
    }
    values.update(analysis_columns(response, question, values["text"]))
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    # One statement, so two quick posts of the same page leave one answer, never a conflict.
    statement = insert(Answer).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["response_id", "question_key"],
        set_={
            name: statement.excluded[name]
            for name in values
            if name not in ("response_id", "question_key")
        },
    )
    db.session.execute(statement)
    db.session.commit()
    db.session.expire(response, ["answers"])


NOT_ANALYSED = {
    "analysed": False,
    **dict.fromkeys(THEME_COLUMNS),
    "sentiment_polarity": None,
    "sentiment_label": None,
    "safeguarding_flag": False,
    "analysis_evidence": None,
}


def analysis_columns(response: Response, question: Question, text: str | None) -> dict:
    """Theme a free-text answer as it is saved: a disclosure may come just before a quick exit."""
    if question.type != "free_text" or not text or not current_app.config["ANALYSE_ON_SAVE"]:
        return dict(NOT_ANALYSED)
    try:
        from analysis import analyse_answer

        result = analyse_answer(
            text,
            respondent=RESPONDENT_OF_AUDIENCE.get(response.respondent_group),
            question=question.wordings[next(iter(question.wordings))].text,
            language=response.language,
        )
        evidence = result["evidence"]
        return {
            "analysed": True,
            **{column: bool(result[column]) for column in THEME_COLUMNS},
            "sentiment_polarity": float(result["sentiment_polarity"]),
            "sentiment_label": str(result["sentiment_label"]),
            "safeguarding_flag": bool(result["safeguarding_flag"]),
            "analysis_evidence": evidence if isinstance(evidence, str) else json.dumps(evidence),
        }
    except Exception:  # a failed analysis must never lose or hide an answer
        log.exception("analysis failed; the answer is flagged for a person to read")
        return dict(
            NOT_ANALYSED,
            safeguarding_flag=True,
            analysis_evidence=json.dumps({"safeguarding": ["analysis failed: needs a person to read"]}),
        )


def set_about(response: Response, age_band: str | None = None, agency: str | None = None) -> None:
    """Record the age band or agency the respondent chose (None when they'd rather not say)."""
    response.age_band = age_band
    response.agency = agency
    db.session.commit()


def submit(response: Response, definition: SurveyDefinition) -> bool:
    """Send the response once; return False if it had already been sent."""
    saved = answers_by_key(response)
    for question in definition.questions:
        if question.key not in saved:
            db.session.add(
                Answer(response_id=response.id, question_key=question.key, status=AnswerStatus.SKIPPED)
            )
    # Conditional on still being in progress, so of two racing submits exactly one wins.
    result = db.session.execute(
        update(Response)
        .where(Response.id == response.id, Response.status == ResponseStatus.IN_PROGRESS)
        .values(
            status=ResponseStatus.SUBMITTED,
            submitted_on=today(),
            session_key_hash=None,
            resume_code_hash=None,
            resume_expires_on=None,
        )
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    db.session.commit()
    return True


def submitted_with_key(survey: Survey, submit_key: str) -> Response | None:
    """Return the already-sent response whose submit form carried this key."""
    if not submit_key:
        return None
    return db.session.scalar(
        select(Response).where(
            Response.survey_id == survey.id,
            Response.submit_key == submit_key,
            Response.status == ResponseStatus.SUBMITTED,
        )
    )


def issue_resume_code(response: Response) -> tuple[str, dt.date]:
    """Give the response a new resume code (the old one stops working) and its expiry date."""
    code = new_resume_code()
    expires = today() + dt.timedelta(days=current_app.config["RESUME_CODE_DAYS"])
    response.resume_code_hash = keyed_hash(code)
    response.resume_expires_on = expires
    db.session.commit()
    return code, expires


@dataclass(frozen=True)
class ResumeResult:
    response: Response | None
    problem: str | None  # "invalid", "expired" or None


def resume(opened: OpenSurvey, typed: str) -> ResumeResult:
    """Attach the in-progress response behind a typed code to this session."""
    code = normalise_resume_code(typed)
    if code is None:
        return ResumeResult(None, "invalid")
    response = db.session.scalar(
        select(Response).where(
            Response.survey_id == opened.survey.id,
            Response.resume_code_hash == keyed_hash(code),
            Response.status == ResponseStatus.IN_PROGRESS,
        )
    )
    if response is None:
        return ResumeResult(None, "invalid")
    if response.resume_expires_on is None or response.resume_expires_on < today():
        return ResumeResult(None, "expired")
    _attach(opened.survey, response)
    db.session.commit()
    return ResumeResult(response, None)
