"""Turn an inspection's summary into the rows the aims and quality indicator pages show.

Every figure comes from `inspection_summary` (suppressed by `analysis`); this module only picks
the questions that carry a tag and puts them in the order of their survey.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd
from flask import current_app, g, url_for
from werkzeug.routing import BuildError

from analysis.suppression import DEFAULT_MIN_N
from participation.surveys import Question, SurveyDefinition
from participation.workspace.summaries import inspection_summary

SURVEY_ORDER = ("children", "parents", "staff")
FREE_TEXT = "free_text"
ANSWERS_PAGE = "answers.index"


# (survey, question key) -> (n, percent positive, withheld)
Figures = dict[tuple[str, str], tuple[int | None, float | None, bool]]


@dataclass(frozen=True)
class QuestionFigure:
    """One question's overall figure: percentage positive and n, or withheld; free text has none."""

    survey: str
    key: str
    text: str
    free_text: bool
    n: int | None
    percent: float | None
    withheld: bool
    answers_link: str | None

    @property
    def anchor(self) -> str:
        return f"{self.survey}-{self.key}"


@dataclass(frozen=True)
class SurveyFigures:
    survey: str
    title: str
    questions: tuple[QuestionFigure, ...]


def definitions() -> dict[str, SurveyDefinition]:
    return current_app.extensions["survey_definitions"]


def min_n() -> int:
    return current_app.config.get("SUPPRESSION_MIN_N", DEFAULT_MIN_N)


def answers_link(**filters: str) -> str | None:
    """Return the answers page filtered to some evidence, or None while that page does not exist."""
    if ANSWERS_PAGE not in current_app.view_functions:
        return None
    try:
        return url_for(ANSWERS_PAGE, **filters)
    except BuildError:
        return None


def question_words(definition: SurveyDefinition, question: Question) -> str:
    """Return the words of a question as the oldest band reads it (the fullest wording)."""
    band = definition.bands[-1]
    return question.wording(band).text if band in question.wordings else question.key


def ordered_surveys() -> list[SurveyDefinition]:
    found = definitions()
    keys = [key for key in SURVEY_ORDER if key in found] + sorted(set(found) - set(SURVEY_ORDER))
    return [found[key] for key in keys]


def overall_figures() -> Figures:
    """Return each question's overall (n, percent positive, withheld), from the cached summary."""
    summary = inspection_summary(g.inspection.id, definitions(), by=("survey",), min_n=min_n())
    table = summary.questions
    table = table[table["dimension"].eq("all")].drop_duplicates(["survey", "question_key"])
    return {
        (row.survey, row.question_key): (
            None if pd.isna(row.n) else int(row.n),
            None if pd.isna(row.pct_positive) else float(row.pct_positive),
            bool(row.withheld),
        )
        for row in table.itertuples(index=False)
    }


def tagged_figures(chosen: Callable[[Question], bool], figures: Figures | None = None) -> list[SurveyFigures]:
    """Return, per survey, the figures of the questions `chosen` picks, in the order asked."""
    figures = overall_figures() if figures is None else figures
    result = []
    for definition in ordered_surveys():
        rows = []
        for question in definition.questions:
            if not chosen(question):
                continue
            n, percent, withheld = figures.get((definition.key, question.key), (0, None, False))
            free = question.type == FREE_TEXT
            rows.append(QuestionFigure(
                definition.key, question.key, question_words(definition, question), free,
                None if free else n, None if free else percent, False if free else withheld,
                answers_link(survey=definition.key, question=question.key) if free else None,
            ))
        if rows:
            result.append(SurveyFigures(definition.key, definition.title, tuple(rows)))
    return result


def by_aim(aims: Iterable[int]) -> dict[int, list[SurveyFigures]]:
    """Return the tagged figures of each aim."""
    figures = overall_figures()
    return {aim: tagged_figures(lambda question, aim=aim: aim in question.aims, figures) for aim in aims}
