"""Small-number suppression: primary, secondary, totals, and repetition until stable."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.suppression import (
    apply_mask,
    primary_mask,
    render,
    secondary_mask,
    secondary_masks,
    suppress_series,
    suppress_table,
    withheld_label,
)


def _withheld(mask: pd.DataFrame) -> set[tuple[str, str]]:
    return {(r, c) for r in mask.index for c in mask.columns if mask.loc[r, c]}


def _lines_are_safe(mask: pd.DataFrame) -> bool:
    """No row or column has exactly one withheld cell."""
    return not ((mask.sum(axis=1) == 1).any() or (mask.sum(axis=0) == 1).any())


def test_counts_below_threshold_are_withheld_and_five_is_published() -> None:
    counts = pd.DataFrame({"a": [4, 5, 1]}, index=["x", "y", "z"])
    mask = primary_mask(counts)
    assert mask["a"].tolist() == [True, False, True]


def test_threshold_is_a_parameter() -> None:
    counts = pd.DataFrame({"a": [7, 12]}, index=["x", "y"])
    assert primary_mask(counts, 10)["a"].tolist() == [True, False]
    assert not primary_mask(counts, 5).any().any()


def test_zero_is_published_unless_asked_otherwise() -> None:
    counts = pd.DataFrame({"a": [0, 3]}, index=["x", "y"])
    assert primary_mask(counts)["a"].tolist() == [False, True]
    assert primary_mask(counts, keep_zero=False)["a"].tolist() == [True, True]


def test_row_with_one_withheld_cell_gets_its_next_smallest_cell_withheld() -> None:
    counts = pd.DataFrame({"yes": [3], "sometimes": [12], "no": [8]}, index=["5-7"])
    mask = suppress_table(counts)
    assert _withheld(mask) == {("5-7", "yes"), ("5-7", "no")}


def test_withheld_cell_cannot_be_recovered_from_the_row_total() -> None:
    counts = pd.DataFrame(
        {"yes": [3, 20, 23], "no": [30, 40, 70], "total": [33, 60, 93]},
        index=["5-7", "8-11", "total"],
    )
    mask = suppress_table(counts, total_row="total", total_col="total")
    # Every row and column, totals included, has 0 or at least 2 withheld members, so no
    # withheld value equals a published total minus published cells.
    assert _lines_are_safe(mask)
    assert mask.loc["5-7", "yes"]
    shown = render(counts, mask)
    for row in counts.index:
        unknown = [c for c in ("yes", "no") if mask.loc[row, c]]
        assert len(unknown) != 1
    assert shown.loc["5-7", "yes"] == withheld_label(5)


def test_total_is_withheld_when_no_other_cell_is_left() -> None:
    counts = pd.DataFrame({"only": [3], "total": [3]}, index=["group"])
    mask = suppress_table(counts, total_col="total", axis="rows", min_n=3)
    assert not mask.any().any()  # 3 is not below 3
    counts = pd.DataFrame({"only": [3], "total": [7]}, index=["group"])
    mask = secondary_mask(
        counts,
        pd.DataFrame({"only": [True], "total": [False]}, index=["group"]),
        total_col="total",
        axis="rows",
    )
    assert mask.loc["group", "total"]


def test_secondary_suppression_repeats_until_stable() -> None:
    # Pass 1: row x hides b; column a then hides y, column b hides z. That leaves rows y and z
    # with one withheld cell each, so only a second pass makes the table safe.
    counts = pd.DataFrame(
        {"a": [2, 20, 60], "b": [10, 60, 15], "c": [50, 70, 80]},
        index=["x", "y", "z"],
    )
    mask = suppress_table(counts)
    assert _lines_are_safe(mask)
    assert _withheld(mask) == {
        ("x", "a"), ("x", "b"),  # primary and its row partner
        ("y", "a"), ("z", "b"),  # column partners from the first pass
        ("y", "b"), ("z", "a"),  # only found by repeating
    }


def test_secondary_prefers_a_non_zero_complement() -> None:
    counts = pd.DataFrame({"a": [3], "b": [0], "c": [9], "d": [20]}, index=["x"])
    mask = suppress_table(counts)
    assert _withheld(mask) == {("x", "a"), ("x", "c")}


def test_axis_limits_secondary_suppression_to_additive_lines() -> None:
    counts = pd.DataFrame({"q1": [3, 40, 43], "q2": [9, 30, 39]}, index=["a", "b", "all"])
    by_column = suppress_table(counts, total_row="all", axis="columns")
    assert not by_column.loc["a", "q2"]  # questions do not add up: q2 need not hide
    assert by_column.loc["b", "q1"]  # groups add up to "all": a's q1 needs a partner
    both = suppress_table(counts, total_row="all")
    assert both.loc["a", "q2"]


def test_series_with_total_keeps_withheld_group_unrecoverable() -> None:
    counts = pd.Series({"5-7": 4, "8-11": 9, "12-17": 30, "all": 43})
    mask = suppress_series(counts, total="all")
    assert mask["5-7"] and mask["8-11"]
    assert not mask["12-17"] and not mask["all"]


def test_apply_mask_keeps_withheld_distinct_from_zero() -> None:
    counts = pd.DataFrame({"a": [0, 3, 8]}, index=["x", "y", "z"])
    masked = apply_mask(counts, primary_mask(counts))
    assert masked.loc["x", "a"] == 0
    assert masked.loc["y", "a"] is pd.NA


def test_inputs_are_not_mutated() -> None:
    counts = pd.DataFrame({"a": [1, 9], "b": [9, 9]}, index=["x", "y"])
    before = counts.copy()
    first = primary_mask(counts)
    first_copy = first.copy()
    secondary_mask(counts, first)
    pd.testing.assert_frame_equal(counts, before)
    pd.testing.assert_frame_equal(first, first_copy)


def test_threshold_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        primary_mask(pd.DataFrame({"a": [1]}), 0)


# --- many tables at once -------------------------------------------------------------------


def _protect_one_line(values: list[float], mask: list[bool], total: int | None) -> bool:
    """The rule, one line at a time: a line with one withheld cell loses one more."""
    if sum(mask) != 1:
        return False
    open_cells = [k for k, v in enumerate(values)
                  if not mask[k] and k != total and not np.isnan(v)]
    candidates = [k for k in open_cells if values[k] != 0] or open_cells
    if candidates:
        mask[min(candidates, key=lambda k: values[k])] = True
        return True
    if total is not None and not mask[total] and not np.isnan(values[total]):
        mask[total] = True
        return True
    return False


def _one_table_at_a_time(counts: np.ndarray, mask: np.ndarray, total_row: int | None,
                         total_col: int | None) -> np.ndarray:
    result = mask.copy()
    for values, table in zip(counts, result, strict=True):
        changed = True
        while changed:
            changed = False
            for i in range(values.shape[0]):
                line = table[i].tolist()
                changed |= _protect_one_line(values[i].tolist(), line, total_col)
                table[i] = line
            for j in range(values.shape[1]):
                line = table[:, j].tolist()
                changed |= _protect_one_line(values[:, j].tolist(), line, total_row)
                table[:, j] = line
    return result


@settings(max_examples=60, deadline=None)
@given(
    tables=st.integers(1, 4),
    rows=st.integers(1, 5),
    columns=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
    totals=st.booleans(),
)
def test_many_tables_at_once_withhold_what_one_table_at_a_time_does(
    tables: int, rows: int, columns: int, seed: int, totals: bool
) -> None:
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 12, size=(tables, rows, columns)).astype(float)
    counts[rng.random(counts.shape) < 0.1] = np.nan  # padding of a smaller table
    first = (counts < 5) & (counts != 0)
    total_row = 0 if totals else None
    total_col = columns - 1 if totals and columns > 1 else None
    expected = _one_table_at_a_time(counts, first, total_row, total_col)
    got = secondary_masks(counts, first, total_row=total_row, total_col=total_col)
    assert (got == expected).all()
    assert (first == ((counts < 5) & (counts != 0))).all(), "the input mask was changed"
