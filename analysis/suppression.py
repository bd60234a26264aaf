"""Small-number suppression for every figure that leaves the analysis package.

Small counts can identify a child, so a count or percentage built on fewer than ``min_n``
respondents (default 5) is withheld. Withholding one cell is not enough on its own: if a row
of a table has a published total and only one withheld cell, that cell is the total minus the
others. So, as the GP Patient Survey and NHS statistics do, we add *secondary* suppression:

* in any row or column of a table where exactly one cell is withheld, the next smallest cell
  in that row or column is withheld too;
* a total counts as a member of its row or column, so a withheld cell can never be worked out
  by subtraction from a total (if no other cell is left to withhold, the total is withheld);
* the two steps repeat until nothing changes, because a secondary cell can leave a single
  withheld cell in the crossing line.

The functions here are pure: they take pandas objects and return new ones, never mutating their
input. A suppression *mask* is a boolean DataFrame of the same shape as the counts it describes,
``True`` where the figure is withheld. Callers keep the mask beside the figures (or use
:func:`apply_mask` / :func:`render`) so a page or export can say "withheld (fewer than 5)"
instead of showing a number.

Zeros are published by default: a zero identifies nobody, and it is often known anyway (a
question not asked of an age band). For the same reason a zero is a poor complement, so
secondary suppression prefers the smallest *non-zero* cell.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

DEFAULT_MIN_N = 5

Axis = Literal["both", "rows", "columns"]

__all__ = [
    "DEFAULT_MIN_N",
    "apply_mask",
    "primary_mask",
    "render",
    "secondary_mask",
    "secondary_masks",
    "suppress_series",
    "suppress_table",
    "withheld_label",
]


def withheld_label(min_n: int = DEFAULT_MIN_N) -> str:
    """Return the text a page or export shows in place of a withheld figure."""
    return f"withheld (fewer than {min_n})"


def primary_mask(
    basis: pd.DataFrame, min_n: int = DEFAULT_MIN_N, *, keep_zero: bool = True
) -> pd.DataFrame:
    """Mark cells whose number of respondents is below ``min_n``.

    ``basis`` holds, per cell, how many respondents the figure is built on (for a count of
    respondents that is the count itself; for a percentage it is its base n). Missing values
    (NaN) are never withheld: they are not published figures. With ``keep_zero`` a zero is
    published, since it discloses nobody.
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    numeric = basis.apply(pd.to_numeric, errors="coerce").astype(float)
    small = numeric < min_n
    if keep_zero:
        small &= numeric != 0
    return small.fillna(False).astype(bool)


def _protect_lines(values: np.ndarray, mask: np.ndarray, total_pos: int | None) -> bool:
    """Withhold one more cell of every line that has exactly one withheld cell; say if any.

    A line is the last axis of ``values`` and ``mask`` (any leading axes are other lines or
    other tables); ``mask`` may be a view, and is updated in place. Lines are independent of
    each other, so every line of the array is handled at once.
    """
    single = mask.sum(axis=-1) == 1
    if not single.any():
        return False
    present = ~np.isnan(values)
    open_cells = ~mask & present
    if total_pos is not None:
        open_cells[..., total_pos] = False
    # Prefer a non-zero complement: hiding a zero that everyone can guess protects nothing.
    non_zero = open_cells & (values != 0)
    candidates = np.where(non_zero.any(axis=-1, keepdims=True), non_zero, open_cells)
    has_candidate = candidates.any(axis=-1)
    smallest = np.where(candidates, values, np.inf).min(axis=-1, keepdims=True)
    # argmax finds the first of equal values, so the choice is deterministic.
    pick = np.argmax(candidates & (values == smallest), axis=-1)
    lines = np.nonzero(single & has_candidate)
    mask[(*lines, pick[lines])] = True
    changed = bool(lines[0].size)
    if total_pos is not None:
        # Nothing else left to withhold: the total goes, so the cell cannot be subtracted out.
        # (A line with a single cell and no total has nothing to subtract from.)
        fallback = (single & ~has_candidate & ~mask[..., total_pos]
                    & present[..., total_pos])
        mask[..., total_pos] |= fallback
        changed |= bool(fallback.any())
    return changed


def secondary_masks(
    counts: np.ndarray,
    masks: np.ndarray,
    *,
    total_row: int | None = None,
    total_col: int | None = None,
    axis: Axis = "both",
) -> np.ndarray:
    """Return :func:`secondary_mask` of many tables at once, as a new array.

    ``counts`` and ``masks`` are shaped (tables, rows, columns); pad tables of different sizes
    with NaN counts, which are never withheld. ``total_row`` and ``total_col`` are positions,
    the same in every table.
    """
    if axis not in ("both", "rows", "columns"):
        raise ValueError(f"axis must be 'both', 'rows' or 'columns', not {axis!r}")
    values = np.asarray(counts, dtype=float)
    result = np.array(masks, dtype=bool)
    if values.shape != result.shape:
        raise ValueError("counts and mask must have the same shape")
    changed = True
    while changed:
        changed = False
        if axis in ("both", "rows"):
            changed |= _protect_lines(values, result, total_col)
        if axis in ("both", "columns"):
            changed |= _protect_lines(values.swapaxes(-1, -2), result.swapaxes(-1, -2),
                                      total_row)
    return result


def secondary_mask(
    counts: pd.DataFrame,
    mask: pd.DataFrame,
    *,
    total_row: object | None = None,
    total_col: object | None = None,
    axis: Axis = "both",
) -> pd.DataFrame:
    """Extend ``mask`` until no row or column has exactly one withheld cell.

    ``counts`` gives the values used to choose the next smallest cell. ``total_row`` and
    ``total_col`` name the row and column (if any) that hold totals of the others; a total is
    part of its line but is only withheld when no ordinary cell is left to withhold.
    ``axis`` limits the lines checked: use ``"rows"`` or ``"columns"`` only when the other
    direction is not additive (e.g. n per question, where questions do not sum to anything),
    since protecting a non-additive line withholds figures without protecting anyone.
    """
    if counts.shape != mask.shape:
        raise ValueError("counts and mask must have the same shape")
    values = counts.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    first = mask.reindex_like(counts).fillna(False).to_numpy(dtype=bool)
    row_total = counts.columns.get_loc(total_col) if total_col is not None else None
    col_total = counts.index.get_loc(total_row) if total_row is not None else None
    result = secondary_masks(values[np.newaxis], first[np.newaxis], total_row=col_total,
                             total_col=row_total, axis=axis)[0]
    return pd.DataFrame(result, index=counts.index, columns=counts.columns)


def suppress_table(
    counts: pd.DataFrame,
    min_n: int = DEFAULT_MIN_N,
    *,
    basis: pd.DataFrame | None = None,
    total_row: object | None = None,
    total_col: object | None = None,
    axis: Axis = "both",
    keep_zero: bool = True,
) -> pd.DataFrame:
    """Return the suppression mask of a table: primary, then secondary until stable.

    ``basis`` (same shape as ``counts``) gives the respondents behind each cell when that
    differs from the cell's value, e.g. a count of comments where one respondent may write
    several, or a percentage whose base is n. It defaults to ``counts``.
    """
    if basis is None:
        basis = counts
    elif basis.shape != counts.shape:
        raise ValueError("basis and counts must have the same shape")
    first = primary_mask(basis.reindex_like(counts), min_n, keep_zero=keep_zero)
    return secondary_mask(counts, first, total_row=total_row, total_col=total_col, axis=axis)


def suppress_series(
    counts: pd.Series,
    min_n: int = DEFAULT_MIN_N,
    *,
    total: object | None = None,
    keep_zero: bool = True,
) -> pd.Series:
    """Return the suppression mask of one line of counts (``total`` names its total, if any)."""
    frame = counts.to_frame("count").T
    mask = suppress_table(
        frame, min_n, total_col=total, axis="rows", keep_zero=keep_zero
    )
    return mask.iloc[0].rename(counts.name)


def apply_mask(values: pd.DataFrame, mask: pd.DataFrame) -> pd.DataFrame:
    """Return ``values`` with withheld cells set to missing (``pd.NA``), in nullable dtypes.

    Numeric columns become ``Int64`` or ``Float64`` so a withheld count stays distinguishable
    from a real zero.
    """
    mask = mask.reindex_like(values).fillna(False).astype(bool)
    out = values.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if pd.api.types.is_bool_dtype(dtype):
            continue
        if pd.api.types.is_integer_dtype(dtype):
            out[column] = out[column].astype("Int64")
        elif pd.api.types.is_float_dtype(dtype):
            out[column] = out[column].astype("Float64")
        else:
            out[column] = out[column].astype(object)
    return out.mask(mask, pd.NA)


def render(
    values: pd.DataFrame, mask: pd.DataFrame, min_n: int = DEFAULT_MIN_N
) -> pd.DataFrame:
    """Return an object DataFrame for display, with withheld cells as their label."""
    mask = mask.reindex_like(values).fillna(False).astype(bool)
    return values.astype(object).mask(mask, withheld_label(min_n))
