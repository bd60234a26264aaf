"""Turn an inspection's summaries into what the findings page shows, theme by theme and survey by survey.

Every number here was computed and suppressed by `analysis` (`summaries.inspection_summary`, and
`analysis.group_filters.withhold_complements` for a group); this module only picks the rows of
each survey (never the pooled "all" row, which would mix children, parents and staff), writes each
figure as text, says why a withheld one is withheld, and links each figure to its evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.group_filters import withhold_complements
from analysis.summary import Summary
from participation.surveys import SurveyDefinition
from participation.workspace.names import AUDIENCE_NAMES, TONE_NAMES

SURVEY = "survey"
TONES = ("positive", "neutral", "negative")
# Theme names in plain words, and what each covers (docs: DOMAIN.md, "the four themes").
ALL = "all"
THEME_NAMES = {
    ALL: "All free-text answers",
    "wellbeing": "Wellbeing",
    "relationships": "Relationships",
    "process": "Experience of the process",
    "involvement": "Involvement in decisions",
    "leadership": "Leadership",
}
THEME_HINTS = {
    ALL: "Everything people wrote in their own words, whatever it is about. The themes below are the "
         "questions' themes and what the analysis found each answer is about.",
    "wellbeing": "Feeling safe, wellbeing, and whether life is getting better.",
    "relationships": "The staff who work with children and families: trust, and keeping the same worker.",
    "process": "Assessment, planning, meetings and reviews: being told what will happen, and complaints.",
    "involvement": "Taking part in decisions about their own lives and in improving services; advocacy.",
    "leadership": "Staff only: confidence in managers and leaders, support, training and workload.",
}
THEME_ORDER = tuple(THEME_NAMES)
# Who each survey hears from, as the page names them.

AnswersLink = Callable[..., str | None]


def survey_name(definition: SurveyDefinition) -> str:
    """Return who a survey hears from, as the page names them."""
    return AUDIENCE_NAMES.get(definition.audience, definition.title)


@dataclass(frozen=True)
class Cell:
    """A figure as the page shows it: its value (None when withheld or missing) and its words."""

    value: float | None
    text: str
    href: str | None = None
    # What a chart writes beside its bar: short, because the table beside it says why.
    short: str = ""

    @property
    def chart_text(self) -> str:
        return self.short or self.text


@dataclass(frozen=True)
class QuestionRow:
    key: str
    wording: str
    percent: Cell
    n: Cell
    href: str | None


@dataclass(frozen=True)
class Quote:
    text: str
    tone: str
    href: str | None


@dataclass(frozen=True)
class Phrase:
    text: str
    respondents: int


@dataclass(frozen=True)
class SurveyFindings:
    """One survey's findings on one theme."""

    key: str
    name: str
    questions: tuple[QuestionRow, ...]
    tone: tuple[tuple[str, Cell], ...]  # (tone name, percent of free-text answers)
    answers: Cell  # free-text answers on the theme
    phrases: tuple[Phrase, ...]
    quotes: tuple[Quote, ...]
    answers_href: str | None

    @property
    def is_empty(self) -> bool:
        return not self.questions and not self.answers.value and self.answers.value is not None

    def chart_rows(self) -> list[tuple[str, Cell]]:
        """Return (label, cell) of each question's percentage positive: what the chart draws."""
        return [(row.wording, row.percent) for row in self.questions]


@dataclass(frozen=True)
class ThemeFindings:
    key: str
    name: str
    hint: str
    surveys: tuple[SurveyFindings, ...]

    @property
    def has_figures(self) -> bool:
        return any(not survey.is_empty for survey in self.surveys)


@dataclass(frozen=True)
class Withheld:
    """The words for a withheld figure, by why it is withheld."""

    min_n: int

    @property
    def answered(self) -> str:
        return f"Withheld: fewer than {self.min_n} people answered"

    @property
    def outside(self) -> str:
        return f"Withheld: fewer than {self.min_n} people outside this group answered"

    @property
    def either(self) -> str:
        return (f"Withheld: fewer than {self.min_n} people, or it would let a smaller "
                "figure beside it be worked out")


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _percent(value: object) -> str:
    return f"{float(value):g}%"


def count_cell(value: object) -> Cell:
    """Return a published count as a cell ("–" when there is none)."""
    return Cell(None, "–") if _missing(value) else Cell(float(value), f"{int(value):,}")


def percent_cell(value: object) -> Cell:
    """Return a published percentage as a cell ("–" when there is none)."""
    return Cell(None, "–") if _missing(value) else Cell(float(value), _percent(value))


def with_complements_withheld(part: Summary, whole: Summary) -> dict[str, pd.DataFrame]:
    """Return the group's question, tone and respondent tables with `analysis` withholding
    every figure the whole summary would give away by subtraction."""
    min_n = part.min_n
    return {
        "questions": withhold_complements(
            part.questions, whole.questions, keys=["theme", "survey", "question_key", "dimension", "group"],
            count="n", values=["pct_positive"], min_n=min_n),
        "sentiment": withhold_complements(
            part.sentiment, whole.sentiment, keys=["theme", "dimension", "group", "label"],
            count="answers", values=["percent"], min_n=min_n),
        "respondents": withhold_complements(
            part.respondents, whole.respondents, keys=["theme", "dimension", "group"],
            count="respondents", min_n=min_n),
    }


def _tables(part: Summary, whole: Summary | None) -> dict[str, pd.DataFrame]:
    if whole is None:
        empty = {"complement": False}
        names = ("questions", "sentiment", "respondents")
        return {name: getattr(part, name).assign(**empty) for name in names}
    return with_complements_withheld(part, whole)


@dataclass(frozen=True)
class Links:
    """How each kind of figure links to the answers behind it."""

    answers: AnswersLink  # (**filters) -> href of the answers page, or None where it is missing
    question: Callable[[str, str], str]  # (survey key, question key) -> the question's page
    answer_of_quote: Callable[[object, str], int | None]  # (source index, text) -> answer id


def themed_findings(
    part: Summary,
    definitions: dict[str, SurveyDefinition],
    surveys: list[str],
    links: Links,
    *,
    whole: Summary | None = None,
) -> list[ThemeFindings]:
    """Return each theme's findings for each of `surveys`, in theme order.

    `part` is the summary of the people shown (by survey); `whole` the summary of everyone
    when `part` is a group, so figures that would give the rest away are withheld.
    """
    words = Withheld(part.min_n)
    tables = _tables(part, whole)
    # Each survey's own rows, split once by (theme, survey): never the pooled "all" rows.
    questions = _by_theme_and_survey(tables["questions"], column="survey", same_group=True)
    tones = _by_theme_and_survey(tables["sentiment"])
    phrases = _by_theme_and_survey(part.phrases)
    quotes = _by_theme_and_survey(part.quotes)
    empty = {name: table.iloc[:0] for name, table in
             (("questions", tables["questions"]), ("sentiment", tables["sentiment"]),
              ("phrases", part.phrases), ("quotes", part.quotes))}
    themes = [theme for theme in THEME_ORDER if theme in part.themes]
    result = []
    for theme in themes:
        shown = []
        for key in surveys:
            definition = definitions[key]
            tone = tones.get((theme, key), empty["sentiment"])
            shown.append(SurveyFindings(
                key=key,
                name=survey_name(definition),
                questions=tuple(_question_rows(questions.get((theme, key), empty["questions"]),
                                               definition, words, links)),
                tone=tuple(_tone_cells(tone, words, links, None if theme == ALL else theme, key)),
                answers=_answers_cell(tone, words),
                phrases=tuple(_phrases(phrases.get((theme, key), empty["phrases"]))),
                quotes=tuple(_quotes(quotes.get((theme, key), empty["quotes"]), links)),
                answers_href=links.answers(survey=key, theme=None if theme == ALL else theme),
            ))
        result.append(ThemeFindings(theme, THEME_NAMES[theme], THEME_HINTS[theme], tuple(shown)))
    return result


def _by_theme_and_survey(table: pd.DataFrame, *, column: str = "group",
                         same_group: bool = False) -> dict[tuple[str, str], pd.DataFrame]:
    """Return the rows of the survey dimension split by (theme, survey)."""
    rows = table[table["dimension"] == SURVEY]
    if same_group:  # a question's row for its own survey (the others are empty)
        rows = rows[rows["group"] == rows[column]]
    return {(theme, survey): part for (theme, survey), part in rows.groupby(["theme", column], sort=False)}


def _wording(definition: SurveyDefinition, key: str, fallback: str) -> str:
    """Return the question's words as the oldest children (or everyone) read them."""
    try:
        question = definition.question(key)
    except KeyError:
        return fallback or key
    band = definition.bands[-1]
    return question.wording(band).text if band in question.wordings else fallback or key


def _question_rows(rows: pd.DataFrame, definition: SurveyDefinition, words: Withheld,
                   links: Links) -> list[QuestionRow]:
    order = {key: place for place, key in enumerate(definition.question_keys)}
    result = []
    for record in sorted(rows.to_dict("records"), key=lambda r: order.get(r["question_key"], 999)):
        if record["withheld"]:
            why = words.outside if record["complement"] else words.answered
            percent, n = Cell(None, why, short="withheld"), Cell(None, why, short="withheld")
        elif _missing(record["n"]) or not record["n"]:
            continue  # nobody in view answered it: nothing to show
        else:
            n = Cell(float(record["n"]), f"{int(record['n']):,}")
            pct = record["pct_positive"]
            percent = Cell(float(pct), _percent(pct)) if not _missing(pct) else Cell(None, "–")
        result.append(QuestionRow(
            key=record["question_key"],
            wording=_wording(definition, record["question_key"], record["question"]),
            percent=percent, n=n,
            href=links.question(definition.key, record["question_key"]),
        ))
    return result


def _tone_cells(tone: pd.DataFrame, words: Withheld, links: Links, theme: str | None,
                survey: str) -> list[tuple[str, Cell]]:
    cells = []
    by_label = {record["label"]: record for record in tone.to_dict("records")}
    for label in TONES:
        record = by_label.get(label)
        if record is None:
            continue
        href = links.answers(survey=survey, theme=theme, sentiment=label)
        if record["withheld"]:
            why = words.outside if record["complement"] else words.either
            cells.append((TONE_NAMES[label], Cell(None, why, href, short="withheld")))
        elif _missing(record["percent"]):
            cells.append((TONE_NAMES[label], Cell(None, "–")))
        else:
            text = f"{_percent(record['percent'])} ({int(record['answers']):,})"
            cells.append((TONE_NAMES[label], Cell(float(record["percent"]), text, href)))
    return cells


def _answers_cell(tone: pd.DataFrame, words: Withheld) -> Cell:
    total = tone[tone["label"] == "total"]
    if total.empty:
        return Cell(0.0, "0")
    record = total.iloc[0]
    if record["withheld"]:
        return Cell(None, words.outside if record["complement"] else words.either, short="withheld")
    return Cell(float(record["answers"]), f"{int(record['answers']):,}")


def _phrases(rows: pd.DataFrame) -> list[Phrase]:
    return [Phrase(r["phrase"], int(r["respondents"])) for r in rows.sort_values("rank").to_dict("records")]


def _quotes(rows: pd.DataFrame, links: Links) -> list[Quote]:
    quotes = []
    for record in rows.sort_values(["sentiment", "rank"], ascending=[False, True]).to_dict("records"):
        answer_id = links.answer_of_quote(record["source_index"], record["text"])
        href = links.answers(answer=answer_id) if answer_id is not None else None
        quotes.append(Quote(record["text"], record["sentiment"], href))
    return quotes


def respondents_by_survey(part: Summary, whole: Summary | None, surveys: list[str],
                          definitions: dict[str, SurveyDefinition]) -> list[tuple[str, Cell]]:
    """Return (survey name, respondents) of each survey: who the figures are built on."""
    table = _tables(part, whole)["respondents"]
    words = Withheld(part.min_n)
    rows = table[(table["theme"] == "all") & (table["dimension"] == SURVEY)].set_index("group")
    result = []
    for key in surveys:
        name = survey_name(definitions[key])
        if key not in rows.index:
            result.append((name, Cell(0.0, "0")))
            continue
        record = rows.loc[key]
        if record["withheld"]:
            why = words.outside if record["complement"] else words.either
            result.append((name, Cell(None, why, short="withheld")))
        else:
            result.append((name, Cell(float(record["respondents"]), f"{int(record['respondents']):,}")))
    return result
