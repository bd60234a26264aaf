"""The tables of one choice question's page: how many chose each option, per wording asked.

A children's question is asked in different words, with different options, to each age band,
so each band's answers get their own table; every count is `analysis.option_counts` (suppressed),
and, for a group, `analysis.group_filters.withhold_complements` against everyone's counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.group_filters import withhold_complements
from analysis.option_counts import TOTAL, option_counts
from participation.surveys import PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL, SurveyDefinition
from participation.surveys.models import Question, Wording
from participation.workspace.dashboard.figures import AGE_BAND_NAMES
from participation.workspace.findings.figures import Cell, Withheld, count_cell, percent_cell

EVERYONE_WHO_ANSWERED = "Everyone who chose an answer"


@dataclass(frozen=True)
class OptionRow:
    """An option's line: people who chose it and their percentage (as `figures_table` reads it)."""

    label: str
    cells: tuple[Cell, Cell]
    is_total: bool = False


@dataclass(frozen=True)
class OptionTable:
    caption: str
    wording: Wording
    rows: tuple[OptionRow, ...]
    columns: tuple[str, ...] = ("People", "Percentage")

    def chart_rows(self) -> list[tuple[str, Cell]]:
        """Return (option, people) of each option, the total left out: what the chart draws."""
        return [(row.label, row.cells[0]) for row in self.rows if not row.is_total]


def _counts(frame: pd.DataFrame, question: Question, keys: list[str], survey: str,
            min_n: int) -> pd.DataFrame:
    return option_counts(frame, question.key, keys, survey=survey,
                         multiple=question.type == "multiple_choice", min_n=min_n)


def option_tables(
    frame: pd.DataFrame,
    chosen: pd.DataFrame | None,
    definition: SurveyDefinition,
    question: Question,
    min_n: int,
) -> list[OptionTable]:
    """Return a table per band's wording of the question (one when every band reads the same).

    `frame` is everyone's answers; `chosen` a group's (None for everyone).
    """
    bands = [band for band in definition.bands if band in question.wordings]
    by_band = len(bands) > 1 and "age_band" in frame.columns
    words = Withheld(min_n)
    tables = []
    for band in bands if by_band else bands[:1]:
        wording = question.wording(band)
        keys = list(wording.option_keys)
        if PREFER_NOT_TO_SAY not in keys:
            keys.append(PREFER_NOT_TO_SAY)

        def of_band(answers: pd.DataFrame, band: str = band) -> pd.DataFrame:
            return answers[answers["age_band"] == band] if by_band else answers

        counts = _counts(of_band(frame), question, keys, definition.key, min_n)
        if chosen is not None:
            counts = withhold_complements(
                _counts(of_band(chosen), question, keys, definition.key, min_n), counts,
                keys=["option"], count="respondents", values=["percent"], min_n=min_n)
        else:
            counts = counts.assign(complement=False)
        labels = {option.key: option.label for option in wording.options}
        labels.setdefault(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)
        rows = []
        for row in counts.to_dict("records"):
            if row["withheld"]:
                why = words.outside if row["complement"] else words.either
                people = percent = Cell(None, why, short="withheld")
            else:
                people, percent = count_cell(row["respondents"]), percent_cell(row["percent"])
            is_total = row["option"] == TOTAL
            label = EVERYONE_WHO_ANSWERED if is_total else labels.get(row["option"], row["option"])
            rows.append(OptionRow(label, (people, percent), is_total))
        caption = (f"Children aged {AGE_BAND_NAMES.get(band, band)}: how many chose each answer" if by_band
                   else "How many chose each answer")
        tables.append(OptionTable(caption, wording, tuple(rows)))
    return tables
