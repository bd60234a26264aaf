"""Rare combinations of group attributes in answer-level data are left blank, with enough company."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.attribute_suppression import blank_rare_combinations, combination_counts, rare_combinations

COLUMNS = ["age_band", "language", "assisted"]


def respondents(groups: dict[tuple, int]) -> pd.DataFrame:
    rows = [dict(zip(COLUMNS, combination, strict=True))
            for combination, n in groups.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=COLUMNS)


def test_a_combination_of_fewer_than_min_n_is_blank_and_a_common_one_kept():
    frame = respondents({("8-11", "en", False): 20, ("5-7", "ur", True): 1, ("12-17", "pl", False): 6})
    out = blank_rare_combinations(frame, COLUMNS, min_n=5)
    rare = out[out["attributes_withheld"]]
    # The lone Urdu-speaking child is blank; the next smallest (6) is blanked with them, so
    # the blank rows are at least 5 and none of them can be told apart.
    assert len(rare) == 7
    assert rare[COLUMNS].isna().all().all()
    kept = out[~out["attributes_withheld"]]
    assert set(map(tuple, kept[COLUMNS].to_numpy())) == {("8-11", "en", False)}


def test_no_second_combination_is_blanked_when_the_rare_ones_are_enough():
    counts = {("a",): 2, ("b",): 3, ("c",): 40, ("d",): 6}
    assert rare_combinations(counts, 5) == {("a",), ("b",)}


def test_nothing_is_blank_when_every_combination_is_common():
    assert rare_combinations({("a",): 5, ("b",): 9}, 5) == frozenset()


def test_a_missing_value_is_a_value_of_its_own():
    frame = pd.DataFrame({"age_band": [None] * 6 + [float("nan")] * 2, "language": ["en"] * 8})
    assert combination_counts(frame, ["age_band", "language"]) == {(None, "en"): 8}


def test_the_input_frame_is_not_changed():
    frame = respondents({("8-11", "en", False): 1, ("5-7", "en", False): 9})
    before = frame.copy()
    blank_rare_combinations(frame, COLUMNS, 5)
    pd.testing.assert_frame_equal(frame, before)


def test_min_n_below_one_is_refused():
    with pytest.raises(ValueError):
        rare_combinations({("a",): 1}, 0)


@given(st.dictionaries(st.tuples(st.sampled_from("abcdefg"), st.booleans()), st.integers(0, 12), max_size=12),
       st.integers(1, 10))
def test_every_shown_combination_is_shared_by_min_n_and_the_blank_ones_are_min_n_or_none(counts, min_n):
    blank = rare_combinations(counts, min_n)
    shown = {c: n for c, n in counts.items() if c not in blank and n > 0}
    assert all(n >= min_n for n in shown.values())
    blanked = sum(n for c, n in counts.items() if c in blank)
    assert blanked == 0 or blanked >= min_n or not shown
