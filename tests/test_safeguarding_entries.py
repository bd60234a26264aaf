"""Safeguarding entries and decisions are kept as written: a later note is a new record, and an
entry outlives the answer it came from."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select

from participation.analysis_store import current_readings
from participation.extensions import db
from participation.models import (
    AnalysisResult,
    Answer,
    AppendOnlyError,
    Inspection,
    Response,
    SafeguardingDecision,
    SafeguardingEntry,
)
from participation.safeguarding import (
    DecisionError,
    entries_of_inspection,
    mark_by_inspector,
    record_decision,
)
from tests.journeys import question_number
from tests.stored import count, stored_entries

DISCLOSURE = "he hits me and I am scared to go home"


@pytest.fixture
def flagged(app, surveys, respondent) -> int:
    """Have a child type a disclosure; return its entry's id."""
    child = respondent(surveys["children"])
    child.begin()
    child.about("12-17")
    child.answer(question_number(app, "children", "what_should_change"), answer=DISCLOSURE)
    [entry] = stored_entries(app)
    return entry.id


def test_an_entry_cannot_be_edited_or_deleted(app, flagged):
    with app.app_context():
        entry = db.session.get(SafeguardingEntry, flagged)
        entry.reason = "marked_by_inspector"
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(SafeguardingEntry, flagged))
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
    [entry] = stored_entries(app)
    assert entry.reason == "possible_disclosure"


def test_the_retention_purge_may_empty_the_snapshot_and_nothing_else(app, flagged):
    with app.app_context():
        db.session.get(SafeguardingEntry, flagged).text = None
        db.session.commit()
    [entry] = stored_entries(app)
    assert entry.text is None
    assert entry.reason == "possible_disclosure"


def test_a_reading_cannot_be_rewritten(app, flagged):
    with app.app_context():
        db.session.scalar(select(AnalysisResult)).safeguarding_flag = False
        with pytest.raises(AppendOnlyError):
            db.session.commit()


def test_the_entry_outlives_its_answer_and_response(app, flagged):
    with app.app_context():
        db.session.execute(delete(Response))
        db.session.commit()
    assert count(app, Answer) == 0
    [entry] = stored_entries(app)
    assert entry.answer_id is None and entry.response_id is None
    assert entry.text == DISCLOSURE


def test_decisions_are_appended_and_the_latest_sets_the_state(app, flagged):
    passed_at = dt.datetime(2026, 12, 6, 10, 30, tzinfo=dt.UTC)
    with app.app_context():
        entry = db.session.get(SafeguardingEntry, flagged)
        assert entry.state == "new"
        record_decision(entry, "passed_to_lead_officer", 7, passed_at=passed_at,
                        passed_to="Lead officer, children's social work", reference="CP-2026-114")
        record_decision(entry, "note", "7", note="Lead officer confirmed the referral was received")
        assert entry.state == "passed_to_lead_officer"  # a note changes no state
        record_decision(entry, "closed", 9)
        db.session.commit()
        assert entry.state == "closed"
        decisions = db.session.scalars(select(SafeguardingDecision).order_by(SafeguardingDecision.id)).all()
        assert [d.kind for d in decisions] == ["passed_to_lead_officer", "note", "closed"]
        assert decisions[0].decided_by == "7"
        assert decisions[0].passed_at.replace(tzinfo=dt.UTC) == passed_at
        assert decisions[0].reference == "CP-2026-114"
        decisions[0].reference = "changed"
        with pytest.raises(AppendOnlyError):
            db.session.commit()


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("not_a_concern", {"reason": "  "}, "Say why this is not a concern"),
        ("passed_to_lead_officer", {"passed_to": "Lead officer"}, "Say when it was passed"),
        ("passed_to_lead_officer", {"passed_at": dt.datetime(2026, 12, 6, tzinfo=dt.UTC)},
         "Say who it was passed to"),
        ("note", {}, "Write the note"),
        ("deleted", {}, "Unknown decision 'deleted'"),
    ],
)
def test_a_decision_missing_what_it_needs_is_refused_and_nothing_is_stored(
    app, flagged, kind, fields, message
):
    with app.app_context():
        entry = db.session.get(SafeguardingEntry, flagged)
        with pytest.raises(DecisionError, match=message):
            record_decision(entry, kind, 3, **fields)
    assert count(app, SafeguardingDecision) == 0


def test_an_inspector_marks_what_the_analysis_missed(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("12-17")
    missed = "the weekends at my dads are long"
    child.answer(question_number(app, "children", "what_is_good"), answer=missed)
    with app.app_context():
        answer = db.session.scalar(select(Answer))
        assert answer.current_result.safeguarding_flag is False
        entry = mark_by_inspector(answer, user_id=42)
        db.session.commit()
        assert entry.reason == "marked_by_inspector"
        assert entry.marked_by == "42"
        assert entry.analysis_missed is True
        assert entry.text == missed
        assert entry.analysis_version == answer.current_result.version
        inspection_id = db.session.scalar(select(Inspection.id))
        assert [e.id for e in entries_of_inspection(inspection_id)] == [entry.id]


def test_current_readings_give_each_answer_its_latest_reading_and_whether_it_was_ever_flagged(
    app, surveys, respondent, flagged
):
    child = respondent(surveys["children"])
    child.begin()
    child.about("8-11")
    number = question_number(app, "children", "what_should_change")
    child.answer(number, answer=DISCLOSURE)
    child.answer(number, answer="I would like more time with my worker")
    with app.app_context():
        inspection_id = db.session.scalar(select(Inspection.id))
        rows = db.session.execute(current_readings(inspection_id).order_by("answer_id")).all()
        assert [(row.text, row.safeguarding_flag, row.ever_flagged) for row in rows] == [
            (DISCLOSURE, True, True),
            ("I would like more time with my worker", False, True),
        ]
        assert db.session.execute(current_readings(inspection_id + 1)).all() == []


def test_a_decision_added_through_the_entrys_list_is_kept(app, flagged):
    with app.app_context():
        entry = db.session.get(SafeguardingEntry, flagged)
        entry.decisions.append(SafeguardingDecision(kind="note", decided_by="5", note="Called the school"))
        db.session.commit()
    [entry] = stored_entries(app)
    assert [d.note for d in entry.decisions] == ["Called the school"]


def test_the_answers_frame_keeps_an_answer_flagged_after_its_disclosure_is_edited_away(
    app, surveys, respondent
):
    from participation.workspace.frames import answers_frame

    child = respondent(surveys["children"])
    child.begin()
    child.about("12-17")
    number = question_number(app, "children", "what_should_change")
    child.answer(number, answer=DISCLOSURE)
    child.answer(number, answer="More time with my worker")
    assert child.submit().status == 302
    with app.app_context():
        inspection_id = db.session.scalar(select(Inspection.id))
        frame = answers_frame(inspection_id, app.extensions["survey_definitions"])
    [row] = frame[frame["question_key"] == "what_should_change"].to_dict("records")
    assert row["text"] == "More time with my worker"
    assert row["sentiment_label"] is not None
    assert row["safeguarding_flag"] is True
    others = frame[frame["question_key"] != "what_should_change"]
    assert not others["safeguarding_flag"].any()
