"""Two questions put to the same respondents, compared on those who answered both.

Staff are asked, in matching words on the same scale, about confidence in their first-line
manager and in senior (strategic) leaders. Because the same people answer both, the two
percentages are not independent samples: the test is McNemar's, on the people who answered
one positively and the other not (exact binomial when fewer than 25 such people, else the
chi-square with continuity correction). Comparisons by group (e.g. agency) are one family,
Holm-adjusted. A group of fewer than ``min_n`` respondents is withheld, with secondary
suppression so a withheld group cannot be worked out from the total and the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests

from .compare import ALPHA, BETTER, SAME, WITHHELD, WORSE
from .respondent_answers import respondent_group, verdicts
from .suppression import DEFAULT_MIN_N, suppress_series

ALL = "all"
# Below this many discordant respondents the chi-square approximation is poor.
EXACT_BELOW = 25


@dataclass(frozen=True)
class PairedFigure:
    """One group's paired comparison; every figure is None when ``withheld``.

    ``verdict`` is better when the first question is answered more positively than the second.
    """

    group: str
    n: int | None
    first_positive: int | None
    second_positive: int | None
    p_value: float | None
    adjusted_p: float | None
    verdict: str

    @property
    def withheld(self) -> bool:
        return self.verdict == WITHHELD

    @property
    def first_percent(self) -> float | None:
        return None if self.withheld or not self.n else 100 * self.first_positive / self.n

    @property
    def second_percent(self) -> float | None:
        return None if self.withheld or not self.n else 100 * self.second_positive / self.n

    @property
    def difference(self) -> float | None:
        """Percentage points, first minus second."""
        if self.first_percent is None or self.second_percent is None:
            return None
        return self.first_percent - self.second_percent


@dataclass(frozen=True)
class PairedResult:
    """The overall comparison and one per group (in order of group name)."""

    overall: PairedFigure
    groups: tuple[PairedFigure, ...]


def mcnemar_p(only_first: int, only_second: int) -> float:
    """Return McNemar's two-sided p-value from the two discordant counts (1.0 when both are 0)."""
    if only_first + only_second == 0:
        return 1.0
    exact = only_first + only_second < EXACT_BELOW
    table = [[0, only_first], [only_second, 0]]  # the concordant cells do not enter the test
    return float(mcnemar(table, exact=exact, correction=True).pvalue)


def _paired_table(answers: pd.DataFrame, survey: str, first: str, second: str) -> pd.DataFrame:
    rows = verdicts(answers)
    rows = rows[rows["survey"].eq(survey)]
    wide = rows[rows["question_key"].isin((first, second))].pivot(
        index="response_id", columns="question_key", values="positive"
    )
    both = wide.reindex(columns=[first, second]).dropna()
    return both.astype(bool).rename(columns={first: "first", second: "second"})


def _counts(table: pd.DataFrame) -> tuple[int, int, int, int, int]:
    first, second = table["first"], table["second"]
    return (len(table), int(first.sum()), int(second.sum()),
            int((first & ~second).sum()), int((~first & second).sum()))


def _verdict(p_adjusted: float, difference: int, alpha: float) -> str:
    if p_adjusted >= alpha:
        return SAME
    return BETTER if difference > 0 else WORSE


def paired_comparison(
    answers: pd.DataFrame,
    *,
    survey: str,
    first: str,
    second: str,
    by: str | None = None,
    min_n: int = DEFAULT_MIN_N,
    alpha: float = ALPHA,
) -> PairedResult:
    """Compare two questions on the respondents of ``survey`` who answered both, overall and by ``by``."""
    table = _paired_table(answers, survey, first, second)
    n, first_pos, second_pos, only_first, only_second = _counts(table)
    overall_p = mcnemar_p(only_first, only_second)
    if n < min_n:
        overall = PairedFigure(ALL, None, None, None, None, None, WITHHELD)
    else:
        overall = PairedFigure(ALL, n, first_pos, second_pos, overall_p, overall_p,
                               _verdict(overall_p, only_first - only_second, alpha))
    if by is None:
        return PairedResult(overall, ())

    group_of = respondent_group(answers, by).reindex(table.index)
    names = sorted(group_of.unique())
    counts = {name: _counts(table[group_of.eq(name)]) for name in names}
    sizes = pd.Series({name: counts[name][0] for name in names} | {ALL: n})
    hidden = suppress_series(sizes, min_n, total=ALL)
    tested = [name for name in names if not hidden[name]]
    raw = [mcnemar_p(counts[name][3], counts[name][4]) for name in tested]
    adjusted = multipletests(raw, alpha=alpha, method="holm")[1] if raw else np.array([])
    p_of = dict(zip(tested, zip(raw, adjusted, strict=True), strict=True))
    groups = []
    for name in names:
        if name not in p_of:
            groups.append(PairedFigure(name, None, None, None, None, None, WITHHELD))
            continue
        size, first_pos, second_pos, only_first, only_second = counts[name]
        p_raw, p_adjusted = p_of[name]
        groups.append(PairedFigure(name, size, first_pos, second_pos, p_raw, float(p_adjusted),
                                   _verdict(float(p_adjusted), only_first - only_second, alpha)))
    if hidden[ALL]:  # secondary suppression may take the total itself
        overall = PairedFigure(ALL, None, None, None, None, None, WITHHELD)
    return PairedResult(overall, tuple(groups))
