"""analysis.benchmark: questions and themes of one inspection against another figure, on counts."""

from __future__ import annotations

import math

import pytest

from analysis.benchmark import Tally, compare_figures, pool_inspections
from analysis.compare import BETTER, SAME, WITHHELD, WORSE

SAFE = ("children", "feel_safe", 2)
TRUST = ("children", "trust_worker", 2)
TALK = ("children", "someone_to_talk_to", 1)
THEMES = {SAFE: ("wellbeing",), TRUST: ("relationships",), TALK: ("wellbeing", "relationships")}


def pooled_z_p(positive: int, n: int, other_positive: int, other_n: int) -> float:
    """The two-sided p-value of a pooled two-proportion z-test, worked out by hand."""
    pooled = (positive + other_positive) / (n + other_n)
    z = (positive / n - other_positive / other_n) / math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / other_n))
    return math.erfc(abs(z) / math.sqrt(2))


def test_a_difference_beyond_chance_is_marked_and_one_within_it_is_not():
    this = {SAFE: Tally.of_question(80, 100), TRUST: Tally.of_question(52, 100)}
    other = {SAFE: Tally.of_question(500, 1000), TRUST: Tally.of_question(500, 1000)}

    result = compare_figures([SAFE, TRUST], this, other, {}, min_n=5)

    safe, trust = result.questions
    assert pooled_z_p(80, 100, 500, 1000) < 0.05 / 2  # beyond chance even after Holm's adjustment
    assert safe.verdict == BETTER and safe.percent == pytest.approx(80) and safe.other_percent == 50
    assert safe.difference == pytest.approx(30)
    assert pooled_z_p(52, 100, 500, 1000) > 0.05
    assert trust.verdict == SAME
    assert result.tested == 2


def test_a_worse_figure_is_worse_and_the_p_value_is_the_pooled_z_tests():
    this = {SAFE: Tally.of_question(30, 100)}
    other = {SAFE: Tally.of_question(600, 1000)}

    [line] = compare_figures([SAFE], this, other, {}).questions

    assert line.verdict == WORSE
    assert line.comparison.p_value == pytest.approx(pooled_z_p(30, 100, 600, 1000))


@pytest.mark.parametrize("this_n, other_n, reason", [
    (4, 1000, "few_here"),  # too few here
    (100, 4, "few_there"),  # too few in the other inspections
    (100, 0, "not_asked_there"),  # not asked there in these words
])
def test_a_side_below_the_threshold_is_withheld_shown_nowhere_and_not_tested(this_n, other_n, reason):
    this = {SAFE: Tally.of_question(this_n, this_n)}
    other = {SAFE: Tally.of_question(0, other_n)} if other_n else {}

    result = compare_figures([SAFE], this, other, {}, min_n=5)

    [line] = result.questions
    assert line.verdict == WITHHELD and line.reason == reason
    assert line.difference is None and result.tested == 0
    assert (line.percent is None) == (this_n < 5)
    assert (line.other_percent is None) == (other_n < 5)


def test_the_threshold_is_the_one_given():
    this = {SAFE: Tally.of_question(9, 9)}
    other = {SAFE: Tally.of_question(100, 1000)}

    assert compare_figures([SAFE], this, other, {}, min_n=10).questions[0].verdict == WITHHELD
    assert compare_figures([SAFE], this, other, {}, min_n=9).questions[0].verdict == BETTER


def test_a_theme_pools_answers_but_is_tested_on_its_respondents():
    this = {SAFE: Tally.of_question(60, 80), TALK: Tally.of_question(30, 40)}
    other = {SAFE: Tally.of_question(400, 800), TALK: Tally.of_question(100, 200)}

    result = compare_figures([SAFE, TALK], this, other, {SAFE: ("wellbeing",), TALK: ("wellbeing",)})

    [theme] = result.themes
    assert (theme.survey, theme.item, theme.questions) == ("children", "wellbeing", 2)
    assert theme.this == Tally(90, 120, 80)  # every answer pooled; respondents the most on one question
    assert theme.other == Tally(500, 1000, 800)
    assert theme.percent == pytest.approx(75) and theme.other_percent == pytest.approx(50)
    # Tested as 75% of 80 people against 50% of 800, not 90 of 120 answers against 500 of 1000.
    assert theme.comparison.p_value == pytest.approx(pooled_z_p(60, 80, 400, 800))
    assert theme.verdict == BETTER


def test_a_theme_pools_only_questions_asked_on_both_sides():
    this = {SAFE: Tally.of_question(10, 100), TALK: Tally.of_question(90, 100)}
    other = {TALK: Tally.of_question(450, 500)}  # feel_safe was asked elsewhere in other words

    result = compare_figures([SAFE, TALK], this, other, THEMES)

    wellbeing = next(line for line in result.themes if line.item == "wellbeing")
    assert wellbeing.questions == 1 and wellbeing.this == Tally(90, 100, 100)
    assert wellbeing.verdict == SAME
    assert result.questions[0].reason == "not_asked_there"


def test_a_theme_with_too_few_respondents_is_withheld_though_its_answers_are_many():
    questions = [("staff", f"q{i}", 1) for i in range(4)]
    this = {question: Tally.of_question(4, 4) for question in questions}  # 16 answers from 4 people
    other = {question: Tally.of_question(10, 100) for question in questions}

    result = compare_figures(questions, this, other, dict.fromkeys(questions, ("leadership",)), min_n=5)

    [theme] = result.themes
    assert theme.this.answers == 16 and theme.this.respondents == 4
    assert theme.verdict == WITHHELD and theme.percent is None


def test_every_line_of_a_page_is_one_holm_family():
    # Each difference alone is beyond chance (p about 0.03); with three more lines it is not.
    this = {SAFE: Tally.of_question(61, 100)}
    other = {SAFE: Tally.of_question(500, 1000)}
    alone = compare_figures([SAFE], this, other, {}).questions[0]
    assert alone.verdict == BETTER and 0.01 < alone.comparison.p_value < 0.05

    more = [("children", f"same{i}", 1) for i in range(3)]
    this.update({q: Tally.of_question(50, 100) for q in more})
    other.update({q: Tally.of_question(500, 1000) for q in more})
    in_family = compare_figures([SAFE, *more], this, other, {}).questions[0]

    assert in_family.comparison.p_value == alone.comparison.p_value
    assert in_family.comparison.adjusted_p == pytest.approx(min(1, 4 * alone.comparison.p_value))
    assert in_family.verdict == SAME


def test_pooling_inspections_adds_people():
    first = {SAFE: Tally.of_question(10, 20)}
    second = {SAFE: Tally.of_question(30, 40), TRUST: Tally.of_question(5, 5)}

    pooled = pool_inspections([first, second])

    assert pooled == {SAFE: Tally(40, 60, 60), TRUST: Tally(5, 5, 5)}


def test_themes_are_listed_per_survey_and_counted():
    this = {SAFE: Tally.of_question(80, 100), TRUST: Tally.of_question(50, 100),
            TALK: Tally.of_question(70, 90)}
    other = {q: Tally.of_question(500, 1000) for q in this}

    result = compare_figures([SAFE, TRUST, TALK], this, other, THEMES)

    themes, questions = result.of_survey("children")
    assert [line.item for line in themes] == ["wellbeing", "relationships"]
    assert len(questions) == 3 and result.of_survey("staff") == ((), ())
    assert result.tested == 5
    assert sum(result.count(v) for v in (BETTER, SAME, WORSE, WITHHELD)) == 5
