"""The "definitions" and "notes" sheets of an XLSX export: every column and every code explained,
and the rules the figures follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from analysis.datastore import MEASURES
from analysis.suppression import withheld_label
from analysis.theme_list import THEMES
from participation.config import LANGUAGES
from participation.surveys import SurveyDefinition
from participation.workspace.exports.answers import FLAGGED_TEXT, MULTIPLE_JOIN

DEFINITION_COLUMNS = ("kind", "survey", "question_key", "band", "code", "label", "polarity", "description")
NOTE_COLUMNS = ("note", "value")

ANSWER_COLUMNS = {
    "row": "The row's number in this file. Rows are in a random order: nothing orders them in time.",
    "survey": "The survey the response answers (kind 'survey' below).",
    "age_band": "The child's age band (children's survey only). Blank where withheld.",
    "agency": "The member of staff's agency (staff survey only). Blank where withheld.",
    "language": "The language the survey was answered in. Blank where withheld.",
    "assisted": (
        "yes: a young inspection volunteer helped to answer; no: answered alone. Blank where withheld."
    ),
    "attributes_withheld": (
        "1 where age_band, agency, language and assisted are left blank because too few respondents "
        "share that combination; 0 otherwise."
    ),
}
FIGURE_COLUMNS = {
    "survey": "The survey of a question's figures (blank for figures over several surveys).",
    "question_key": "The question (kind 'question' below); blank for respondents and tone figures.",
    "wording_version": "The question's wording version: compare figures only where it is the same.",
    "theme": "The theme (kind 'theme' below); 'all' covers every answer.",
    "dimension": "The breakdown: all, survey, age_band, agency, language or assisted.",
    "group": "The group within the breakdown; 'not recorded' where the response did not say.",
    "measure": "What the value counts (kind 'measure' below).",
    "category": "For tone figures: positive, neutral, negative or total.",
    "value": "The figure. Empty where withheld (see 'withheld') or where there is nothing to count.",
    "withheld": "1 where the figure is withheld to protect the people who answered; 0 otherwise.",
}


def _row(kind: str, survey: str = "", key: str = "", band: str = "", code: str = "", label: str = "",
         polarity: str = "", description: str = "") -> tuple:
    return (kind, survey, key, band, code, label, polarity, description)


def _question_rows(definition: SurveyDefinition) -> Iterator[tuple]:
    for question in definition.questions:
        for band, wording in question.wordings.items():
            description = (
                f"{question.type}; themes: {', '.join(question.themes) or 'none'}; "
                f"wording version {question.wording_version}"
            )
            yield _row("question", definition.key, question.key, band, question.key, wording.text,
                       "", description)
            for option in wording.options:
                yield _row("option", definition.key, question.key, band, option.key, option.label,
                           option.polarity or "",
                           "counted as positive" if option.polarity == "positive" else "")


def definitions_rows(surveys: Iterable[SurveyDefinition], *, answers: bool) -> Iterator[tuple]:
    """Yield the definitions sheet: its header, each column, then every code the file may hold."""
    yield DEFINITION_COLUMNS
    for name, description in (ANSWER_COLUMNS if answers else FIGURE_COLUMNS).items():
        yield _row("column", code=name, description=description)
    if answers:
        yield _row("column", code="(each question key)",
                   description="The answer to that question (kind 'question' and 'option' below).")
    else:
        for name, description in MEASURES.items():
            yield _row("measure", code=name, description=description)
    for theme in THEMES:
        yield _row("theme", code=theme, label=theme.replace("_", " ").capitalize())
    for code, language in LANGUAGES.items():
        yield _row("language", code=code, label=language["name"])
    for definition in surveys:
        yield _row("survey", definition.key, code=definition.key, label=definition.title,
                   description=f"survey version {definition.version}; bands: {', '.join(definition.bands)}")
        for agency in definition.agencies:
            yield _row("agency", definition.key, code=agency.key, label=agency.label)
        yield from _question_rows(definition)


def notes_rows(
    scope: str, surveys: Iterable[SurveyDefinition], min_n: int, *, answers: bool
) -> Iterator[tuple]:
    """Yield the notes sheet: what the file covers and the rules its contents follow."""
    yield NOTE_COLUMNS
    yield ("Covers", scope)
    yield ("Made on", dt.date.today().isoformat())
    yield ("Survey versions", "; ".join(f"{s.key} version {s.version}" for s in surveys))
    yield ("Wording versions", "Each question's wording version is on the definitions sheet.")
    if answers:
        yield ("Rows", "One row for each sent response, in a random order.")
        yield ("Group attributes", (
            f"Any combination of age band, agency, language and assisted shared by fewer than {min_n} "
            f"respondents is left blank; if fewer than {min_n} rows would then be blank, the next "
            "smallest combinations are blanked too."))
        yield ("Choices", (
            f"A choice is its option key; for multiple choice the keys are joined with '{MULTIPLE_JOIN}'. "
            "prefer_not_to_say is \"I'd rather not say\"; blank is not answered."))
        yield ("Free text", (
            f"Every free-text answer of a response with an answer flagged for safeguarding reads "
            f"'{FLAGGED_TEXT}': those answers are read and acted on there, not in a spreadsheet."))
    else:
        yield ("Suppression", (
            f"A figure built on fewer than {min_n} respondents is withheld ({withheld_label(min_n)}), and "
            "so is the next smallest where one withheld figure could be worked out from a total."))
        yield ("Percentage positive", (
            "Out of the respondents who answered the question; skips, \"I'd rather not say\" and "
            "options that do not apply are left out of the base."))
    yield ("Spreadsheet safety", (
        "Text that starts with =, +, -, @, a tab or a carriage return begins with an apostrophe, "
        "so a spreadsheet never runs it as a formula."))
    yield ("Handling", "Official-sensitive. Keep it on the inspection's own systems and delete it when done.")
