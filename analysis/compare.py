"""Comparisons of two proportions, and intervals round one, for figures an inspector may publish.

Every comparison the workspace shows comes from here, so "better", "about the same" and "worse"
mean the same on every page: a two-sided two-proportion z-test (pooled variance) at 95%, with
the p-values of a family of comparisons adjusted by Holm's step-down method, which keeps the
chance of calling even one difference real when none is at 5% however many questions are
compared. A comparison is withheld, not tested, when either side has fewer than ``min_n``
respondents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from .suppression import DEFAULT_MIN_N

ALPHA = 0.05
BETTER = "better"
WORSE = "worse"
SAME = "about the same"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Comparison:
    """One proportion against another: ``verdict`` is better, about the same, worse or withheld."""

    positive: int
    n: int
    other_positive: int
    other_n: int
    difference: float | None  # percentage points, this side minus the other
    p_value: float | None  # as tested, before adjustment
    adjusted_p: float | None  # after Holm's adjustment across the family
    verdict: str

    @property
    def percent(self) -> float | None:
        return 100 * self.positive / self.n if self.n else None

    @property
    def other_percent(self) -> float | None:
        return 100 * self.other_positive / self.other_n if self.other_n else None


def two_proportion_p(positive: int, n: int, other_positive: int, other_n: int) -> float:
    """Return the two-sided p-value of a pooled two-proportion z-test (1.0 when there is no spread)."""
    if n <= 0 or other_n <= 0:
        raise ValueError("both sides need at least one respondent")
    if positive in (0, n) and other_positive in (0, other_n) and positive / n == other_positive / other_n:
        return 1.0  # both all-or-nothing alike: no difference and no variance to test
    pooled = (positive + other_positive) / (n + other_n)
    if pooled in (0.0, 1.0):
        return 1.0
    _, p_value = proportions_ztest([positive, other_positive], [n, other_n])
    return float(p_value)


def compare_proportions(
    pairs: Sequence[tuple[int, int, int, int]], *, min_n: int = DEFAULT_MIN_N, alpha: float = ALPHA,
) -> list[Comparison]:
    """Compare each (positive, n, other_positive, other_n) as one family, Holm-adjusted.

    A pair with either side below ``min_n`` respondents is withheld and not part of the family.
    """
    tested = [i for i, (_, n, _, other_n) in enumerate(pairs) if n >= min_n and other_n >= min_n]
    raw = [two_proportion_p(*pairs[i]) for i in tested]
    adjusted = multipletests(raw, alpha=alpha, method="holm")[1] if raw else np.array([])
    adjusted_of = dict(zip(tested, adjusted, strict=True))
    raw_of = dict(zip(tested, raw, strict=True))
    results = []
    for i, (positive, n, other_positive, other_n) in enumerate(pairs):
        if i not in adjusted_of:
            results.append(Comparison(positive, n, other_positive, other_n, None, None, None, WITHHELD))
            continue
        difference = 100 * (positive / n - other_positive / other_n)
        p_adjusted = float(adjusted_of[i])
        verdict = SAME if p_adjusted >= alpha else (BETTER if difference > 0 else WORSE)
        results.append(Comparison(positive, n, other_positive, other_n, difference, raw_of[i],
                                  p_adjusted, verdict))
    return results


def wilson_interval(successes: int, n: int, *, alpha: float = ALPHA) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion (as fractions), (nan, nan) when n is 0."""
    if n <= 0:
        return (float("nan"), float("nan"))
    low, high = proportion_confint(successes, n, alpha=alpha, method="wilson")
    return (float(low), float(high))
