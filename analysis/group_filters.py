"""Choosing a group of respondents to look at, without giving a small group away.

A page that lets a reader narrow the figures to one group (an age band, kinship carers, an
agency, a language) shows two sets of figures for the same survey: everyone, and the group. The
difference between them is the rest of the survey, so a group is safe to offer only when both
the group and the rest are large enough:

* :func:`offered_groups` says which groups may be offered: at least ``min_n`` respondents in
  all, and in each survey where the group has at least ``min_n`` respondents, the rest of that
  survey is either nobody or at least ``min_n`` respondents (where the group has fewer, its
  figures for that survey are withheld anyway, so nothing is subtracted). Several groups of
  one column can also be subtracted from a survey together, so what the offered groups leave
  of each survey must be nobody or at least ``min_n`` too: if not, the smallest offered group
  there is withdrawn as well, until that holds (as secondary suppression does).
* :func:`withhold_complements` applies the same test figure by figure: a filtered figure whose
  unfiltered counterpart is larger by fewer than ``min_n`` is withheld, because a question can
  be skipped and so its rest can be small even when the rest of the survey is not.

Plain pandas: DataFrames in, DataFrames out; inputs are never changed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .suppression import DEFAULT_MIN_N

__all__ = ["COMPLEMENT", "TOO_FEW", "offered_groups", "withhold_complements"]

# Why a group is not offered, or a figure is withheld (plain words a page can show).
TOO_FEW = "fewer than {min_n} people in this group"
COMPLEMENT = "fewer than {min_n} people outside this group"


def _first_values(answers: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Return one row per respondent: the first non-empty value of each column, as text."""
    wanted = ["response_id", *columns]
    missing = [c for c in wanted if c not in answers.columns]
    if missing:
        raise ValueError(f"answers frame has no column {missing[0]!r}")
    # First per respondent (few rows), then tidy: a frame has one row per answer.
    frame = answers[wanted].replace("", np.nan)
    people = frame.groupby("response_id", sort=False).first()
    for column in columns:
        text = people[column].map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v))
                                  else str(v).strip())
        people[column] = text.replace("", np.nan)
    return people.reset_index()


def offered_groups(
    answers: pd.DataFrame,
    columns: Sequence[str],
    *,
    within: str = "survey",
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """Return every group of each column with whether it may be offered as a filter.

    ``answers`` has ``response_id``, the ``within`` column (the survey) and each of
    ``columns``; a respondent's group is their first non-empty value (an empty one is no
    group). Return columns: column, group, respondents, offered, reason (empty when offered),
    in the order of ``columns`` and then of the groups' names.
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    people = _first_values(answers, [within, *[c for c in columns if c != within]])
    survey_size = people.groupby(within, dropna=False).size()
    rows = []
    for column in columns:
        present = people[people[column].notna()]
        for group, members in present.groupby(column, sort=True):
            total = len(members)
            reason = ""
            if total < min_n:
                reason = TOO_FEW.format(min_n=min_n)
            else:
                in_survey = members.groupby(within, dropna=False).size()
                rest = survey_size.reindex(in_survey.index) - in_survey
                shown = in_survey >= min_n
                if ((rest > 0) & (rest < min_n) & shown).any():
                    reason = COMPLEMENT.format(min_n=min_n)
            rows.append({"column": column, "group": str(group), "respondents": total,
                         "offered": not reason, "reason": reason})
        _withdraw_until_the_rest_is_safe(rows, present, column, within, survey_size, min_n)
    return pd.DataFrame(rows, columns=["column", "group", "respondents", "offered", "reason"])


def _withdraw_until_the_rest_is_safe(rows: list[dict], present: pd.DataFrame, column: str,
                                     within: str, survey_size: pd.Series, min_n: int) -> None:
    """Withdraw offered groups of ``column`` until no survey is left with 1 to min_n - 1 people
    outside every offered group (``rows`` is changed in place)."""
    mine = {row["group"]: row for row in rows if row["column"] == column}
    counts = present.assign(_group=present[column].astype(str)).groupby(
        [within, "_group"], dropna=False).size()
    while True:
        shown = [(survey, group, n) for (survey, group), n in counts.items()
                 if mine[group]["offered"] and n >= min_n]
        covered = pd.Series([n for _, _, n in shown], dtype="int64",
                            index=pd.Index([s for s, _, _ in shown], dtype=object))
        left = survey_size - covered.groupby(level=0).sum().reindex(survey_size.index,
                                                                    fill_value=0)
        risky = left[(left > 0) & (left < min_n)].index
        candidates = [(n, group) for survey, group, n in shown if survey in set(risky)]
        if not candidates:
            return
        _, group = min(candidates)
        mine[group].update(offered=False, reason=COMPLEMENT.format(min_n=min_n))


def withhold_complements(
    part: pd.DataFrame,
    whole: pd.DataFrame,
    *,
    keys: Sequence[str],
    count: str,
    values: Sequence[str] = (),
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """Return ``part`` with figures withheld where the rest of ``whole`` is small.

    ``part`` holds figures of a group and ``whole`` the same figures for everyone, both
    with the ``keys`` columns, the ``count`` column (respondents or answers behind the
    figure) and a boolean ``withheld`` column. A figure of ``part`` is withheld (``count``
    and ``values`` set to missing, ``withheld`` True, ``complement`` True) when the whole's
    count exceeds it by 1 to ``min_n - 1``, or when the whole's own figure is withheld and
    the part's is not (it would give the withheld one away).
    """
    missing = [c for c in (*keys, count, "withheld") if c not in part.columns
               or c not in whole.columns]
    if missing:
        raise ValueError(f"both tables need a column {missing[0]!r}")
    result = part.copy()
    if result.empty:
        return result.assign(complement=pd.Series(dtype=bool))
    other = whole.drop_duplicates(list(keys)).set_index(list(keys))
    index = pd.MultiIndex.from_frame(result[list(keys)])
    whole_count = pd.to_numeric(other[count].reindex(index), errors="coerce").to_numpy(float)
    whole_withheld = other["withheld"].reindex(index).fillna(False).to_numpy(bool)
    own = pd.to_numeric(result[count], errors="coerce").to_numpy(float)
    rest = whole_count - own
    own_withheld = result["withheld"].to_numpy(bool)
    small_rest = (rest > 0) & (rest < min_n)
    complement = ~own_withheld & (small_rest | (whole_withheld & (own > 0)))
    for column in (count, *values):
        result[column] = result[column].mask(complement)
    result["withheld"] = own_withheld | complement
    result["complement"] = complement
    return result
