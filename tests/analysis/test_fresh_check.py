"""Answers written for the misreadings of round 5 and never trained on keep their figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import theme_responses
from analysis.evaluate import evaluate

FRESH = Path(__file__).parent / "fixtures" / "fresh_check.csv"
TRAINING = Path(__file__).parents[2] / "analysis" / "data" / "training"


def test_the_fresh_check_set_is_never_trained_on():
    fresh = set(pd.read_csv(FRESH, keep_default_na=False, dtype=str)["text"].str.lower())
    for path in TRAINING.glob("*.csv"):
        trained = set(pd.read_csv(path, keep_default_na=False, dtype=str)["text"].str.lower())
        assert not fresh & trained, path.name


def test_every_disclosure_in_the_fresh_check_set_is_flagged_and_themes_hold():
    labelled = pd.read_csv(FRESH, keep_default_na=False, dtype=str)
    result = evaluate(labelled, theme_responses(labelled[["text", "respondent"]]))
    assert result["safeguarding"]["recall"] == 1.0, result["safeguarding"]
    assert result["safeguarding"]["precision"] >= 0.8
    # Reached 0.92 and 0.95 when written; the floors leave room for honest retraining noise.
    assert result["macro_f1"] >= 0.88
    assert result["sentiment_accuracy"] >= 0.90
