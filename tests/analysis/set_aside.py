"""Labelled answers set aside to check the analysis on text it never learnt from.

Each set (tests/analysis/fixtures) gets the same two checks: none of its answers is in the
training data or the worked examples, and its figures hold.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import theme_responses
from analysis.evaluate import evaluate

DATA = Path(__file__).parents[2] / "analysis" / "data"


def _texts(path: Path) -> set[str]:
    return set(pd.read_csv(path, keep_default_na=False, dtype=str)["text"].str.lower())


def trained_on(aside: Path) -> dict[str, set[str]]:
    """Return, by file name, the set's answers found in the training data or the examples."""
    texts = _texts(aside)
    found = {}
    for path in [*DATA.joinpath("training").glob("*.csv"), DATA / "examples.csv"]:
        if shared := texts & _texts(path):
            found[path.name] = shared
    return found


def figures(aside: Path) -> dict:
    """Return the analysis's figures on the set (`analysis.evaluate.evaluate`)."""
    labelled = pd.read_csv(aside, keep_default_na=False, dtype=str)
    return evaluate(labelled, theme_responses(labelled[["text", "respondent"]]))
