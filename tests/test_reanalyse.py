"""`flask reanalyse` reads out-of-date answers again in committed batches, never clears a flag,
and picks up where an interrupted run stopped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from sqlalchemy import func, select

import analysis
from participation import analysis_store
from participation.extensions import db
from participation.models import AnalysisResult, Answer, Inspection, Survey
from tests.journeys import question_number
from tests.stored import stored_entries

DISCLOSURE = "my dad hits me when he is drunk"
WHOLE_NUMBER = "must be a whole number of 1 or more"


@contextmanager
def released_as(version: str) -> Iterator[None]:
    """Stand for a release of `analysis` with this version, as a lexicon change would make."""
    analysis_store.analysis_version.cache_clear()
    try:
        with mock.patch.object(analysis, "__version__", version, create=True):
            yield
    finally:
        analysis_store.analysis_version.cache_clear()


def answer_free_text(app, respondent, token: str, texts: list[str]) -> None:
    """Have one parent per text answer the first free-text question with it."""
    number = question_number(app, "parents", "what_is_good")
    for text in texts:
        parent = respondent(token)
        parent.begin()
        assert parent.answer(number, answer=text).status == 302


def versions(app) -> list[str]:
    """Return the version of each answer's current reading, in answer order."""
    with app.app_context():
        return list(db.session.scalars(
            select(AnalysisResult.version)
            .join(Answer, Answer.current_result_id == AnalysisResult.id)
            .order_by(Answer.id)
        ))


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["reanalyse", *args])


def results_per_answer(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(
            select(func.count(AnalysisResult.id)).group_by(AnalysisResult.answer_id)
            .order_by(AnalysisResult.answer_id)
        ))


def test_a_run_reads_out_of_date_answers_once_and_a_rerun_reads_none(app, surveys, respondent):
    answer_free_text(app, respondent, surveys["parents"], ["The worker was kind", "Meetings ran late"])
    assert run(app).output.startswith("Read 0 answer(s)")  # saved by the current version
    old = versions(app)
    with released_as("next release"):
        first = run(app)
        second = run(app)
        current = analysis_store.analysis_version()
    assert first.exit_code == 0, first.output
    assert "Read 2 answer(s) again" in first.output
    assert "Read 0 answer(s) again" in second.output
    assert versions(app) == [current, current] != old
    assert results_per_answer(app) == [2, 2]


def test_a_raised_flag_is_kept_when_a_new_reading_does_not_flag(app, surveys, respondent):
    answer_free_text(app, respondent, surveys["parents"], [DISCLOSURE])
    [entry] = stored_entries(app)
    unflagged = dict(analysis.analyse_answer("The worker was kind"), evidence="{}")
    with released_as("next release"), mock.patch("analysis.analyse_answer", return_value=unflagged):
        result = run(app)
    assert "Read 1 answer(s) again" in result.output
    [kept] = stored_entries(app)
    assert (kept.id, kept.text, kept.reason) == (entry.id, DISCLOSURE, "possible_disclosure")
    with app.app_context():
        rows = db.session.execute(analysis_store.current_readings()).all()
    assert [(row.safeguarding_flag, row.ever_flagged) for row in rows] == [(False, True)]


def test_a_new_reading_that_flags_adds_an_entry(app, surveys, respondent):
    unflagged = dict(analysis.analyse_answer("The worker was kind"), evidence="{}")
    with mock.patch("analysis.analyse_answer", return_value=unflagged):
        answer_free_text(app, respondent, surveys["parents"], [DISCLOSURE])
    assert stored_entries(app) == []
    with released_as("next release"):
        assert "1 new safeguarding entry" in run(app).output
    [entry] = stored_entries(app)
    assert entry.text == DISCLOSURE


def test_an_interrupted_run_resumes_where_it_stopped(app, surveys, respondent):
    texts = [f"The support from my worker was good, week {n}" for n in range(5)]
    answer_free_text(app, respondent, surveys["parents"], texts)
    real = analysis.analyse_answer
    calls = {"n": 0}

    def stopped_on_the_fourth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # someone presses Ctrl-C during the second batch
        return real(*args, **kwargs)

    with released_as("next release"):
        current = analysis_store.analysis_version()
        with mock.patch("analysis.analyse_answer", side_effect=stopped_on_the_fourth):
            stopped = run(app, "--batch-size", "2")
        assert stopped.exit_code != 0
        assert versions(app).count(current) == 2  # the first batch was committed
        resumed = run(app, "--batch-size", "2")
    assert "Read 3 answer(s) again" in resumed.output
    assert versions(app) == [current] * 5
    assert results_per_answer(app) == [2] * 5


def test_inspection_limits_the_run_to_that_inspections_answers(app, surveys, respondent):
    answer_free_text(app, respondent, surveys["parents"], ["The worker was kind"])
    with app.app_context():
        other = Inspection(partnership="Other Partnership", name="Other inspection")
        db.session.add(other)
        db.session.flush()
        db.session.add(Survey(inspection_id=other.id, definition_key="parents", token="other-parents"))
        db.session.commit()
        other_id = other.id
    answer_free_text(app, respondent, "other-parents", ["Meetings ran late"])
    with released_as("next release"):
        assert "Read 1 answer(s) again" in run(app, "--inspection", str(other_id)).output
        assert "Read 1 answer(s) again" in run(app).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--inspection", "abc"], f"Error: Invalid value for '--inspection': {WHOLE_NUMBER}"),
        (["--inspection", "999"], "Error: there is no inspection 999"),
        (["--batch-size", "0"], f"Error: Invalid value for '--batch-size': {WHOLE_NUMBER}"),
        (["--colour"], "Error: No such option"),
    ],
)
def test_bad_input_gets_one_line_on_stderr_and_exit_2(app, args, message):
    result = run(app, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
