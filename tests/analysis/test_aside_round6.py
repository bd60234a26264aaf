"""Answers written for issue 10's misreadings (round 6) and never trained on keep their figures."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis import theme_responses
from tests.analysis.set_aside import figures, trained_on

ASIDE = Path(__file__).parent / "fixtures" / "aside_round6.csv"


def test_the_aside_set_is_never_trained_on() -> None:
    assert trained_on(ASIDE) == {}


def test_every_disclosure_in_the_aside_set_is_flagged_and_tone_holds() -> None:
    result = figures(ASIDE)
    assert result["safeguarding"]["recall"] == 1.0, result["safeguarding"]
    assert result["safeguarding"]["precision"] >= 0.8
    # Reached 0.94 sentiment and 0.88 macro-F1 when written (0.81 and 0.87 before round 6);
    # the floors leave room for honest retraining noise.
    assert result["sentiment_accuracy"] >= 0.90
    assert result["macro_f1"] >= 0.85


def test_a_disclosure_the_lexicon_finds_reads_negative_however_it_is_worded() -> None:
    texts = [
        "he is really kind and gives me money if i hold stuff for him",
        "i love my big cousin, he lets me carry packages for him and pays me",
    ]
    out = theme_responses(pd.DataFrame({"text": texts, "respondent": ["child", "child"]}))
    assert out["safeguarding_flag"].all()
    assert (out["sentiment_label"] == "negative").all()
    assert (out["sentiment_polarity"] < 0).all()
    # The model alone read them as positive: the flag settled the tone.
    for evidence in out["evidence"]:
        cues = json.loads(evidence)["sentiment"]
        assert cues[-1] == "possible disclosure" and cues[-2].startswith("model: +"), cues
