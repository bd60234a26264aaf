"""Each respondent's verdict on each choice question: positive or not, one row per person.

The comparisons between questions (involvement and wellbeing, confidence in two kinds of
leader) and the draft findings count people, not rows, with the base of "percentage positive"
that :mod:`analysis.summary` uses: an answer counts when its option has a polarity of positive,
neutral or negative; "I'd rather not say", a skip and "does not apply" are left out. A
multiple-choice answer is positive when any option chosen is positive.
"""

from __future__ import annotations

import pandas as pd

COUNTED_POLARITIES = ("positive", "neutral", "negative")
NOT_RECORDED = "not recorded"


def verdicts(answers: pd.DataFrame) -> pd.DataFrame:
    """Return one row per respondent and counted choice question.

    Columns: ``response_id``, ``survey`` ("" when the frame has none), ``question_key`` and
    ``positive`` (bool). ``answers`` is the long answers frame of :mod:`analysis.summary`.
    """
    frame = answers
    if "status" in frame.columns:
        frame = frame[frame["status"].fillna("answered").eq("answered")]
    polarity = frame["polarity"].fillna("").astype(str).str.strip().str.lower().to_numpy()
    keep = pd.Series(polarity).isin(COUNTED_POLARITIES).to_numpy()
    counted = frame[keep]
    survey = (counted["survey"].fillna("").astype(str).to_numpy() if "survey" in counted.columns
              else "")
    # Plain arrays: the frame's index may repeat (frames joined without a new index).
    rows = pd.DataFrame({
        "response_id": counted["response_id"].astype(str).to_numpy(),
        "survey": survey,
        "question_key": counted["question_key"].astype(str).to_numpy(),
        "positive": polarity[keep] == "positive",
    })
    return rows.groupby(["response_id", "survey", "question_key"], as_index=False, sort=False)[
        "positive"
    ].any()


def question_verdicts(rows: pd.DataFrame, survey: str, question_key: str) -> pd.Series:
    """Return each counted respondent's verdict on one question, indexed by ``response_id``.

    ``rows`` is what :func:`verdicts` returns.
    """
    chosen = rows[rows["survey"].eq(survey) & rows["question_key"].eq(question_key)]
    return chosen.set_index("response_id")["positive"]


def respondent_group(answers: pd.DataFrame, column: str) -> pd.Series:
    """Return each respondent's first non-empty value of ``column`` ("not recorded" if none)."""
    answers = answers.reset_index(drop=True)
    ids = answers["response_id"].astype(str)
    values = answers[column].fillna("").astype(str).str.strip() if column in answers.columns \
        else pd.Series("", index=answers.index)
    present = values.ne("")
    first = values[present].groupby(ids[present], sort=False).first()
    everyone = pd.Index(ids.unique(), name="response_id")
    return first.reindex(everyone).fillna(NOT_RECORDED)
