"""Children's wellbeing when they feel involved in decisions about them, and when they do not.

The 2021-2025 programme of inspections found that how well partnerships involved children went
together with the difference made to them. This splits the children who answered one
involvement question into those who answered it positively ("involved") and those who did not
(a neutral or negative answer), and compares the two groups' percentage positive on each
wellbeing question with :func:`analysis.compare.compare_proportions` (Holm-adjusted as one
family). A group of fewer than ``min_n`` respondents is withheld, and so is the other group
beside it, since the two add up to a figure published elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .compare import WITHHELD, Comparison, compare_proportions
from .respondent_answers import question_verdicts, verdicts
from .suppression import DEFAULT_MIN_N


@dataclass(frozen=True)
class GroupFigure:
    """One group's figure on one question; ``positive``, ``n`` and ``percent`` are None when withheld."""

    positive: int | None
    n: int | None
    withheld: bool

    @property
    def percent(self) -> float | None:
        return None if self.withheld or not self.n else 100 * self.positive / self.n


@dataclass(frozen=True)
class OutcomeComparison:
    """One wellbeing question for the involved and the not involved, and the test between them."""

    question_key: str
    involved: GroupFigure
    not_involved: GroupFigure
    comparison: Comparison  # verdict "better" means the involved answered more positively


@dataclass(frozen=True)
class InvolvementResult:
    """How many answered the involvement question, in each group, and each wellbeing comparison."""

    involvement_question: str
    involved: GroupFigure  # ``n`` is the number of respondents in the group
    not_involved: GroupFigure
    outcomes: tuple[OutcomeComparison, ...]


WITHHELD_TEST = Comparison(0, 0, 0, 0, None, None, None, WITHHELD)


def _pair(involved_n: int, other_n: int, min_n: int) -> bool:
    """Say whether a pair of groups is withheld (either is small, but not empty)."""
    return any(0 < size < min_n for size in (involved_n, other_n))


def _figure(positive: int, n: int, withheld: bool) -> GroupFigure:
    return GroupFigure(None, None, True) if withheld else GroupFigure(positive, n, False)


def involvement_and_outcomes(
    answers: pd.DataFrame,
    *,
    survey: str,
    involvement_question: str,
    outcome_questions: Sequence[str],
    min_n: int = DEFAULT_MIN_N,
) -> InvolvementResult:
    """Compare each outcome question between the involved and the not involved of one survey."""
    rows = verdicts(answers)
    involved = question_verdicts(rows, survey, involvement_question)
    rows = rows[rows["survey"].eq(survey) & rows["response_id"].isin(involved.index)]
    sizes = (int(involved.sum()), int((~involved).sum()))
    pairs, figures = [], []
    for key in outcome_questions:
        outcome = rows[rows["question_key"].eq(key)].set_index("response_id")["positive"]
        felt = involved.reindex(outcome.index).astype(bool)
        counts = (int(outcome[felt].sum()), int(felt.sum()),
                  int(outcome[~felt].sum()), int((~felt).sum()))
        pairs.append(counts)
        figures.append(_pair(counts[1], counts[3], min_n))
    # A withheld pair keeps no counts at all, so nothing small can be read from it.
    tests = [WITHHELD_TEST if hidden else test
             for test, hidden in zip(compare_proportions(pairs, min_n=min_n), figures, strict=True)]
    outcomes = tuple(
        OutcomeComparison(
            key,
            _figure(pair[0], pair[1], hidden),
            _figure(pair[2], pair[3], hidden),
            test,
        )
        for key, pair, hidden, test in zip(outcome_questions, pairs, figures, tests, strict=True)
    )
    hidden = _pair(*sizes, min_n)
    return InvolvementResult(
        involvement_question,
        _figure(sizes[0], sizes[0], hidden),
        _figure(sizes[1], sizes[1], hidden),
        outcomes,
    )
