"""Free text is analysed as each page is saved, and a flag is never lost: a child may type a
disclosure, then change the answer or leave before sending."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.models import AnalysisResult, Answer, Response
from tests.journeys import question_number
from tests.stored import count, saved_answer, stored_entries

DISCLOSURE = "my dad hits me when he is drunk and I dont want to go home"


@pytest.fixture
def child(surveys, respondent):
    person = respondent(surveys["children"])
    person.begin()
    person.about("8-11")
    return person


@pytest.fixture
def parent(surveys, respondent):
    person = respondent(surveys["parents"])
    person.begin()
    return person


def test_a_disclosure_is_an_entry_when_saved_even_if_the_child_then_leaves(app, child):
    child.answer(question_number(app, "children", "what_should_change"), answer=DISCLOSURE)
    child.get("/leave")  # quick exit before sending
    answer = saved_answer(app)
    assert answer.current_result.analysed is True
    assert answer.current_result.safeguarding_flag is True
    assert "safeguarding" in json.loads(answer.current_result.evidence)
    [entry] = stored_entries(app)
    assert entry.reason == "possible_disclosure"
    assert entry.text == DISCLOSURE
    assert entry.answer_id == answer.id
    assert entry.needs_translation is False
    assert entry.state == "new"
    assert entry.respondent_group == "children" and entry.age_band == "8-11"
    with app.app_context():
        assert db.session.scalar(select(Response)).status == "in_progress"


def test_editing_a_disclosure_away_keeps_the_entry_with_the_words_first_typed(app, child):
    number = question_number(app, "children", "what_should_change")
    child.answer(number, answer=DISCLOSURE)
    child.answer(number, answer="Meetings are too long")
    answer = saved_answer(app)
    assert answer.text == "Meetings are too long"
    assert answer.current_result.safeguarding_flag is False
    [entry] = stored_entries(app)
    assert entry.text == DISCLOSURE
    assert entry.answer_id == answer.id
    assert count(app, AnalysisResult) == 2  # both readings are kept


def test_a_disclosure_then_rather_not_say_keeps_the_entry_and_leaves_no_current_reading(app, child):
    number = question_number(app, "children", "what_should_change")
    child.answer(number, answer=DISCLOSURE)
    child.answer(number, prefer_not_to_say="y")
    answer = saved_answer(app)
    assert answer.status == "prefer_not_to_say"
    assert answer.text is None
    assert answer.current_result is None
    [entry] = stored_entries(app)
    assert entry.text == DISCLOSURE


def test_saving_the_same_words_again_adds_no_reading_and_no_entry(app, child):
    number = question_number(app, "children", "what_should_change")
    child.answer(number, answer=DISCLOSURE)
    child.answer(number, answer=DISCLOSURE)
    assert count(app, AnalysisResult) == 1
    assert len(stored_entries(app)) == 1


def test_a_second_disclosure_in_the_same_answer_is_a_second_entry(app, child):
    number = question_number(app, "children", "what_should_change")
    child.answer(number, answer=DISCLOSURE)
    child.answer(number, answer="my mum's boyfriend hurts me and I am scared to go home")
    assert [entry.text for entry in stored_entries(app)] == [
        DISCLOSURE, "my mum's boyfriend hurts me and I am scared to go home"
    ]


def test_an_ordinary_answer_is_themed_and_not_an_entry(app, parent):
    parent.answer(question_number(app, "parents", "what_is_good"),
                  answer="Our social worker always listened to us and explained the plan")
    reading = saved_answer(app).current_result
    assert reading.analysed is True
    assert reading.safeguarding_flag is False
    assert reading.theme_relationships is True
    assert reading.sentiment_label == "positive"
    assert stored_entries(app) == []


def test_a_polish_answer_is_an_entry_that_needs_a_person_to_read_it(app, parent):
    text = "Pracownik socjalny był bardzo miły i zawsze nas słuchał"
    parent.answer(question_number(app, "parents", "what_is_good"), answer=text)
    assert saved_answer(app).current_result.safeguarding_flag is True
    [entry] = stored_entries(app)
    assert entry.reason == "language"
    assert entry.needs_translation is True
    assert entry.state == "needs_translation"
    assert entry.text == text


def test_a_polish_disclosure_is_a_possible_disclosure_that_needs_translating(app, parent):
    text = "Partner mnie bije i boję się o dzieci"
    parent.answer(question_number(app, "parents", "what_is_good"), answer=text)
    [entry] = stored_entries(app)
    assert entry.reason == "possible_disclosure"
    assert entry.needs_translation is True
    assert entry.text == text


def test_a_failed_analysis_keeps_the_answer_and_is_an_entry(app, parent):
    number = question_number(app, "parents", "what_is_good")
    with mock.patch("analysis.analyse_answer", side_effect=RuntimeError("lexicon missing")):
        page = parent.answer(number, answer="The support was good")
    assert page.status == 302
    answer = saved_answer(app)
    assert answer.text == "The support was good"
    assert answer.current_result.analysed is False
    assert answer.current_result.safeguarding_flag is True
    [entry] = stored_entries(app)
    assert entry.reason == "analysis_failed"
    assert entry.needs_translation is True
    assert entry.text == "The support was good"


def test_the_answer_and_its_reading_are_written_together_or_not_at_all(app, child):
    number = question_number(app, "children", "what_should_change")
    with mock.patch("participation.analysis_store.flag_reading", side_effect=RuntimeError("disk full")):
        page = child.answer(number, answer=DISCLOSURE)
    assert page.status == 500
    assert count(app, Answer) == 0
    assert count(app, AnalysisResult) == 0
    assert stored_entries(app) == []
    # The page can be sent again, and then everything is there.
    assert child.answer(number, answer=DISCLOSURE).status == 302
    assert count(app, Answer) == count(app, AnalysisResult) == len(stored_entries(app)) == 1


def test_choice_answers_are_not_analysed(app, parent):
    parent.answer(1, answer="prefer_not_to_say")
    assert saved_answer(app).current_result is None
    assert count(app, AnalysisResult) == 0


def test_an_unreadable_analysis_package_still_saves_the_answer_for_a_later_reanalysis(app, parent):
    from participation import analysis_store

    analysis_store.analysis_version.cache_clear()
    try:
        with mock.patch.object(analysis_store, "_digest_of_analysis", side_effect=OSError("no data")):
            page = parent.answer(question_number(app, "parents", "what_is_good"), answer="Good support")
    finally:
        analysis_store.analysis_version.cache_clear()
    assert page.status == 302
    answer = saved_answer(app)
    assert answer.text == "Good support"
    assert answer.current_result.version == "unavailable"
