"""The agreement figures (from `analysis.agreement`) as the words and numbers the page shows."""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.agreement import BOOTSTRAP_SAMPLES, MIN_FOR_INTERVAL, Agreement, Proportion
from participation.workspace.names import THEME_NAMES


@dataclass(frozen=True)
class FigureRow:
    """One row of a figures table, every cell already text."""

    name: str
    value: str
    interval: str
    detail: str


def _interval(low: float, high: float, as_percent: bool) -> str:
    if math.isnan(low) or math.isnan(high):
        return "Not shown"
    if as_percent:
        return f"{low:.0%} to {high:.0%}"
    return f"{low:.2f} to {high:.2f}"


def _share(part: Proportion, of_what: str) -> FigureRow:
    value = "None to count" if part.n == 0 else f"{part.count} of {part.n} ({part.fraction:.0%})"
    return FigureRow(of_what, value, _interval(part.low, part.high, True), "")


def figure_rows(figures: Agreement) -> dict[str, list[FigureRow]]:
    """Return the themes table and the tone and safeguarding table of the page."""
    themes = [
        FigureRow(
            THEME_NAMES[item.theme],
            "No answer has this theme" if math.isnan(item.f1) else f"{item.f1:.2f}",
            _interval(item.low, item.high, False),
            f"Inspectors {item.by_people}, analysis {item.by_analysis}, both {item.by_both}",
        )
        for item in figures.themes
    ]
    others = [
        _share(figures.tone, "Tone read as the inspectors read it"),
        _share(
            figures.misses,
            "Safeguarding misses: answers inspectors said needed attention that the analysis did not flag",
        ),
        _share(
            figures.false_alarms,
            "False alarms: answers the analysis flagged that inspectors said did not need attention",
        ),
    ]
    return {"themes": themes, "others": others}


def interval_note(figures: Agreement) -> str:
    """Say when intervals are shown."""
    if figures.with_interval:
        return (
            "Intervals are 95%: for F1 a bootstrap of the reviewed answers "
            f"({BOOTSTRAP_SAMPLES:,} resamples, fixed seed), for shares the Wilson interval."
        )
    return f"95% intervals are shown once at least {MIN_FOR_INTERVAL} answers have been reviewed."
