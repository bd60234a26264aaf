"""A summary's figures in a long layout: one row per figure, numeric values, withheld marked."""

from __future__ import annotations

import pandas as pd

from analysis import summarise
from analysis.datastore import COLUMNS, long_figures


def answers(positive: int, negative: int, band: str, start: int) -> list[dict]:
    rows = []
    for n in range(positive + negative):
        rows.append({"response_id": f"r{start + n}", "survey": "children", "question_key": "feel_safe",
                     "question_type": "scale", "themes": "wellbeing", "age_band": band,
                     "option_key": "yes" if n < positive else "no",
                     "polarity": "positive" if n < positive else "negative"})
    return rows


def test_figures_are_long_numeric_and_withheld_below_min_n():
    # Three bands, so the small one's secondary partner is not the one this test reads.
    frame = pd.DataFrame(answers(8, 4, "12-17", 0) + answers(1, 1, "5-7", 100) + answers(5, 1, "8-11", 200))
    figures = long_figures(summarise(frame, by=("age_band",), min_n=5), {("children", "feel_safe"): 3})
    assert list(figures.columns) == list(COLUMNS)
    question = figures[(figures.question_key == "feel_safe") & (figures.theme == "wellbeing")]
    older = question[(question.group == "12-17") & (question.measure == "percent_positive")].iloc[0]
    assert round(older.value, 1) == round(8 / 12 * 100, 1)
    assert older.withheld == 0 and older.wording_version == 3
    young = question[(question.group == "5-7")]
    assert (young.withheld == 1).all() and young.value.isna().all()
    everyone = figures[(figures.measure == "respondents") & (figures.dimension == "all")].iloc[0]
    assert everyone.value == 20 and isinstance(everyone.value, int)


def test_no_words_from_answers_are_in_the_figures():
    frame = pd.DataFrame([{"response_id": f"r{n}", "question_key": "say", "question_type": "free_text",
                           "themes": "wellbeing", "text": "my secret words here", "polarity": None}
                          for n in range(10)])
    figures = long_figures(summarise(frame, by=(), min_n=5))
    assert not figures.astype(str).apply(lambda c: c.str.contains("secret")).any().any()


def test_a_question_nobody_in_a_group_answered_has_no_row_for_it():
    frame = pd.DataFrame(answers(6, 0, "12-17", 0))
    frame["survey"] = "children"
    staff = pd.DataFrame(answers(6, 0, "", 50)).assign(survey="staff", question_key="confident")
    figures = long_figures(summarise(pd.concat([frame, staff]), by=("survey",), min_n=5))
    rows = figures[(figures.measure == "percent_positive") & (figures.dimension == "survey")]
    assert set(zip(rows.survey, rows.group, strict=True)) == {("children", "children"), ("staff", "staff")}
