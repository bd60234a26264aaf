"""`flask reanalyse`: read stored free-text answers again after the lexicons, model or code change.

Runs outside any request, in batches that each commit, so it is safe to stop and run again: an
answer whose current reading is by the current analysis version is not read again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload
from tqdm import tqdm

from participation.analysis_store import analysis_version, read_text, store_reading
from participation.extensions import db
from participation.models import AnalysisResult, Answer, Inspection, Response, Survey
from participation.surveys import SurveyDefinition

DEFAULT_BATCH = 500


@dataclass
class Progress:
    """What a run did, for its closing line."""

    read: int = 0
    entries: int = 0


def stale_answers(version: str, inspection_id: int | None = None) -> Select:
    """Return a query of the ids of answers with text whose current reading is not by ``version``."""
    query = (
        select(Answer.id)
        .outerjoin(AnalysisResult, AnalysisResult.id == Answer.current_result_id)
        .where(
            Answer.text.is_not(None),
            Answer.text != "",
            or_(Answer.current_result_id.is_(None), AnalysisResult.version != version),
        )
    )
    if inspection_id is not None:
        query = (
            query.join(Response, Response.id == Answer.response_id)
            .join(Survey, Survey.id == Response.survey_id)
            .where(Survey.inspection_id == inspection_id)
        )
    return query


def _question_text(versions: dict[str, dict[int, SurveyDefinition]], answer: Answer) -> str | None:
    """Return the question's first wording in the version the response was answered on, as it
    was read when saved (None if that version or question is gone)."""
    response = answer.response
    definition = versions.get(response.survey.definition_key, {}).get(response.definition_version)
    try:
        question = definition.question(answer.question_key) if definition else None
    except KeyError:
        return None
    if question is None or question.type != "free_text":
        return None
    return question.wordings[next(iter(question.wordings))].text


def reanalyse(
    inspection_id: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    on_batch: Callable[[int], None] | None = None,
) -> Progress:
    """Read every out-of-date answer again, committing each batch; return what was done.

    A new reading is appended and made current; a flag it raises adds a safeguarding entry, and
    an entry an earlier reading raised stays, whatever the new reading says.
    """
    version = analysis_version()
    versions = current_app.extensions["survey_versions"]
    progress = Progress()
    for ids in _batches(stale_answers(version, inspection_id), batch_size):
        answers = db.session.scalars(
            select(Answer)
            .where(Answer.id.in_(ids))
            .options(joinedload(Answer.response).joinedload(Response.survey))
            .order_by(Answer.id)
        )
        for answer in answers:
            response = answer.response
            reading = read_text(
                answer.text, response.respondent_group, _question_text(versions, answer),
                response.language,
            )
            if store_reading(answer, reading, version) is not None:
                progress.entries += 1
            progress.read += 1
        db.session.commit()
        if on_batch:
            on_batch(len(ids))
    return progress


def _batches(stale: Select, size: int) -> Iterator[list[int]]:
    """Yield the stale answers' ids a batch at a time, in id order, from past the last batch."""
    last = 0
    while True:
        ids = list(db.session.scalars(stale.where(Answer.id > last).order_by(Answer.id).limit(size)))
        if not ids:
            return
        yield ids
        last = ids[-1]


class PositiveWholeNumber(click.ParamType):
    """A whole number of 1 or more, with a message a person can act on."""

    name = "number"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int) and value >= 1:
            return value
        text = str(value).strip()
        if not text.isdigit() or int(text) < 1:
            self.fail(f"must be a whole number of 1 or more, not {value!r}", param, ctx)
        return int(text)


class OneLineUsageError(click.UsageError):
    """A usage error shown as one line on stderr (exit 2), not the usage text."""

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class OneLineErrorsCommand(click.Command):
    """A command whose bad options and arguments get one line on stderr and exit 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise OneLineUsageError(error.format_message(), ctx) from None


@click.command("reanalyse", cls=OneLineErrorsCommand)
@click.option("--inspection", "inspection_id", type=PositiveWholeNumber(),
              help="Only this inspection's answers (its id).")
@click.option("--batch-size", type=PositiveWholeNumber(), default=DEFAULT_BATCH, show_default=True,
              help="Answers read and committed together.")
@with_appcontext
def reanalyse_command(inspection_id: int | None, batch_size: int) -> None:
    """Re-theme stored free-text answers whose analysis version is out of date.

    Safe to stop and run again. A safeguarding flag once raised is never cleared: its entry stays
    and the new reading is recorded beside it.
    """
    if inspection_id is not None and db.session.get(Inspection, inspection_id) is None:
        raise OneLineUsageError(f"there is no inspection {inspection_id}")
    version = analysis_version()
    total = db.session.scalar(
        select(func.count()).select_from(stale_answers(version, inspection_id).subquery())
    )
    with tqdm(total=total, unit="answer", desc="Re-analysing", disable=None) as bar:
        done = reanalyse(inspection_id, batch_size, on_batch=bar.update)
    click.echo(
        f"Read {done.read} answer(s) again with analysis version {version[:12]}; "
        f"{done.entries} new safeguarding entr{'y' if done.entries == 1 else 'ies'}."
    )
