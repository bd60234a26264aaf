"""How many respondents chose each option of one choice question, with small numbers withheld.

``option_counts(answers, question_key, options)`` reads the long answers frame of
:mod:`analysis.summary` (``response_id``, ``question_key``, ``option_key``, ``status``; a
``survey`` column narrows it with ``survey=``) and counts respondents per option, a respondent
once per option however often a retried submit stored it. The total is the respondents who
answered (chose any option, "I'd rather not say" included, as a separate line).

Suppression (:mod:`analysis.suppression`): a count below ``min_n`` is withheld. For a single
choice the options add up to the total, so secondary suppression runs along the line with its
total. For a multiple choice they do not; instead a count is withheld also when the people who
did not choose that option are fewer than ``min_n`` (they would be the total minus the count).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .suppression import DEFAULT_MIN_N, suppress_series

__all__ = ["TOTAL", "option_counts"]

TOTAL = "total"


def option_counts(
    answers: pd.DataFrame,
    question_key: str,
    options: Sequence[str],
    *,
    survey: str | None = None,
    multiple: bool = False,
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """Return option, respondents, percent and withheld for each option and the total.

    ``options`` gives the order (options nobody chose count 0); an option chosen but not
    listed is added after them. Percentages are of the total who answered, to one decimal.
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    for column in ("response_id", "question_key", "option_key"):
        if column not in answers.columns:
            raise ValueError(f"answers frame has no column {column!r}")
    rows = answers[answers["question_key"].astype(str) == question_key]
    if survey is not None and "survey" in rows.columns:
        rows = rows[rows["survey"].astype(str) == survey]
    if "status" in rows.columns:
        rows = rows[rows["status"].isin(["answered", "prefer_not_to_say"])]
    chosen = rows[["response_id", "option_key"]].dropna().astype(str).drop_duplicates()
    counts = chosen.groupby("option_key").size()
    order = list(dict.fromkeys([*options, *sorted(set(counts.index) - set(options))]))
    line = counts.reindex(order, fill_value=0).astype("int64")
    total = int(chosen["response_id"].nunique())
    line[TOTAL] = total
    if multiple:
        withheld = suppress_series(line.drop(TOTAL), min_n).reindex(line.index, fill_value=False)
        not_chosen = total - line
        withheld |= (not_chosen > 0) & (not_chosen < min_n) & (line.index != TOTAL)
        withheld[TOTAL] = 0 < total < min_n
    else:
        withheld = suppress_series(line, min_n, total=TOTAL)
    percent = (100 * line / total).round(1) if total else pd.Series(float("nan"), index=line.index)
    return pd.DataFrame({
        "option": line.index,
        "respondents": line.astype("Int64").mask(withheld.to_numpy(), pd.NA).to_numpy(),
        "percent": pd.array(percent, dtype="Float64").copy(),
        "withheld": withheld.to_numpy(dtype=bool),
    }).assign(percent=lambda t: t["percent"].mask(t["withheld"], pd.NA))
