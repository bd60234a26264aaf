"""Groups offered as filters, and figures withheld where the rest of a survey is small."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.group_filters import offered_groups, withhold_complements
from analysis.option_counts import option_counts


def people(**groups: list[tuple[str, str | None, int]]) -> pd.DataFrame:
    """Return an answers frame: for each column, (survey, group value, how many) lines."""
    rows = []
    for column, lines in groups.items():
        for survey, value, number in lines:
            for _ in range(number):
                rows.append({"response_id": f"r{len(rows)}", "survey": survey, column: value})
    return pd.DataFrame(rows)


def offered(frame: pd.DataFrame, column: str, min_n: int = 5) -> dict[str, bool]:
    table = offered_groups(frame, [column], min_n=min_n)
    return dict(zip(table["group"], table["offered"], strict=True))


def test_a_group_of_four_is_never_offered():
    frame = people(age_band=[("children", "5-7", 4), ("children", "8-11", 30)])
    assert offered(frame, "age_band") == {"5-7": False, "8-11": False}
    # 8-11 is large, but everyone else in the survey is the four: total minus 8-11 gives them.
    assert offered(frame, "age_band", min_n=4) == {"5-7": True, "8-11": True}


def test_a_group_is_offered_when_it_and_the_rest_of_its_survey_are_large_enough():
    frame = people(age_band=[("children", "5-7", 5), ("children", "8-11", 30),
                             ("children", None, 3)])
    # Each band's rest is large, but both bands together leave the three with no age band.
    assert offered(frame, "age_band") == {"5-7": False, "8-11": True}
    frame = people(age_band=[("children", "5-7", 5), ("children", "8-11", 30),
                             ("children", None, 6)])
    assert offered(frame, "age_band") == {"5-7": True, "8-11": True}


def test_a_group_that_is_a_whole_survey_is_offered():
    frame = people(agency=[("staff", "health", 12), ("children", None, 2)])
    assert offered(frame, "agency") == {"health": True}


def test_a_group_across_surveys_is_judged_in_each_survey_where_its_figures_show():
    frame = pd.concat([
        people(language=[("children", "pl", 6), ("children", "en", 40)]),
        people(language=[("staff", "pl", 9), ("staff", "en", 2)]).assign(
            response_id=lambda f: "s" + f["response_id"]),
    ])
    table = offered_groups(frame, ["language"])
    pl = table.set_index("group").loc["pl"]
    assert pl["respondents"] == 15 and not pl["offered"]
    assert "outside this group" in pl["reason"]
    # A small part in one survey is withheld there anyway, so it does not stop the group.
    frame = pd.concat([
        people(language=[("children", "pl", 6), ("children", "en", 40)]),
        people(language=[("staff", "pl", 3), ("staff", "en", 20)]).assign(
            response_id=lambda f: "s" + f["response_id"]),
    ])
    assert offered(frame, "language")["pl"]


def test_withhold_complements_hides_a_figure_whose_rest_is_small():
    whole = pd.DataFrame({"q": ["a", "b", "c"], "n": [40, 40, 9], "pct": [50.0, 60.0, 10.0],
                          "withheld": [False, False, False]})
    part = pd.DataFrame({"q": ["a", "b", "c"], "n": [37, 20, 9], "pct": [48.0, 55.0, 10.0],
                         "withheld": [False, False, False]})
    result = withhold_complements(part, whole, keys=["q"], count="n", values=["pct"])
    assert result["withheld"].tolist() == [True, False, False]
    assert result["complement"].tolist() == [True, False, False]
    assert pd.isna(result.loc[0, "pct"]) and pd.isna(result.loc[0, "n"])
    assert part.loc[0, "n"] == 37  # the input is left alone
    with pytest.raises(ValueError):
        withhold_complements(part.drop(columns="withheld"), whole, keys=["q"], count="n")


def test_option_counts_withhold_small_options_and_one_more_beside_them():
    frame = pd.DataFrame({
        "response_id": [f"r{i}" for i in range(30)],
        "question_key": "q",
        "option_key": ["yes"] * 20 + ["no"] * 7 + ["not_sure"] * 3,
        "status": "answered",
    })
    table = option_counts(frame, "q", ["yes", "no", "not_sure", "prefer_not_to_say"]).set_index("option")
    assert table.loc["total", "respondents"] == 30
    assert table.loc["not_sure", "withheld"] and table.loc["no", "withheld"]
    assert not table.loc["yes", "withheld"] and table.loc["yes", "percent"] == pytest.approx(66.7)
    assert table.loc["prefer_not_to_say", "respondents"] == 0  # a zero gives nobody away


def test_option_counts_of_a_multiple_choice_withhold_where_few_did_not_choose():
    frame = pd.DataFrame({
        "response_id": [f"r{i}" for i in range(12)] + [f"r{i}" for i in range(9)],
        "question_key": "q",
        "option_key": ["a"] * 12 + ["b"] * 9,
    })
    table = option_counts(frame, "q", ["a", "b"], multiple=True).set_index("option")
    assert table.loc["total", "respondents"] == 12
    assert not table.loc["a", "withheld"]  # everyone chose it: nobody is left out
    assert table.loc["b", "withheld"]  # the three who did not choose b would be 12 - 9
