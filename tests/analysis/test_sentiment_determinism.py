"""A reading never depends on the interpreter's string hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Two sarcastic openers share a first word ("great stuff" and "great"): which one is tried
# first decides whether the rest reads as an aside.
ANSWERS = ["great stuff, another form to fill in", "oh great another new worker", "aye right, cancelled"]
PROGRAM = (
    "import json, sys\n"
    "from analysis.sentiment import sentiment_of\n"
    "print(json.dumps([sentiment_of(t) for t in json.loads(sys.argv[1])]))\n"
)


def reading_with_hash_seed(seed: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", PROGRAM, json.dumps(ANSWERS)],
        cwd=ROOT, check=True, capture_output=True, text=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    return done.stdout


def test_the_sarcastic_opener_read_does_not_depend_on_the_hash_seed() -> None:
    # Before the openers were sorted, seeds 1 and 2 read the first answer differently.
    readings = {reading_with_hash_seed(seed) for seed in ("1", "2", "6", "11")}
    assert len(readings) == 1, readings


def test_the_longer_sarcastic_opener_is_tried_first() -> None:
    from analysis.sentiment import sentiment_of

    polarity, label, cues = sentiment_of(ANSWERS[0])
    assert label == "negative" and "sarcasm" in cues, (polarity, cues)
