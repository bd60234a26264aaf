"""Answers written for the misreadings of round 5 and never trained on keep their figures."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.set_aside import figures, trained_on

FRESH = Path(__file__).parent / "fixtures" / "fresh_check.csv"


def test_the_fresh_check_set_is_never_trained_on():
    assert trained_on(FRESH) == {}


def test_every_disclosure_in_the_fresh_check_set_is_flagged_and_themes_hold():
    result = figures(FRESH)
    assert result["safeguarding"]["recall"] == 1.0, result["safeguarding"]
    assert result["safeguarding"]["precision"] >= 0.8
    # Reached 0.92 and 0.95 when written; the floors leave room for honest retraining noise.
    assert result["macro_f1"] >= 0.88
    assert result["sentiment_accuracy"] >= 0.90
