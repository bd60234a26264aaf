"""Count in the database what respondents were told was saved: nothing lost, nothing duplicated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import create_engine, select

from bench.respondents import Respondent
from participation.config import ROOT
from participation.models import Answer, Response, ResponseStatus, Survey
from participation.surveys import load_definitions


@dataclass(frozen=True)
class Tally:
    respondents: int
    began: int  # respondents who pressed "Start now"
    responses: int  # rows for the survey in the database, sent or not
    acknowledged: int  # submissions answered with the thank-you page
    acknowledged_again: int  # submissions whose repeat was told "already sent"
    stored: int  # sent responses in the database
    lost: int  # acknowledged but not stored as sent
    unacknowledged: int  # stored as sent, but nobody was told so
    duplicated: int  # responses beyond one for each respondent who began
    answers_acknowledged: int
    answers_missing: int  # acknowledged answers of sent responses not stored as given
    partial: int  # sent responses without exactly one answer a question

    @property
    def exact(self) -> bool:
        """Say whether the database holds exactly what was acknowledged, whole."""
        return not (self.lost or self.unacknowledged or self.duplicated or self.answers_missing
                    or self.partial)

    def line(self) -> str:
        return (f"acknowledged {self.acknowledged} (+{self.acknowledged_again} on a repeat), "
                f"stored {self.stored}, lost {self.lost}, unacknowledged {self.unacknowledged}, "
                f"duplicated {self.duplicated}, answers {self.answers_acknowledged} acknowledged / "
                f"{self.answers_missing} missing, partial {self.partial}")


def stored_answer(row) -> tuple:
    """Return a stored answer in the form a respondent records it."""
    if row.status != "answered":
        return (row.status,)
    return ("answered", row.text) if row.text else ("answered", sorted(row.option_keys or []))


def tally(database_url: str, token: str, respondents: Sequence[Respondent]) -> Tally:
    """Compare the respondents' acknowledged submissions and answers with the database."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            survey = connection.execute(
                select(Survey.id, Survey.definition_key).where(Survey.token == token)
            ).one()
            rows = connection.execute(
                select(Response.id, Response.status, Response.submit_key).where(
                    Response.survey_id == survey.id)
            ).all()
            sent_ids = [row.id for row in rows if row.status == ResponseStatus.SUBMITTED]
            answers = connection.execute(
                select(Answer.response_id, Answer.question_key, Answer.status, Answer.option_keys,
                       Answer.text).where(Answer.response_id.in_(sent_ids))
            ).all() if sent_ids else []
    finally:
        engine.dispose()
    questions = load_definitions(ROOT / "participation" / "surveys" / "definitions")[
        survey.definition_key].questions
    number_of = {question.key: number for number, question in enumerate(questions, start=1)}
    by_response: dict[int, dict[int, tuple]] = {}
    for row in answers:
        by_response.setdefault(row.response_id, {})[number_of[row.question_key]] = stored_answer(row)
    counts = {row.response_id: 0 for row in answers}
    for row in answers:
        counts[row.response_id] += 1
    sent_by_key = {row.submit_key: row.id for row in rows if row.status == ResponseStatus.SUBMITTED}
    told = {person.submit_key: person for person in respondents if person.outcome != "not sent"}
    missing = 0
    for key, person in told.items():
        stored = by_response.get(sent_by_key.get(key, -1), {})
        missing += sum(1 for number, given in person.answers.items() if stored.get(number) != given)
    began = sum(1 for person in respondents if person.began)
    return Tally(
        respondents=len(respondents),
        began=began,
        responses=len(rows),
        acknowledged=sum(1 for person in respondents if person.outcome == "sent"),
        acknowledged_again=sum(1 for person in respondents if person.outcome == "sent again"),
        stored=len(sent_by_key),
        lost=len(told.keys() - sent_by_key.keys()),
        unacknowledged=len(sent_by_key.keys() - told.keys()),
        duplicated=max(0, len(rows) - began),
        answers_acknowledged=sum(len(person.answers) for person in told.values()),
        answers_missing=missing,
        partial=sum(1 for rid in sent_by_key.values() if counts.get(rid, 0) != len(questions)),
    )
