"""Helpers that answer a whole survey the way a person would."""

from __future__ import annotations

from flask import Flask

from participation.surveys import PREFER_NOT_TO_SAY, SurveyDefinition

FREE_TEXT = {
    "what_is_good": "My worker listens to me and I feel safer now",
    "what_should_change": "Meetings are too long",
}


def definition(app: Flask, key: str) -> SurveyDefinition:
    return app.extensions["survey_definitions"][key]


def first_option(question, band: str) -> str:
    return question.wording(band).options[0].key


def answer_everything(person, survey: SurveyDefinition, band: str) -> dict[str, object]:
    """Answer every question (first option, or a sentence) and return what was chosen."""
    chosen: dict[str, object] = {}
    for number, question in enumerate(survey.questions, start=1):
        if question.type == "free_text":
            text = FREE_TEXT.get(question.key, "Good support from my team")
            page = person.answer(number, answer=text)
            chosen[question.key] = text
        elif question.type == "multiple_choice":
            keys = [o.key for o in question.wording(band).options if o.key != PREFER_NOT_TO_SAY][:2]
            page = person.answer(number, answer=keys)
            chosen[question.key] = keys
        else:
            key = first_option(question, band)
            page = person.answer(number, answer=key)
            chosen[question.key] = [key]
        assert page.status == 302, page.html
    return chosen


def question_number(app: Flask, survey: str, key: str) -> int:
    """Return the 1-based page number of a survey's question."""
    return definition(app, survey).question_keys.index(key) + 1
