"""A summary's figures in the long layout a published datastore uses, for exports.

One row per figure, every column a single kind of thing, so a pivot table or a filter works
without parsing: which survey and question (with its wording version, so figures are only compared
where people saw the same words), which theme, which breakdown (dimension and group), which
measure, and its value. A withheld figure has an empty value and ``withheld`` 1, so the value
column stays numeric and a withheld figure can never be read as a zero. A question nobody in a
group answered has no row for that group (most are questions of another survey).

Only counts and percentages: key phrases and quotes are words from answers, and stay on the
pages of the inspection.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

import pandas as pd

from .summary import Summary

COLUMNS = (
    "survey", "question_key", "wording_version", "theme", "dimension", "group",
    "measure", "category", "value", "withheld",
)
# Each measure, as the definitions sheet of an export explains it.
MEASURES = {
    "respondents": "Respondents in the group (for a theme: who answered any of its questions).",
    "respondents_answering": "Respondents who answered the question: the base of percent_positive.",
    "percent_positive": "Percentage of those answering who chose a positive option (0 to 100).",
    "free_text_answers": "Free-text answers in the theme with the tone in `category`.",
    "percent_of_free_text_answers": "Percentage of the theme's free-text answers with that tone.",
}


def _value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _records(table: pd.DataFrame) -> Iterator[dict]:
    yield from table.astype(object).to_dict("records")


def long_figures(
    summary: Summary, wording_versions: Mapping[tuple[str, str], int] | None = None
) -> pd.DataFrame:
    """Return the summary's counts and percentages, one row per figure (see `COLUMNS`).

    ``wording_versions`` maps (survey, question key) to the question's wording version.
    """
    versions = wording_versions or {}
    rows: list[tuple] = []

    def add(rec: dict, survey: str, key: str, measure: str, category: str, value: object) -> None:
        withheld = bool(rec["withheld"])
        version = versions.get((survey, key)) if key else None
        rows.append((survey, key, version, rec["theme"], rec["dimension"], rec["group"], measure,
                     category, None if withheld else _value(value), int(withheld)))

    for rec in _records(summary.respondents):
        add(rec, "", "", "respondents", "", rec["respondents"])
    for rec in _records(summary.questions):
        if not rec["withheld"] and not rec["n"]:
            continue  # nobody in the group answered it (often: a question of another survey)
        survey, key = rec.get("survey") or "", rec["question_key"]
        add(rec, survey, key, "respondents_answering", "", rec["n"])
        add(rec, survey, key, "percent_positive", "", rec["pct_positive"])
    for rec in _records(summary.sentiment):
        add(rec, "", "", "free_text_answers", rec["label"], rec["answers"])
        add(rec, "", "", "percent_of_free_text_answers", rec["label"], rec["percent"])
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    # Counts stay whole numbers beside percentages: one column of plain Python values.
    frame["value"] = pd.Series([row[8] for row in rows], index=frame.index, dtype=object)
    frame["wording_version"] = frame["wording_version"].astype("Int64")
    return frame
