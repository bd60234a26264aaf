"""How far the analysis agrees with people who labelled the same answers.

`agreement(frame)` reads one row per reviewed answer: the analysis's reading (``analysis_<theme>``,
``analysis_sentiment``, ``analysis_safeguarding``) beside the people's labels (``person_<theme>``,
``person_sentiment``, ``person_safeguarding``; the last may be missing). It returns, per theme, the
F1 of the analysis against the people; the share of answers whose tone both gave; and the
safeguarding misses (people said yes, the analysis no) and false alarms (the other way round).
Each comes with its n, and a 95% interval once at least `MIN_FOR_INTERVAL` answers were reviewed:
a percentile bootstrap with a fixed seed for F1 (so the page shows the same interval on every
load), Wilson for proportions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.compare import wilson_interval
from analysis.theme_list import THEMES

MIN_FOR_INTERVAL = 30
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20261206
NO_INTERVAL = (math.nan, math.nan)


@dataclass(frozen=True)
class ThemeAgreement:
    """One theme: F1 over the reviewed answers, and how often each side gave the theme."""

    theme: str
    n: int
    f1: float  # nan when neither side gave the theme to any answer
    low: float
    high: float
    by_people: int
    by_analysis: int
    by_both: int


@dataclass(frozen=True)
class Proportion:
    """A count out of n, as a fraction with its 95% Wilson interval (nan when not shown)."""

    count: int
    n: int
    fraction: float
    low: float
    high: float


@dataclass(frozen=True)
class Agreement:
    """Everything the agreement page shows, from one set of reviewed answers."""

    n: int
    with_interval: bool
    themes: tuple[ThemeAgreement, ...]
    tone: Proportion  # answers whose tone the analysis read as the people did
    misses: Proportion  # of the answers people said needed attention, those the analysis did not flag
    false_alarms: Proportion  # of the answers the analysis flagged, those people said did not need it


def f1_score(analysis: np.ndarray, people: np.ndarray) -> float:
    """Return the F1 of 0/1 labels against the people's (nan when neither gave any)."""
    both = int(np.sum(analysis & people))
    wrong = int(np.sum(analysis ^ people))
    return math.nan if both + wrong == 0 else 2 * both / (2 * both + wrong)


def bootstrap_f1_interval(
    analysis: np.ndarray, people: np.ndarray, *, samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED
) -> tuple[float, float]:
    """Return the 95% percentile bootstrap interval of F1, resampling answers with a fixed seed.

    Resamples in which neither side gave the label have no F1 and are left out.
    """
    n = len(analysis)
    if n == 0:
        return NO_INTERVAL
    picks = np.random.default_rng(seed).integers(0, n, size=(samples, n))
    a, p = analysis[picks], people[picks]
    both = (a & p).sum(axis=1)
    wrong = (a ^ p).sum(axis=1)
    defined = (both + wrong) > 0
    if not defined.any():
        return NO_INTERVAL
    scores = 2 * both[defined] / (2 * both[defined] + wrong[defined])
    low, high = np.percentile(scores, [2.5, 97.5])
    return float(low), float(high)


def proportion(count: int, n: int, with_interval: bool) -> Proportion:
    """Return count out of n with its Wilson interval when asked (nan fraction when n is 0)."""
    low, high = wilson_interval(count, n) if with_interval and n else NO_INTERVAL
    return Proportion(count, n, count / n if n else math.nan, low, high)


def _flags(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].fillna(False).astype(bool).to_numpy()


def agreement(frame: pd.DataFrame, *, min_for_interval: int = MIN_FOR_INTERVAL) -> Agreement:
    """Return the agreement of the analysis with the people over the reviewed answers of `frame`."""
    n = len(frame)
    with_interval = n >= min_for_interval
    themes = []
    for theme in THEMES:
        analysis, people = _flags(frame, f"analysis_{theme}"), _flags(frame, f"person_{theme}")
        low, high = bootstrap_f1_interval(analysis, people) if with_interval else NO_INTERVAL
        themes.append(
            ThemeAgreement(
                theme,
                n,
                f1_score(analysis, people),
                low,
                high,
                int(people.sum()),
                int(analysis.sum()),
                int((analysis & people).sum()),
            )
        )
    toned = frame[frame["person_sentiment"].notna() & frame["analysis_sentiment"].notna()]
    same_tone = int((toned["person_sentiment"] == toned["analysis_sentiment"]).sum())
    judged = frame[frame["person_safeguarding"].notna()]
    flagged, needed = _flags(judged, "analysis_safeguarding"), _flags(judged, "person_safeguarding")
    return Agreement(
        n=n,
        with_interval=with_interval,
        themes=tuple(themes),
        tone=proportion(same_tone, len(toned), with_interval),
        misses=proportion(int((needed & ~flagged).sum()), int(needed.sum()), with_interval),
        false_alarms=proportion(int((flagged & ~needed).sum()), int(flagged.sum()), with_interval),
    )
