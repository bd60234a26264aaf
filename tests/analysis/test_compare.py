"""Comparisons of proportions: the verdicts inspectors read as better, about the same or worse."""

import math

import pytest

from analysis.compare import (
    BETTER,
    SAME,
    WITHHELD,
    WORSE,
    compare_proportions,
    two_proportion_p,
    wilson_interval,
)


def test_a_large_difference_on_large_groups_is_beyond_chance():
    [better] = compare_proportions([(80, 100, 50, 100)])
    assert better.verdict == BETTER
    assert better.difference == pytest.approx(30.0)
    assert better.p_value < 0.001


def test_the_same_difference_on_small_groups_is_about_the_same():
    [same] = compare_proportions([(4, 5, 3, 6)])
    assert same.verdict == SAME


def test_a_worse_figure_is_called_worse():
    [worse] = compare_proportions([(30, 100, 70, 100)])
    assert worse.verdict == WORSE


def test_a_side_below_the_threshold_is_withheld_and_not_tested():
    [withheld, tested] = compare_proportions([(3, 4, 50, 100), (80, 100, 50, 100)], min_n=5)
    assert withheld.verdict == WITHHELD and withheld.p_value is None
    assert tested.adjusted_p == pytest.approx(tested.p_value)  # a family of one


def test_holm_adjustment_can_turn_a_borderline_difference_into_about_the_same():
    borderline = (60, 100, 46, 100)  # p a little under 0.05 on its own
    alone = compare_proportions([borderline])[0]
    in_family = compare_proportions([borderline] + [(50, 100, 50, 100)] * 9)[0]
    assert alone.p_value < 0.05 and alone.verdict == BETTER
    assert in_family.verdict == SAME


def test_identical_all_positive_groups_do_not_divide_by_zero():
    assert two_proportion_p(10, 10, 20, 20) == 1.0


def test_wilson_interval_contains_the_proportion_and_stays_in_range():
    low, high = wilson_interval(27, 30)
    assert 0 < low < 0.9 < high <= 1
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
