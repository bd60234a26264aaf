"""The respondent journey's storage: responses, sessions, answers, resume codes and submission.

Every answer is written as its page is posted; submission is a single conditional update, so a
double click, a refresh or a resubmission can never make a second response or lose the first.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import cache

from flask import abort, current_app, session
from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import Gone

from participation.analysis_store import analysis_version, read_text, store_reading
from participation.extensions import db
from participation.models import (
    AnalysisResult,
    Answer,
    AnswerStatus,
    Response,
    ResponseStatus,
    Survey,
    today,
)
from participation.respond.codes import (
    candidate_hashes,
    keyed_hash,
    new_resume_code,
    new_session_key,
    new_submit_key,
    normalise_resume_code,
)
from participation.respond.concern import offer_help_on_next_page
from participation.safeguarding import flag_answer_of_concern
from participation.surveys import Question, SurveyDefinition

log = logging.getLogger(__name__)

SESSION_RESPONSES = "responses"  # survey token -> session key, in the signed session cookie


@dataclass(frozen=True)
class OpenSurvey:
    """A survey that is open now, with its definition."""

    survey: Survey
    definition: SurveyDefinition


class SurveyClosed(Gone):
    """A known survey that takes no answers now: its pages say so kindly, with where to get help."""


def open_survey(token: str) -> OpenSurvey:
    """Return the open survey behind a token; answer 410 if it has closed, 404 if it is unknown."""
    return _opened(db.session.scalar(_survey_by_token(), {"token": token}))


def open_survey_and_response(token: str) -> tuple[OpenSurvey, Response | None]:
    """Return the open survey behind a token and the response this browser session is filling in.

    One query instead of two: every question page and answer needs both.
    """
    key = _session_key(token)
    if not key:
        return open_survey(token), None
    hashes = candidate_hashes(key)
    found = db.session.execute(_survey_and_response_by_token(), {"token": token, "hashes": hashes}).first()
    opened = _opened(found[0] if found else None)
    response = found[1] if found else None
    return opened, _rekeyed(response, Response.session_key_hash, hashes)


# The queries of every respondent page are built once a process, with their values bound at each
# run: building a statement and working out its cache key cost more of a page's CPU than running it
# (py-spy on the workers under load, bench/load.py).


@cache
def _survey_by_token():
    return select(Survey).where(Survey.token == bindparam("token"))


@cache
def _survey_and_response_by_token():
    return (
        select(Survey, Response)
        .outerjoin(Response, _in_progress_of(Survey.id, Response.session_key_hash))
        .where(Survey.token == bindparam("token"))
    )


@cache
def _in_progress_response(column_key: str):
    return select(Response).where(_in_progress_of(bindparam("survey_id"), getattr(Response, column_key)))


def _one_answer():
    """Return the condition for one response's answer to one question (``response_id``, ``question_key``)."""
    return and_(
        Answer.response_id == bindparam("response_id"), Answer.question_key == bindparam("question_key")
    )


@cache
def _answer_to_question():
    return select(Answer).where(_one_answer())


@cache
def _previous_reading():
    return (
        select(Answer.text, AnalysisResult.version)
        .outerjoin(AnalysisResult, AnalysisResult.id == Answer.current_result_id)
        .where(_one_answer())
    )


def read_without_transaction() -> None:
    """Run this request's statements each on its own, with no BEGIN before them or ROLLBACK after.

    For pages that are only shown: their two or three reads need no shared snapshot, and on
    PostgreSQL the transaction's two commands were half a page's round trips to the server, each
    a wait and a wake-up on a busy machine. The only write such a page makes, re-keying a
    session under a rotated key, is a single UPDATE, which commits on its own.
    """
    db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _opened(survey: Survey | None) -> OpenSurvey:
    definitions = current_app.extensions["survey_definitions"]
    if survey is None or survey.definition_key not in definitions:
        abort(404)
    if not is_open(survey):
        raise SurveyClosed()
    return OpenSurvey(survey, definitions[survey.definition_key])


def as_started(opened: OpenSurvey, response: Response) -> OpenSurvey:
    """Return the survey in the version this response started on, so its wording never shifts."""
    versions = current_app.extensions["survey_versions"].get(opened.survey.definition_key, {})
    started = versions.get(response.definition_version)
    if started is None:
        # The loader keeps every published version; a missing one means a file was removed.
        log.warning("survey version %s is not loaded; using the current one", response.definition_version)
        return opened
    return OpenSurvey(opened.survey, started)


def is_open(survey: Survey, on: dt.date | None = None) -> bool:
    """Say whether a survey takes answers on the given date (today by default)."""
    on = on or today()
    if not survey.is_open:
        return False
    if survey.opens_on and on < survey.opens_on:
        return False
    return not (survey.closes_on and on > survey.closes_on)


def _in_progress_by_hash(survey: Survey, column, value: str) -> Response | None:
    """Find the survey's in-progress response whose keyed hash of `value` is in `column`.

    A match under a previous respondent key is re-keyed under the current one.
    """
    hashes = candidate_hashes(value)
    statement = _in_progress_response(column.key)
    response = db.session.scalar(statement, {"survey_id": survey.id, "hashes": hashes})
    return _rekeyed(response, column, hashes)


def _in_progress_of(survey_id, column):
    """Return the condition for the survey's in-progress response whose keyed hash is in `column`.

    The hashes are bound at each run, as the list ``hashes``.
    """
    return and_(
        Response.survey_id == survey_id,
        column.in_(bindparam("hashes", expanding=True)),
        Response.status == ResponseStatus.IN_PROGRESS,
    )


def _rekeyed(response: Response | None, column, hashes: list[str]) -> Response | None:
    """Store the hash under the current respondent key when the match was under a previous one."""
    if response is not None and getattr(response, column.key) != hashes[0]:
        setattr(response, column.key, hashes[0])
        db.session.commit()
    return response


def _session_key(token: str) -> str | None:
    """Return the key this browser session holds for the survey's response, if any."""
    return session.get(SESSION_RESPONSES, {}).get(token)


def current_response(survey: Survey) -> Response | None:
    """Return the response this browser session is filling in for the survey, if any."""
    key = _session_key(survey.token)
    if not key:
        return None
    return _in_progress_by_hash(survey, Response.session_key_hash, key)


def _hold_key(survey: Survey, key: str) -> None:
    """Keep the session key in this browser's cookie, which ends after the idle timeout."""
    held = dict(session.get(SESSION_RESPONSES, {}))
    held[survey.token] = key
    session[SESSION_RESPONSES] = held
    # Permanent, so the signed cookie carries its time and expires after PERMANENT_SESSION_LIFETIME
    # without a request (refreshed by each one): an idle timeout with nothing stored on the server.
    session.permanent = True


def _attach(survey: Survey, response: Response) -> None:
    """Tie the response to this browser session with a fresh key."""
    key = new_session_key()
    response.session_key_hash = keyed_hash(key)
    _hold_key(survey, key)


def new_start_key() -> str:
    """Return the key a start page's form carries: the session key of the response it starts."""
    return new_session_key()


def is_start_key(value: str) -> bool:
    """Say whether a posted start key looks like one this app made."""
    return 32 <= len(value) <= 64 and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in value)


def begin_response(opened: OpenSurvey, language: str, start_key: str, *, assisted: bool = False) -> Response:
    """Start a response, or carry on with the one this session or this start form already began.

    The start form's key becomes the session key, so several quick clicks on "Start now" (each
    sent before the first answer's cookie arrives) make one response, not one each.
    """
    existing = current_response(opened.survey)
    if existing is not None:
        return existing
    key_hash = keyed_hash(start_key)
    values = {
        "survey_id": opened.survey.id,
        "definition_version": opened.definition.version,
        "respondent_group": opened.definition.audience,
        "language": language,
        "assisted": assisted,
        "status": str(ResponseStatus.IN_PROGRESS),
        "started_on": today(),
        "submit_key": new_submit_key(),
        "session_key_hash": key_hash,
    }
    db.session.execute(_insert().values(**values).on_conflict_do_nothing())
    db.session.commit()
    _hold_key(opened.survey, start_key)
    response = _in_progress_by_hash(opened.survey, Response.session_key_hash, start_key)
    if response is None:
        # The key belongs to a response that has ended (sent, or another survey's): start afresh.
        key = new_session_key()
        db.session.execute(_insert().values(**dict(values, session_key_hash=keyed_hash(key))))
        db.session.commit()
        _hold_key(opened.survey, key)
        response = current_response(opened.survey)
    return response


def _insert():
    """Return the dialect's INSERT, which knows ON CONFLICT."""
    dialect = db.session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(Response)


def end_session() -> None:
    """End every survey session of this browser on the server, then forget the cookie."""
    keys = list(session.get(SESSION_RESPONSES, {}).values())
    if keys:
        hashes = [digest for key in keys for digest in candidate_hashes(key)]
        db.session.execute(
            update(Response)
            .where(Response.session_key_hash.in_(hashes))
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


def saved_answer(response: Response, question_key: str) -> Answer | None:
    """Return the response's saved answer to one question (one row, not the whole response)."""
    which = {"response_id": response.id, "question_key": question_key}
    return db.session.scalar(_answer_to_question(), which)


def save_answer(
    response: Response,
    question: Question,
    status: AnswerStatus,
    option_keys: list[str] | None = None,
    text: str | None = None,
) -> None:
    """Store one answer at once, replacing an earlier answer to the same question.

    The answer, its analysis result and any safeguarding entry are written in one transaction:
    an answer is never stored without what was found in it. Choosing an option of concern
    shows the help numbers on the next page.
    """
    values = {
        "response_id": response.id,
        "question_key": question.key,
        "status": str(status),
        "option_keys": option_keys if status == AnswerStatus.ANSWERED and option_keys else None,
        "text": text if status == AnswerStatus.ANSWERED and text else None,
    }
    # The same text already read by this version of the analysis is not read again (asked only
    # when there is text: a choice has nothing to read).
    unchanged = False
    if values["text"] is not None:
        which = {"response_id": response.id, "question_key": question.key}
        previous = db.session.execute(_previous_reading(), which).first()
        unchanged = (
            previous is not None
            and previous.text == values["text"]
            and previous.version == analysis_version()
        )
    reading = None if unchanged else analysis_columns(response, question, values["text"])
    if reading is None and not unchanged:
        values["current_result_id"] = None  # no text to read: earlier readings stay, none current
    # One statement, so two quick posts of the same page leave one answer, never a conflict.
    statement = upsert_answer(db.session.get_bind().dialect.name, tuple(values))
    try:
        answer_id = db.session.execute(statement, values).scalar_one()
        concerning = question.concerning(values["option_keys"])
        # Loaded only when something is added to it: most answers are a choice and need nothing.
        if reading is not None or concerning:
            answer = db.session.get(Answer, answer_id, populate_existing=True)
            if reading is not None:
                store_reading(answer, reading)
            if concerning:
                flag_answer_of_concern(answer, concerning)
                offer_help_on_next_page()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    db.session.expire(response, ["answers"])


@cache
def upsert_answer(dialect: str, columns: tuple[str, ...]):
    """Return the statement that stores one answer or replaces the earlier one, built once a process.

    Building it (the conflict clause's column copies) took a quarter of an answer's save.
    """
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Answer.__table__)
    return statement.on_conflict_do_update(
        index_elements=["response_id", "question_key"],
        set_={
            name: statement.excluded[name] for name in columns if name not in ("response_id", "question_key")
        },
    ).returning(Answer.__table__.c.id)


def analysis_columns(response: Response, question: Question, text: str | None) -> dict | None:
    """Theme a free-text answer as it is saved: a disclosure may come just before a quick exit.

    Return the columns of its ``AnalysisResult``, or None when there is nothing to analyse.
    """
    if question.type != "free_text" or not text or not current_app.config["ANALYSE_ON_SAVE"]:
        return None
    return read_text(
        text,
        response.respondent_group,
        question.wordings[next(iter(question.wordings))].text,
        response.language,
    )


def set_about(response: Response, age_band: str | None = None, agency: str | None = None) -> None:
    """Record the age band or agency the respondent chose (None when they'd rather not say)."""
    response.age_band = age_band
    response.agency = agency
    db.session.commit()


def submit(response: Response, definition: SurveyDefinition) -> bool:
    """Send the response once; return False if it had already been sent (by a racing request too)."""
    saved = answers_by_key(response)
    skipped = [
        {"response_id": response.id, "question_key": question.key, "status": str(AnswerStatus.SKIPPED)}
        for question in definition.questions
        if question.key not in saved
    ]
    try:
        if skipped:
            # A racing send of the same form may write the same skipped answers: keep the first.
            dialect = db.session.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            db.session.execute(insert(Answer).values(skipped).on_conflict_do_nothing())
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
    except OperationalError:
        # SQLite refuses a write whose snapshot a racing send has just made stale; if that send
        # won, this one is simply late. Anything else is a real failure for the error page.
        db.session.rollback()
        if was_submitted(response.id):
            return False
        raise
    return True


def was_submitted(response_id: int) -> bool:
    """Say whether the response has been sent (read afresh from the database)."""
    status = db.session.scalar(select(Response.status).where(Response.id == response_id))
    return status == ResponseStatus.SUBMITTED


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
    response = _in_progress_by_hash(opened.survey, Response.resume_code_hash, code)
    if response is None:
        return ResumeResult(None, "invalid")
    if response.resume_expires_on is None or response.resume_expires_on < today():
        return ResumeResult(None, "expired")
    _attach(opened.survey, response)
    db.session.commit()
    if response.language in current_app.config["AVAILABLE_LANGUAGES"]:
        # Carry on in the language the answers were being given in, on whatever device.
        session["lang"] = response.language
    return ResumeResult(response, None)
