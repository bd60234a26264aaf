"""Free text is analysed as each page is saved: a child may type a disclosure and then leave."""

from __future__ import annotations

import json
from unittest import mock

from sqlalchemy import select

from participation.extensions import db
from participation.models import Answer, Response
from tests.journeys import definition


def free_text_number(app, survey: str, key: str) -> int:
    questions = definition(app, survey).questions
    return next(i for i, q in enumerate(questions, start=1) if q.key == key)


def saved_answer(app) -> Answer:
    with app.app_context():
        answer = db.session.scalar(select(Answer))
        db.session.expunge(answer)
        return answer


def test_a_disclosure_is_flagged_when_saved_even_if_the_child_then_leaves(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("8-11")
    number = free_text_number(app, "children", "what_should_change")
    child.answer(number, answer="my dad hits me when he is drunk and I dont want to go home")
    child.get("/leave")  # quick exit before sending
    answer = saved_answer(app)
    assert answer.analysed is True
    assert answer.safeguarding_flag is True
    assert "safeguarding" in json.loads(answer.analysis_evidence)
    with app.app_context():
        assert db.session.scalar(select(Response)).status == "in_progress"


def test_an_ordinary_answer_is_themed_and_not_flagged(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    number = free_text_number(app, "parents", "what_is_good")
    parent.answer(number, answer="Our social worker always listened to us and explained the plan")
    answer = saved_answer(app)
    assert answer.analysed is True
    assert answer.safeguarding_flag is False
    assert answer.theme_relationships is True
    assert answer.sentiment_label == "positive"


def test_an_answer_not_in_english_is_flagged_for_a_person_to_read(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    number = free_text_number(app, "parents", "what_is_good")
    parent.answer(number, answer="Pracownik socjalny był bardzo miły i zawsze nas słuchał")
    answer = saved_answer(app)
    assert answer.safeguarding_flag is True
    assert "not English" in answer.analysis_evidence


def test_a_failed_analysis_flags_the_answer_and_keeps_it(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    number = free_text_number(app, "parents", "what_is_good")
    with mock.patch("analysis.analyse_answer", side_effect=RuntimeError("lexicon missing")):
        page = parent.answer(number, answer="The support was good")
    assert page.status == 302
    answer = saved_answer(app)
    assert answer.text == "The support was good"
    assert answer.safeguarding_flag is True
    assert answer.analysed is False
    assert "analysis failed" in answer.analysis_evidence


def test_choice_answers_are_not_analysed(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    parent.answer(1, answer="prefer_not_to_say")
    answer = saved_answer(app)
    assert answer.analysed is False
    assert answer.safeguarding_flag is False
