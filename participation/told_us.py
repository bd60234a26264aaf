"""The "what you told us" pages: which one a respondent may see, and the figures it shows.

Inspectors write a page per survey, age band and language in the workspace
(`workspace/told_us/`). A page is shown on the survey's own link only when all of these hold: the
survey has closed, the inspection has published its pages, the page as it is now was approved, and
no response has been sent since (its figures are kept as approved, so a respondent sees exactly what
an inspector approved and no public request runs the analysis). A language without an approved page
of its own falls back to the approved English one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from analysis.suppression import DEFAULT_MIN_N
from participation.extensions import db
from participation.models import Response, ResponseStatus, Survey, ToldUsPage, ToldUsPublication
from participation.surveys import Question, SurveyDefinition
from participation.surveys.models import ALL_BAND

FALLBACK_LANGUAGE = "en"
# "A few figures": more would turn a short page for a child into a table.
MAX_FIGURES = 4


@dataclass(frozen=True)
class Figure:
    """One question's percentage positive for a band, withheld as every published figure is."""

    question_key: str
    question: str  # the English wording: a msgid, translated where it is shown
    n: int | None
    percent: int | None
    withheld: bool


def is_published(inspection_id: int) -> bool:
    """Say whether an inspector has published the inspection's "what you told us" pages."""
    return bool(db.session.scalar(
        select(ToldUsPublication.published).where(ToldUsPublication.inspection_id == inspection_id)
    ))


def may_show(survey: Survey) -> bool:
    """Say whether the survey's link may show its pages: closed, and its inspection has published."""
    from participation.respond.journey import is_open  # the respondent package imports this module

    return not is_open(survey) and is_published(survey.inspection_id)


def sent_responses(survey: Survey) -> int:
    """Return how many responses to the survey have been sent."""
    return db.session.scalar(
        select(func.count()).select_from(Response)
        .where(Response.survey_id == survey.id, Response.status == ResponseStatus.SUBMITTED)
    ) or 0


def is_current(page: ToldUsPage, sent: int) -> bool:
    """Say whether the page is approved as it is, with no response sent since (fewer, after the
    retention purge, leaves the approved figures true of the answers they were made from)."""
    return page.approved and page.responses_at_approval is not None and sent <= page.responses_at_approval


def _approved_pages(survey: Survey, languages: Sequence[str]) -> list[ToldUsPage]:
    pages = list(db.session.scalars(
        select(ToldUsPage).where(ToldUsPage.survey_id == survey.id, ToldUsPage.language.in_(languages))
    ))
    if not any(page.approved for page in pages):
        return []
    sent = sent_responses(survey)
    return [page for page in pages if is_current(page, sent)]


def shown_page(survey: Survey, band: str, language: str) -> ToldUsPage | None:
    """Return the approved page for a band in the language, else in English, else None."""
    by_language = {
        page.language: page
        for page in _approved_pages(survey, (language, FALLBACK_LANGUAGE))
        if page.band == band
    }
    return by_language.get(language) or by_language.get(FALLBACK_LANGUAGE)


def shown_bands(survey: Survey, definition: SurveyDefinition, language: str) -> list[str]:
    """Return the survey's bands that have a page to show in the language (or in English), in order."""
    approved = {page.band for page in _approved_pages(survey, (language, FALLBACK_LANGUAGE))}
    return [band for band in definition.bands if band in approved]


def has_figure(question: Question, band: str) -> bool:
    """Say whether a question has a percentage positive for the band (a choice question in it)."""
    return question.type != "free_text" and band in question.wordings


def figure_questions(definition: SurveyDefinition, band: str) -> list[Question]:
    """Return the questions a figure can be shown for."""
    return [question for question in definition.questions if has_figure(question, band)]


def figures(survey: Survey, definition: SurveyDefinition, band: str,
            question_keys: Sequence[str]) -> list[Figure]:
    """Return the chosen questions' figures for a band (the whole survey for "all"), suppressed."""
    from participation.workspace.summaries import inspection_summary

    min_n = current_app.config.get("SUPPRESSION_MIN_N", DEFAULT_MIN_N)
    dimension = "survey" if band == ALL_BAND else "age_band"
    group = definition.key if band == ALL_BAND else band
    summary = inspection_summary(
        survey.inspection_id, current_app.extensions["survey_definitions"],
        by=(dimension,), filters={"survey": definition.key}, min_n=min_n,
    )
    table = summary.questions
    rows = table[(table["dimension"] == dimension) & (table["group"] == group)]
    # One row per theme of a question: the figures are the same in each.
    found = {row.question_key: row for row in rows.drop_duplicates("question_key").itertuples()}
    chosen = []
    for key in question_keys:
        try:
            question = definition.question(key)
        except KeyError:
            continue  # a question since removed from the survey
        if not has_figure(question, band):
            continue
        text = question.wording(band).text
        row = found.get(key)
        if row is None or bool(row.withheld):
            # No one in the band answered it, or too few: the same words either way.
            chosen.append(Figure(key, text, None, None, True))
        else:
            chosen.append(Figure(key, text, int(row.n), round(float(row.pct_positive)), False))
    return chosen


@dataclass(frozen=True)
class Content:
    """A page's stored text as it is laid out: paragraphs, and the examples one a line."""

    language: str
    told_us: list[str]
    examples: list[str]
    will_do: list[str]


def content_of(page: ToldUsPage) -> Content:
    """Return the page's text split into what the templates show."""
    return Content(page.language, paragraphs(page.told_us), lines(page.examples), paragraphs(page.will_do))


def approval_figures(page: ToldUsPage, definition: SurveyDefinition) -> list[dict]:
    """Return the page's figures as they are now, in the form kept with its approval."""
    return [
        {"question_key": figure.question_key, "n": figure.n, "percent": figure.percent,
         "withheld": figure.withheld}
        for figure in figures(page.survey, definition, page.band, page.question_keys)
    ]


def approved_figures(page: ToldUsPage, definition: SurveyDefinition) -> list[Figure]:
    """Return the figures kept with the page's approval, worded for its band."""
    shown = []
    for kept in page.approved_figures or []:
        try:
            question = definition.question(kept["question_key"])
        except KeyError:
            continue  # a question since removed from the survey
        if not has_figure(question, page.band):
            continue
        withheld = bool(kept.get("withheld", True))
        shown.append(Figure(question.key, question.wording(page.band).text,
                            None if withheld else kept.get("n"), None if withheld else kept.get("percent"),
                            withheld))
    return shown


def paragraphs(text: str) -> list[str]:
    """Split stored text into paragraphs at blank lines."""
    return [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def lines(text: str) -> list[str]:
    """Split stored text into its non-empty lines (one example a line)."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
