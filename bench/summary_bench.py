"""Benchmark: ``summarise`` on an inspection of 10,000 responses beside a plain pandas groupby.

    .venv/bin/python bench/summary_bench.py [--responses 10000] [--repeats 5] [--seed 2026]

The frame is what an inspection's export looks like: one row per answer, the questions of the
three survey definitions (children by age band, parents, staff by agency), "I'd rather not
say" and skipped answers, multiple choice as one row per chosen option, and free-text answers
that already carry their analysis columns, as the web app stores them. The analysis columns are
drawn from the seeded generator rather than computed, so the frame (and so the figures) do not
move when the lexicons do.

The baseline is the percentage positive alone, by a plain ``groupby`` per dimension, with no
respondent de-duplication, no themes, no suppression, no free text.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import synthetic_answers  # noqa: E402

from analysis.summary import summarise  # noqa: E402
from participation.surveys.loader import load_definitions  # noqa: E402
from participation.surveys.models import PREFER_NOT_TO_SAY  # noqa: E402

DEFINITIONS = ROOT / "participation" / "surveys" / "definitions"
BY = ("survey", "age_band", "agency", "language", "assisted")
# Shares of the respondents, chosen so 10,000 responses give about 250,000 answer rows.
SURVEY_SHARES = {"children": 0.40, "parents": 0.25, "staff": 0.35}
BAND_SHARES = {"5-7": 0.2, "8-11": 0.35, "12-17": 0.45}
# A long tail of languages, the last rare enough to be withheld in most cells.
LANGUAGES = {"en": 0.88, "pl": 0.03, "ar": 0.025, "uk": 0.025, "gd": 0.02, "ro": 0.015,
             "so": 0.0008}
THEME_SHARES = {"wellbeing": 0.35, "relationships": 0.3, "process": 0.3, "involvement": 0.15,
                "leadership": 0.1}
LABEL_SHARES = {"positive": 0.4, "neutral": 0.25, "negative": 0.35}
P_PREFER_NOT_TO_SAY = 0.03
P_SKIPPED = 0.05
P_FREE_TEXT = 0.6
P_FLAGGED = 0.01
TARGET_SECONDS = 1.0


def _pick(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def inspection_answers(responses: int = 10_000, seed: int = 2026) -> pd.DataFrame:
    """Return the long answers frame of a synthetic inspection, the same for a seed."""
    rng = random.Random(seed)
    surveys = load_definitions(DEFINITIONS)
    texts = iter(synthetic_answers(responses * 2, seed)["text"])
    rows: list[dict[str, object]] = []
    for number in range(responses):
        survey = surveys[_pick(rng, SURVEY_SHARES)]
        band = _pick(rng, BAND_SHARES) if survey.audience == "children" else "all"
        person = {
            "response_id": f"{survey.key}-{number:05d}",
            "survey": survey.key,
            "respondent": {"children": "child", "parents": "parent"}.get(survey.audience,
                                                                          "staff"),
            "age_band": band if band != "all" else "",
            "agency": rng.choice(survey.agencies).key if survey.agencies else "",
            "language": _pick(rng, LANGUAGES),
            "assisted": "yes" if rng.random() < (0.6 if band == "5-7" else 0.1) else "no",
        }
        for question in survey.questions:
            wording = question.wording(band)
            base = {**person, "question_key": question.key, "question_type": question.type,
                    "themes": ";".join(question.themes), "question": wording.text}
            if question.type == "free_text":
                rows.append({**base, **_free_text(rng, next(texts))})
                continue
            roll = rng.random()
            if roll < P_SKIPPED:
                rows.append({**base, "option_key": "", "polarity": None, "status": "skipped"})
                continue
            if roll < P_SKIPPED + P_PREFER_NOT_TO_SAY:
                rows.append({**base, "option_key": PREFER_NOT_TO_SAY, "polarity": None,
                             "status": PREFER_NOT_TO_SAY})
                continue
            options = [o for o in wording.options if o.key != PREFER_NOT_TO_SAY]
            chosen = (rng.sample(options, rng.randint(1, 3))
                      if question.type == "multiple_choice" else [rng.choice(options)])
            rows.extend({**base, "option_key": o.key, "polarity": o.polarity,
                         "status": "answered"} for o in chosen)
    return pd.DataFrame(rows)


def _free_text(rng: random.Random, text: str) -> dict[str, object]:
    """Return the cells of one free-text answer, with drawn analysis columns."""
    if rng.random() >= P_FREE_TEXT:
        return {"option_key": "", "polarity": None, "status": "skipped", "text": ""}
    label = _pick(rng, LABEL_SHARES)
    cells: dict[str, object] = {
        "option_key": "", "polarity": None, "status": "answered", "text": text,
        "sentiment_label": label,
        "sentiment_polarity": {"positive": 0.5, "neutral": 0.0, "negative": -0.5}[label],
        "safeguarding_flag": rng.random() < P_FLAGGED,
    }
    for theme, share in THEME_SHARES.items():
        cells[f"theme_{theme}"] = rng.random() < share
    return cells


def plain_percentage_positive(answers: pd.DataFrame, by: tuple[str, ...] = BY) -> pd.Series:
    """Return the percentage of positive answer rows per question, overall and per group."""
    answered = answers[(answers["question_type"] != "free_text")
                       & (answers["status"] == "answered")]
    positive = answered["polarity"].eq("positive")
    keys = [answered["survey"], answered["question_key"]]
    parts = [positive.groupby(keys).mean()]
    parts += [positive.groupby([*keys, answered[dim]]).mean() for dim in by]
    return 100 * pd.concat(parts)


def _timed(run) -> tuple[float, float]:
    """Return the wall-clock and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _medians(run, repeats: int) -> tuple[float, float]:
    """Return the median wall-clock and CPU seconds of ``repeats`` calls."""
    times = [_timed(run) for _ in range(repeats)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def main(argv: list[str] | None = None) -> int:
    """Build the frame, time both sides in this run and print them side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5, help="timed calls of each side")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    answers = inspection_answers(args.responses, args.seed)
    free = int((answers["question_type"].eq("free_text") & answers["status"].eq("answered"))
               .sum())
    # The first call also fills the caches of each answer's words and phrases, as the first
    # page of a new inspection would; the pages then summarise the same answers again.
    first = _timed(lambda: summarise(answers, by=BY))
    summary = _medians(lambda: summarise(answers, by=BY), args.repeats)
    plain = _medians(lambda: plain_percentage_positive(answers), args.repeats)
    print(f"An inspection of {args.responses:,} responses: {len(answers):,} answer rows, "
          f"{free:,} of them free-text answers; by {', '.join(BY)}.")
    print(f"Median of {args.repeats} calls each; load average {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores.")
    print(f"{'':<44}{'wall s':>9}{'CPU s':>9}")
    print(f"{'summarise, first call (cold caches)':<44}{first[0]:>9.3f}{first[1]:>9.3f}")
    print(f"{'summarise, every table, suppressed':<44}{summary[0]:>9.3f}{summary[1]:>9.3f}")
    print(f"{'plain groupby: % positive alone':<44}{plain[0]:>9.3f}{plain[1]:>9.3f}")
    print(f"{'ratio summarise / plain groupby':<44}{summary[0] / plain[0]:>8.1f}x"
          f"{summary[1] / plain[1]:>8.1f}x")
    # Wall-clock time on a shared machine says more about the other work than about this code;
    # CPU time is the steadier figure, and both are judged.
    verdicts = [f"{name} {'met' if seconds < TARGET_SECONDS else 'NOT met'}"
                for name, seconds in (("in CPU time", summary[1]), ("in wall-clock time", summary[0]))]
    print(f"Target, summarise under {TARGET_SECONDS:g} s at 10,000 responses: "
          f"{', '.join(verdicts)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
