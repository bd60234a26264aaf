"""Compare an inspection's "percentage positive" with other figures: the national figure over every
other inspection, or the same partnership's earlier inspection. Counts in, comparisons out.

A question is identified by survey, question key and wording version
(``QuestionId``): figures are only compared where people saw the same words and options.

Each side of a question is a ``Tally``: how many answers were positive, out of the answers in the
base of percentage positive (as `analysis.summary` counts it: skips, "I'd rather not say" and
"does not apply" are outside it). One person gives one answer to a question, so for a question
answers and respondents are the same number.

A theme's percentage positive pools the answers to the theme's questions: every positive answer
to any of its questions over every answer in their bases (so a question more people answered
weighs more). Only questions asked on both sides in the same words are pooled, so both figures
cover the same questions. The same person answers several of a theme's questions and their answers
go together, so a theme is tested, and withheld, on its *respondents* rather than its answers:
taken as the most people who answered any one of its questions (never more than answered any of
them). That is cautious: a theme is marked only when the difference would hold even if each
person's answers to the theme all agreed.

Every line of one call is one family for `analysis.compare.compare_proportions` (a pooled
two-proportion z-test at 95%, Holm-adjusted): a line is marked better or worse only when the
difference is beyond chance after allowing for how many lines were compared. A line is withheld,
neither shown nor tested, when either side has fewer than ``min_n`` respondents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .compare import SAME, WITHHELD, Comparison, compare_proportions
from .suppression import DEFAULT_MIN_N

__all__ = ["Benchmark", "Line", "QuestionId", "Tally", "compare_figures", "pool_inspections"]

# (survey key, question key, wording version)
QuestionId = tuple[str, str, int]

# Why a line is not compared.
FEW_HERE = "few_here"  # fewer than min_n respondents on this side
FEW_THERE = "few_there"  # fewer than min_n on the other side (and some)
NOT_ASKED_THERE = "not_asked_there"  # nobody on the other side answered it in these words


@dataclass(frozen=True)
class Tally:
    """Positive answers out of the answers in the base, and the respondents behind them."""

    positive: int
    answers: int
    respondents: int

    @classmethod
    def of_question(cls, positive: int, base: int) -> Tally:
        """Return a question's tally: one answer per respondent."""
        return cls(positive, base, base)

    @property
    def share(self) -> float | None:
        return self.positive / self.answers if self.answers else None

    def tested(self) -> tuple[int, int]:
        """Return (positive, n) for the test: the share applied to the respondents."""
        share = self.share
        return (round(share * self.respondents), self.respondents) if share is not None else (0, 0)

    def with_question(self, other: Tally) -> Tally:
        """Return a theme's tally with another question's pooled in: the same people answer both,
        so respondents are the most behind any one question (see the module docstring)."""
        return Tally(self.positive + other.positive, self.answers + other.answers,
                     max(self.respondents, other.respondents))

    def with_people(self, other: Tally) -> Tally:
        """Return this tally with another group of people's added (another inspection's)."""
        return Tally(self.positive + other.positive, self.answers + other.answers,
                     self.respondents + other.respondents)


NOTHING = Tally(0, 0, 0)


@dataclass(frozen=True)
class Line:
    """One question or theme of one survey: this side against the other, and the verdict."""

    survey: str
    item: str  # the question key, or the theme's name
    wording_version: int | None  # None for a theme
    this: Tally
    other: Tally
    comparison: Comparison
    min_n: int
    questions: int = 1  # how many questions a theme pools

    @property
    def verdict(self) -> str:
        """Return better, about the same, worse or withheld."""
        return self.comparison.verdict

    @property
    def withheld(self) -> bool:
        return self.verdict == WITHHELD

    @property
    def reason(self) -> str | None:
        """Return why a line is withheld (FEW_HERE, FEW_THERE, NOT_ASKED_THERE), None if compared."""
        if not self.withheld:
            return None
        if self.this.respondents < self.min_n:
            return FEW_HERE
        return NOT_ASKED_THERE if self.other.respondents == 0 else FEW_THERE

    @property
    def percent(self) -> float | None:
        """Return this side's percentage positive, None when too few answered to show it."""
        return _percent(self.this, self.min_n)

    @property
    def other_percent(self) -> float | None:
        return _percent(self.other, self.min_n)

    @property
    def difference(self) -> float | None:
        """Return this side minus the other, in percentage points (None when withheld)."""
        if self.withheld or self.percent is None or self.other_percent is None:
            return None
        return self.percent - self.other_percent

    @property
    def significant(self) -> bool:
        return self.verdict not in (SAME, WITHHELD)


def _percent(tally: Tally, min_n: int) -> float | None:
    share = tally.share
    return None if share is None or tally.respondents < min_n else 100 * share


@dataclass(frozen=True)
class Benchmark:
    """The lines of one comparison, tested as one family."""

    questions: tuple[Line, ...]
    themes: tuple[Line, ...]
    min_n: int

    @property
    def tested(self) -> int:
        """Return how many lines were tested: the size of the family Holm's method allows for."""
        return sum(not line.withheld for line in (*self.questions, *self.themes))

    def of_survey(self, survey: str) -> tuple[tuple[Line, ...], tuple[Line, ...]]:
        """Return (theme lines, question lines) of one survey."""
        return (tuple(line for line in self.themes if line.survey == survey),
                tuple(line for line in self.questions if line.survey == survey))

    def count(self, verdict: str) -> int:
        """Return how many lines, questions and themes, have this verdict."""
        return sum(line.verdict == verdict for line in (*self.questions, *self.themes))


def pool_inspections(inspections: Iterable[Mapping[QuestionId, Tally]]) -> dict[QuestionId, Tally]:
    """Return the tallies of several inspections added up question by question (different people)."""
    pooled: dict[QuestionId, Tally] = {}
    for tallies in inspections:
        for question, tally in tallies.items():
            pooled[question] = pooled.get(question, NOTHING).with_people(tally)
    return pooled


def _theme_tallies(
    questions: Sequence[QuestionId], this: Mapping[QuestionId, Tally], other: Mapping[QuestionId, Tally],
    themes: Mapping[QuestionId, Sequence[str]],
) -> dict[tuple[str, str], tuple[Tally, Tally, int]]:
    """Return each (survey, theme)'s pooled tallies on both sides and how many questions it pools."""
    pooled: dict[tuple[str, str], tuple[Tally, Tally, int]] = {}
    for question in questions:
        here, there = this.get(question, NOTHING), other.get(question, NOTHING)
        if not here.answers or not there.answers:
            continue  # pool only questions both sides answered in these words
        for theme in themes.get(question, ()):
            key = (question[0], theme)
            before = pooled.get(key, (NOTHING, NOTHING, 0))
            pooled[key] = (before[0].with_question(here), before[1].with_question(there), before[2] + 1)
    return pooled


def compare_figures(
    questions: Sequence[QuestionId],
    this: Mapping[QuestionId, Tally],
    other: Mapping[QuestionId, Tally],
    themes: Mapping[QuestionId, Sequence[str]],
    *,
    min_n: int = DEFAULT_MIN_N,
) -> Benchmark:
    """Compare this side's questions (in the order given) and their themes with the other side's.

    ``themes`` gives each question's themes; themes are listed per survey in the order they first
    appear among the questions. Every line is tested in one Holm-adjusted family.
    """
    question_sides = [(this.get(q, NOTHING), other.get(q, NOTHING)) for q in questions]
    pooled = _theme_tallies(questions, this, other, themes)
    theme_keys = list(pooled)
    sides = question_sides + [(pooled[key][0], pooled[key][1]) for key in theme_keys]
    comparisons = compare_proportions([(*here.tested(), *there.tested()) for here, there in sides],
                                      min_n=min_n)
    question_lines = tuple(
        Line(q[0], q[1], q[2], here, there, comparison, min_n)
        for q, (here, there), comparison in zip(questions, question_sides, comparisons[:len(questions)],
                                                  strict=True)
    )
    theme_lines = tuple(
        Line(survey, theme, None, pooled[(survey, theme)][0], pooled[(survey, theme)][1], comparison,
             min_n, questions=pooled[(survey, theme)][2])
        for (survey, theme), comparison in zip(theme_keys, comparisons[len(questions):], strict=True)
    )
    return Benchmark(question_lines, theme_lines, min_n)
