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


def _protect_line(values: np.ndarray, mask: np.ndarray, total_pos: int | None) -> bool:
    """Withhold one more cell of a line that has exactly one withheld cell; say if it did.

    ``mask`` is a view into the table's mask and is updated in place.
    """
    if int(mask.sum()) != 1:
        return False
    open_cells = [
        k
        for k in range(len(values))
        if not mask[k] and k != total_pos and not np.isnan(values[k])
    ]
    # Prefer a non-zero complement: hiding a zero that everyone can guess protects nothing.
    non_zero = [k for k in open_cells if values[k] != 0]
    candidates = non_zero or open_cells
    if candidates:
        # min() keeps the first of equal values, so the choice is deterministic.
        pick = min(candidates, key=lambda k: values[k])
    elif total_pos is not None and not mask[total_pos] and not np.isnan(values[total_pos]):
        pick = total_pos
    else:
        # A line with a single cell and no total: there is nothing to subtract from.
        return False
    mask[pick] = True
    return True


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
    if axis not in ("both", "rows", "columns"):
        raise ValueError(f"axis must be 'both', 'rows' or 'columns', not {axis!r}")
    values = counts.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    result = mask.reindex_like(counts).fillna(False).to_numpy(dtype=bool).copy()
    row_total = counts.columns.get_loc(total_col) if total_col is not None else None
    col_total = counts.index.get_loc(total_row) if total_row is not None else None
    n_rows, n_cols = values.shape
    changed = True
    while changed:
        changed = False
        if axis in ("both", "rows"):
            for i in range(n_rows):
                changed |= _protect_line(values[i, :], result[i, :], row_total)
        if axis in ("both", "columns"):
            for j in range(n_cols):
                changed |= _protect_line(values[:, j], result[:, j], col_total)
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
