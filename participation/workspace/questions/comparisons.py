"""The two comparisons the inspection asks for, computed by `analysis` and cached until data changes.

* Involvement and wellbeing: children who answered the involvement question positively against
  those who did not, on each of the children's wellbeing questions.
* Confidence in leaders: staff's confidence in their first-line manager against senior
  (strategic) leaders, on the staff who answered both, overall and by agency.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import g

from analysis.involvement import InvolvementResult, involvement_and_outcomes
from analysis.paired import PairedResult, paired_comparison
from participation.surveys import SurveyDefinition
from participation.workspace.questions.figures import definitions, min_n
from participation.workspace.summaries import cached_under_data_version, inspection_frame

CHILDREN = "children"
# "I have a say in my plan": the children's question about decisions made about them.
INVOLVEMENT_QUESTION = "say_in_plan"
STAFF = "staff"
FIRST_LINE_MANAGER = "confidence_first_line_manager"
STRATEGIC_LEADERS = "confidence_strategic_leaders"
WELLBEING = "wellbeing"
Result = TypeVar("Result")


def cached_result(name: str, make: Callable[[], Result]) -> Result:
    """Return a result kept under the inspection's data version, so new answers show at once."""
    return cached_under_data_version("question_comparisons", g.inspection.id, (name, min_n()), make)


def wellbeing_questions(definition: SurveyDefinition) -> list[str]:
    """Return the keys of the survey's choice questions on wellbeing (not the involvement one)."""
    return [
        question.key for question in definition.questions
        if WELLBEING in question.themes and question.type != "free_text"
        and question.key != INVOLVEMENT_QUESTION
    ]


def involvement() -> InvolvementResult | None:
    """Return the children's wellbeing by involvement, or None when there is no children's survey."""
    definition = definitions().get(CHILDREN)
    if definition is None:
        return None
    return cached_result("involvement", lambda: involvement_and_outcomes(
        inspection_frame(g.inspection.id, definitions()), survey=CHILDREN,
        involvement_question=INVOLVEMENT_QUESTION,
        outcome_questions=wellbeing_questions(definition), min_n=min_n(),
    ))


def leadership() -> PairedResult | None:
    """Return staff's confidence in first-line managers against senior leaders, by agency."""
    if STAFF not in definitions():
        return None
    return cached_result("leadership", lambda: paired_comparison(
        inspection_frame(g.inspection.id, definitions()), survey=STAFF,
        first=FIRST_LINE_MANAGER, second=STRATEGIC_LEADERS, by="agency", min_n=min_n(),
    ))
