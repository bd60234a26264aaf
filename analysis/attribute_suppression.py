"""Withhold rare combinations of a respondent's group attributes in answer-level data.

A row of answers carries a respondent's age band, agency, language and whether they were helped
to answer. Together these can point at one child ("the only Urdu-speaking 5 to 7 year old who was
helped"), so a combination shared by fewer than ``min_n`` respondents is left blank.

Blanking only the rare rows is not enough when very few are blanked: if just one row is blank, a
reader who knows the group sizes outside the file can tell whose it is. So, as secondary
suppression does for tables, when the rows blanked number fewer than ``min_n``, the next smallest
combinations are blanked too until at least ``min_n`` rows are blank (or every row is).

Pure functions on plain values and pandas objects; nothing here knows about a database.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import pandas as pd

from .suppression import DEFAULT_MIN_N

Combination = tuple[Hashable, ...]

__all__ = ["blank_rare_combinations", "rare_combinations"]


def _order(item: tuple[Combination, int]) -> tuple[int, str]:
    # Smallest first; ties broken by the combination's text, so the choice never varies by run.
    combination, count = item
    return count, repr(combination)


def rare_combinations(counts: Mapping[Combination, int], min_n: int = DEFAULT_MIN_N) -> frozenset:
    """Return the combinations to leave blank, given how many respondents share each.

    A combination shared by fewer than ``min_n`` respondents is blank; if fewer than ``min_n``
    respondents are blank that way (but some are), the next smallest combinations are added
    until at least ``min_n`` are.
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    present = sorted(((c, int(n)) for c, n in counts.items() if int(n) > 0), key=_order)
    blank = {combination for combination, count in present if count < min_n}
    blanked = sum(count for combination, count in present if combination in blank)
    for combination, count in present:
        if blanked == 0 or blanked >= min_n:
            break
        if combination not in blank:
            blank.add(combination)
            blanked += count
    return frozenset(blank)


def _key(value: object) -> Hashable:
    """Return a cell as a hashable key, every kind of missing value as None."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def combination_counts(frame: pd.DataFrame, columns: Sequence[str]) -> dict[Combination, int]:
    """Return how many rows share each combination of the columns' values (missing as None)."""
    keys = [tuple(_key(v) for v in row) for row in frame[list(columns)].itertuples(index=False)]
    return dict(pd.Series(keys, dtype=object).value_counts(sort=False).items()) if keys else {}


def blank_rare_combinations(
    frame: pd.DataFrame, columns: Sequence[str], min_n: int = DEFAULT_MIN_N
) -> pd.DataFrame:
    """Return a copy of a one-row-per-respondent frame with rare combinations of `columns` blank.

    Blank cells are None; a column ``attributes_withheld`` says which rows were blanked.
    """
    columns = list(columns)
    result = frame.copy()
    rare = rare_combinations(combination_counts(frame, columns), min_n)
    keys = [tuple(_key(v) for v in row) for row in frame[columns].itertuples(index=False)]
    withheld = pd.Series([key in rare for key in keys], index=frame.index, dtype=bool)
    for column in columns:
        result[column] = result[column].astype(object).mask(withheld, None)
    result["attributes_withheld"] = withheld
    return result
