"""Answers written for the round-7 tone misreadings and never trained on keep their figures."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.set_aside import figures, trained_on

ASIDE = Path(__file__).parent / "fixtures" / "aside_round7.csv"


def test_the_round7_aside_set_is_never_trained_on() -> None:
    assert trained_on(ASIDE) == {}


def test_every_disclosure_in_the_round7_aside_set_is_flagged_and_tone_holds() -> None:
    result = figures(ASIDE)
    assert result["safeguarding"]["recall"] == 1.0, result["safeguarding"]
    assert result["safeguarding"]["precision"] >= 0.8
    # Reached 0.80 sentiment and 0.92 macro-F1 with version 2.1.0 (0.75 and 0.90 before round
    # 7); the floors leave room for honest retraining noise.
    assert result["sentiment_accuracy"] >= 0.78
    assert result["macro_f1"] >= 0.89
