"""`flask purge`: answers past retention are deleted, the counts the benchmark needs are kept."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.models import (
    AnalysisResult,
    Answer,
    AuditRecord,
    Inspection,
    Response,
    RetainedCount,
    SafeguardingDecision,
    SafeguardingEntry,
    Survey,
)
from participation.purge import count_answers, count_key
from tests.stored import count, stored_entries

TODAY = dt.date.today()
LONG_AGO = TODAY - dt.timedelta(days=400)
RECENTLY = TODAY - dt.timedelta(days=100)
_keys = itertools.count(1)


def _response(survey: Survey, *, status="submitted", age_band=None, agency=None, answers=()) -> Response:
    response = Response(
        survey_id=survey.id, definition_version=2, respondent_group=survey.definition_key,
        age_band=age_band, agency=agency, status=status, submit_key=f"key-{next(_keys)}",
    )
    db.session.add(response)
    db.session.flush()
    for question_key, answer_status, option_keys, text in answers:
        db.session.add(Answer(response_id=response.id, question_key=question_key, status=answer_status,
                              option_keys=option_keys, text=text))
    db.session.flush()
    return response


def make_inspection(app, name: str, *, report_on: dt.date | None, open_survey: bool = False) -> int:
    """Store an inspection with three surveys, children's and staff answers, a read free-text
    answer and a safeguarding entry with a decision; return its id."""
    with app.app_context():
        inspection = Inspection(partnership="Fife", name=name, local_authority_code="S12000047",
                                report_on=report_on)
        db.session.add(inspection)
        db.session.flush()
        surveys = {}
        for key in ("children", "parents", "staff"):
            surveys[key] = Survey(inspection_id=inspection.id, definition_key=key, token=f"{name}-{key}",
                                  is_open=open_survey and key == "children")
            db.session.add(surveys[key])
        db.session.flush()
        _response(surveys["children"], age_band="12-17", answers=[
            ("feel_safe", "answered", ["agree"], None),
            ("life_better", "prefer_not_to_say", None, None),
            ("what_should_change", "answered", None, "Someone at home hurts me"),
        ])
        _response(surveys["children"], age_band="8-11", answers=[
            ("feel_safe", "answered", ["disagree"], None),
            ("life_better", "skipped", None, None),
        ])
        _response(surveys["children"], answers=[("feel_safe", "answered", ["agree"], None)])
        _response(surveys["children"], status="in_progress", age_band="5-7",
                  answers=[("feel_safe", "answered", ["agree"], None)])
        _response(surveys["staff"], agency="police", answers=[
            ("confident_identify_risk", "answered", ["strongly_agree"], None),
        ])
        disclosed = db.session.scalar(select(Answer).where(Answer.text.is_not(None)))
        reading = AnalysisResult(answer_id=disclosed.id, version="v1", analysed=True, safeguarding_flag=True,
                                 evidence="hurts me")
        db.session.add(reading)
        db.session.flush()
        disclosed.current_result_id = reading.id
        entry = SafeguardingEntry(
            inspection_id=inspection.id, survey_id=surveys["children"].id, response_id=disclosed.response_id,
            answer_id=disclosed.id, question_key="what_should_change", respondent_group="children",
            age_band="12-17", language="en", reason="possible_disclosure", text=disclosed.text,
            result_id=reading.id, evidence="hurts me",
        )
        db.session.add(entry)
        db.session.flush()
        db.session.add(SafeguardingEntry(
            inspection_id=inspection.id, survey_id=surveys["children"].id, response_id=disclosed.response_id,
            question_key="feel_safe", respondent_group="children", age_band="12-17", language="en",
            reason="answer_of_concern", option_keys=["disagree"],
        ))
        db.session.add(SafeguardingDecision(entry_id=entry.id, kind="passed_to_lead_officer",
                                            decided_by="7", passed_to="Lead officer", reference="REF-1"))
        db.session.commit()
        return inspection.id


def purge(app, *args: str):
    return app.test_cli_runner().invoke(args=["purge", *args])


def answers_of(app, inspection_id: int) -> int:
    with app.app_context():
        return len(db.session.scalars(
            select(Answer.id).join(Response).join(Survey).where(Survey.inspection_id == inspection_id)).all())


def kept_counts(app, inspection_id: int) -> dict[tuple, int]:
    with app.app_context():
        rows = db.session.scalars(select(RetainedCount).where(RetainedCount.inspection_id == inspection_id))
        return {count_key(row): row.count for row in rows}


def snapshot(app) -> dict:
    """Return every row the purge could touch, as plain values."""
    with app.app_context():
        return {
            model.__tablename__: sorted(
                tuple(str(getattr(row, c.key)) for c in model.__table__.columns)
                for row in db.session.scalars(select(model))
            )
            for model in (Response, Answer, AnalysisResult, SafeguardingEntry, SafeguardingDecision,
                          RetainedCount, AuditRecord)
        }


def test_an_inspection_past_retention_keeps_its_counts_and_loses_its_answers(app):
    purged = make_inspection(app, "old", report_on=LONG_AGO)
    with app.app_context():
        before = dict(count_answers(db.session.get(Inspection, purged)))

    result = purge(app)

    assert result.exit_code == 0, result.output
    assert answers_of(app, purged) == 0
    assert count(app, Response) == 0
    assert count(app, AnalysisResult) == 0
    kept = kept_counts(app, purged)
    assert kept == before
    # Submitted answers only, per question and wording version, overall and per age band and agency.
    assert kept[("children", "feel_safe", 2, "option", "agree", "all", "")] == 2
    assert kept[("children", "feel_safe", 2, "status", "answered", "all", "")] == 3
    assert kept[("children", "feel_safe", 2, "option", "disagree", "age_band", "8-11")] == 1
    assert ("children", "feel_safe", 2, "option", "agree", "age_band", "5-7") not in kept
    assert kept[("children", "life_better", 2, "status", "prefer_not_to_say", "all", "")] == 1
    assert kept[("children", "life_better", 2, "status", "skipped", "age_band", "8-11")] == 1
    assert kept[("staff", "confident_identify_risk", 1, "option", "strongly_agree", "agency", "police")] == 1
    with app.app_context():
        assert {r.local_authority_code for r in db.session.scalars(select(RetainedCount))} == {"S12000047"}
    entry, of_concern = stored_entries(app)
    assert (entry.text, entry.option_keys, entry.evidence) == (None, None, None)
    assert (of_concern.option_keys, of_concern.reason) == (None, "answer_of_concern")
    assert entry.reason == "possible_disclosure" and entry.flagged_on == TODAY
    assert [(d.kind, d.reference) for d in entry.decisions] == [("passed_to_lead_officer", "REF-1")]
    with app.app_context():
        [audit] = db.session.scalars(select(AuditRecord)).all()
        assert (audit.action, audit.inspection_id, audit.actor) == ("answers_purged", purged, "flask purge")
        assert "hurts" not in (audit.detail or "")
        assert audit.detail.startswith("5 responses, 8 answers, 1 readings removed; 2 safeguarding entries")
    assert f"Purged inspection {purged} (old" in result.stdout
    assert "1 inspection purged" in result.stdout


@pytest.mark.parametrize("report_on, open_survey", [
    (RECENTLY, False),  # within retention
    (LONG_AGO, True),  # a survey still open
    (None, False),  # never published
])
def test_an_inspection_not_due_is_untouched(app, report_on, open_survey):
    make_inspection(app, "kept", report_on=report_on, open_survey=open_survey)
    before = snapshot(app)

    result = purge(app)

    assert result.exit_code == 0, result.output
    assert snapshot(app) == before
    assert "0 inspections purged" in result.stdout


def test_a_shorter_period_reaches_a_recent_inspection_and_a_second_run_changes_nothing(app):
    recent = make_inspection(app, "recent", report_on=RECENTLY)
    untouched = make_inspection(app, "newer", report_on=TODAY - dt.timedelta(days=10))

    assert purge(app, "--older-than", "12w").exit_code == 0
    assert answers_of(app, recent) == 0 and answers_of(app, untouched) == 8
    after_first = snapshot(app)

    again = purge(app, "--older-than", "12w")

    assert again.exit_code == 0
    assert snapshot(app) == after_first
    assert "0 inspections purged" in again.stdout


def test_a_run_that_fails_part_way_leaves_that_inspection_whole_and_the_next_run_counts_it_once(
        app, monkeypatch):
    import participation.purge as purge_module

    first = make_inspection(app, "first", report_on=LONG_AGO)
    second = make_inspection(app, "second", report_on=LONG_AGO)
    with app.app_context():
        second_counts = dict(count_answers(db.session.get(Inspection, second)))
    real_record = purge_module.record

    def fail_on_second(action, *, inspection, **kwargs):
        if inspection.id == second:
            raise RuntimeError("the disk is full")
        return real_record(action, inspection=inspection, **kwargs)

    monkeypatch.setattr(purge_module, "record", fail_on_second)
    failed = purge(app)

    assert failed.exit_code == 1
    assert f"Could not purge inspection {second} (second" in failed.stderr
    assert answers_of(app, first) == 0 and answers_of(app, second) == 8
    assert kept_counts(app, second) == {}
    first_counts = kept_counts(app, first)

    monkeypatch.setattr(purge_module, "record", real_record)
    assert purge(app).exit_code == 0

    assert answers_of(app, second) == 0
    assert kept_counts(app, second) == second_counts
    assert kept_counts(app, first) == first_counts


def test_a_dry_run_says_what_it_would_remove_and_changes_nothing(app):
    purged = make_inspection(app, "old", report_on=LONG_AGO)
    before = snapshot(app)

    result = purge(app, "--dry-run", "--older-than", "365d")

    assert result.exit_code == 0
    assert snapshot(app) == before
    assert f"Would purge inspection {purged} (old" in result.stdout
    assert "5 responses, 8 answers, 1 readings removed; 2 safeguarding entries emptied" in result.stdout
    assert "1 inspection would be purged" in result.stdout


@pytest.mark.parametrize("value", ["365", "a year", "-5d", "12m", ""])
def test_a_bad_period_says_so_in_one_line_and_exits_2(app, value):
    make_inspection(app, "old", report_on=LONG_AGO)
    before = snapshot(app)

    result = purge(app, "--older-than", value)

    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--older-than" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(app) == before
