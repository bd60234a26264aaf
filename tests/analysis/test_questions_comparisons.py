"""The inspection's questions: involvement against wellbeing, paired confidence in two kinds of
leader, and draft strengths and areas for development, on frames whose answers are known."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.compare import BETTER, SAME, WITHHELD, WORSE, two_proportion_p
from analysis.drafts import AREA_FOR_DEVELOPMENT, STRENGTH, question_drafts, theme_drafts
from analysis.involvement import involvement_and_outcomes
from analysis.paired import mcnemar_p, paired_comparison


def answer(rid: str, key: str, polarity: str | None, *, survey: str = "children",
           agency: str | None = None, status: str = "answered") -> dict:
    return {"response_id": rid, "survey": survey, "question_key": key, "polarity": polarity,
            "status": status, "agency": agency, "question_type": "scale"}


def children(groups: list[tuple[int, str, dict[str, int]]]) -> pd.DataFrame:
    """Build children's answers: (how many, involvement polarity, question -> how many positive)."""
    rows, number = [], 0
    for size, involved, positives in groups:
        for i in range(size):
            number += 1
            rid = f"c{number}"
            rows.append(answer(rid, "say_in_plan", involved))
            for key, positive in positives.items():
                rows.append(answer(rid, key, "positive" if i < positive else "negative"))
    return pd.DataFrame(rows)


def test_involved_children_feeling_safer_is_beyond_chance_and_matches_the_z_test():
    frame = children([(10, "positive", {"feel_safe": 9, "feel_overall": 5}),
                      (6, "negative", {"feel_safe": 1, "feel_overall": 3}),
                      (4, "neutral", {"feel_safe": 1, "feel_overall": 2})])
    result = involvement_and_outcomes(frame, survey="children", involvement_question="say_in_plan",
                                      outcome_questions=["feel_safe", "feel_overall"])
    assert (result.involved.n, result.not_involved.n) == (10, 10)  # neutral counts as not involved
    safe, overall = result.outcomes
    assert (safe.involved.positive, safe.involved.n) == (9, 10)
    assert (safe.not_involved.positive, safe.not_involved.n) == (2, 10)
    assert safe.comparison.p_value == pytest.approx(two_proportion_p(9, 10, 2, 10))
    assert safe.comparison.verdict == BETTER
    assert overall.comparison.verdict == SAME
    assert safe.involved.percent == pytest.approx(90.0)


def test_a_group_of_four_is_withheld_with_the_group_beside_it_and_leaves_no_counts():
    frame = children([(12, "positive", {"feel_safe": 10}), (4, "negative", {"feel_safe": 0})])
    result = involvement_and_outcomes(frame, survey="children", involvement_question="say_in_plan",
                                      outcome_questions=["feel_safe"])
    assert result.involved.withheld and result.not_involved.withheld
    assert result.involved.n is None and result.not_involved.n is None
    [safe] = result.outcomes
    assert safe.involved.withheld and safe.not_involved.withheld
    assert safe.comparison.verdict == WITHHELD
    assert (safe.comparison.positive, safe.comparison.n, safe.comparison.other_n) == (0, 0, 0)


def test_skips_and_rather_not_say_are_outside_both_groups():
    frame = children([(6, "positive", {"feel_safe": 6}), (6, "negative", {"feel_safe": 0})])
    extra = pd.DataFrame([answer("x1", "say_in_plan", None, status="prefer_not_to_say"),
                          answer("x1", "feel_safe", "positive"),
                          answer("x2", "say_in_plan", "does_not_apply"),
                          answer("x2", "feel_safe", "positive")])
    result = involvement_and_outcomes(pd.concat([frame, extra]), survey="children",
                                      involvement_question="say_in_plan",
                                      outcome_questions=["feel_safe"])
    assert (result.involved.n, result.not_involved.n) == (6, 6)
    assert result.outcomes[0].involved.n == 6


def staff(cells: dict[tuple[str, str], int], agency: str, start: int = 0) -> list[dict]:
    """Staff answers: (first, second) polarity pair -> how many staff of the agency gave it."""
    rows, number = [], start
    for (first, second), size in cells.items():
        for _ in range(size):
            number += 1
            rid = f"{agency}{number}"
            rows.append(answer(rid, "confidence_first_line_manager", first, survey="staff", agency=agency))
            rows.append(answer(rid, "confidence_strategic_leaders", second, survey="staff", agency=agency))
    return rows


def test_mcnemar_uses_only_the_staff_who_answered_the_two_differently():
    # 12 confident in their manager only, 2 in senior leaders only: exact binomial 2 of 14.
    assert mcnemar_p(12, 2) == pytest.approx(2 * (1 + 14 + 91) / 2**14)
    assert mcnemar_p(0, 0) == 1.0
    assert mcnemar_p(40, 20) < 0.05  # large enough for the chi-square


def test_staff_more_confident_in_first_line_managers_overall_and_small_agencies_withheld():
    rows = staff({("positive", "positive"): 10, ("positive", "negative"): 12,
                  ("negative", "positive"): 2, ("negative", "negative"): 6}, "social_work")
    rows += staff({("positive", "negative"): 4}, "health")
    # "Don't know" to one question: not a pair, so not counted.
    rows += [answer("dk", "confidence_first_line_manager", "positive", survey="staff", agency="police"),
             answer("dk", "confidence_strategic_leaders", "does_not_apply", survey="staff",
                    agency="police")]
    result = paired_comparison(pd.DataFrame(rows), survey="staff",
                               first="confidence_first_line_manager",
                               second="confidence_strategic_leaders", by="agency")
    overall = result.overall
    assert overall.n == 34 and (overall.first_positive, overall.second_positive) == (26, 12)
    assert overall.p_value == pytest.approx(mcnemar_p(16, 2))
    assert overall.verdict == BETTER
    by_agency = {figure.group: figure for figure in result.groups}
    assert set(by_agency) == {"social_work", "health"}
    # Health (4) is withheld, and social work with it: otherwise 34 - 30 gives health away.
    assert by_agency["health"].withheld and by_agency["health"].n is None
    assert by_agency["social_work"].withheld


def test_each_agency_large_enough_is_tested_holm_adjusted():
    rows = staff({("positive", "negative"): 3, ("negative", "positive"): 15,
                  ("positive", "positive"): 2}, "police")
    rows += staff({("positive", "positive"): 8, ("negative", "negative"): 8}, "health")
    result = paired_comparison(pd.DataFrame(rows), survey="staff",
                               first="confidence_first_line_manager",
                               second="confidence_strategic_leaders", by="agency")
    by_agency = {figure.group: figure for figure in result.groups}
    assert by_agency["police"].verdict == WORSE
    assert by_agency["health"].verdict == SAME and by_agency["health"].difference == 0
    assert by_agency["police"].adjusted_p == pytest.approx(min(1.0, 2 * by_agency["police"].p_value))


def test_drafts_name_the_standout_questions_and_the_negative_themes():
    rows = []
    for i in range(40):
        for key, positive in (("feel_safe", 38), ("trust_worker", 20), ("listened_to", 21),
                              ("told_what_happens", 19), ("say_where_live", 2)):
            rows.append(answer(f"c{i}", key, "positive" if i < positive else "negative"))
    wordings = {("children", key): key.replace("_", " ") for key in
                ("feel_safe", "trust_worker", "listened_to", "told_what_happens", "say_where_live")}
    drafts = question_drafts(pd.DataFrame(rows), wordings)
    by_key = {draft.key: draft for draft in drafts}
    assert set(by_key) == {"question:children:feel_safe:strength",
                           "question:children:say_where_live:area_for_development"}
    strength = by_key["question:children:feel_safe:strength"]
    assert strength.kind == STRENGTH and "95% of children and young people (38 of 40)" in strength.text
    assert strength.evidence == {"survey": "children", "question": "feel_safe"}
    # Fewer than min_n respondents: never drafted.
    assert question_drafts(pd.DataFrame(rows[:20]), wordings) == []

    sentiment = pd.DataFrame([
        {"theme": "process", "dimension": "survey", "group": "parents", "label": "negative",
         "answers": 12, "percent": 60.0, "withheld": False},
        {"theme": "process", "dimension": "survey", "group": "parents", "label": "total",
         "answers": 20, "percent": 100.0, "withheld": False},
        {"theme": "wellbeing", "dimension": "survey", "group": "parents", "label": "negative",
         "answers": 5, "percent": 50.0, "withheld": False},
        {"theme": "wellbeing", "dimension": "survey", "group": "parents", "label": "total",
         "answers": 10, "percent": 100.0, "withheld": False},
        {"theme": "relationships", "dimension": "survey", "group": "staff", "label": "negative",
         "answers": pd.NA, "percent": pd.NA, "withheld": True},
        {"theme": "relationships", "dimension": "survey", "group": "staff", "label": "total",
         "answers": 4, "percent": 100.0, "withheld": False},
    ])
    [area] = theme_drafts(sentiment)
    assert area.kind == AREA_FOR_DEVELOPMENT and area.key == "theme:parents:process:negative"
    assert "(12 of 20 answers)" in area.text
    assert area.evidence == {"survey": "parents", "theme": "process", "sentiment": "negative"}
