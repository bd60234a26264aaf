"""A child types a disclosure on a respondent page of the workspace test inspection."""

from __future__ import annotations

from flask import Flask

from tests.journeys import question_number
from tests.stored import stored_entries

DISCLOSURE = "he hits me and I am scared to go home"


def child_types_disclosure(app: Flask, respondent, token: str = "test-children",  # noqa: S107 (a survey token)
                           text: str = DISCLOSURE):
    """Have a child begin a survey and save a disclosure without sending; return the newest entry."""
    child = respondent(token)
    child.begin()
    child.about("12-17")
    child.answer(question_number(app, "children", "what_should_change"), answer=text)
    return stored_entries(app)[-1]
