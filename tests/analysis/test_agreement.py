"""Agreement of the analysis with people's labels: F1 per theme, tone, safeguarding, intervals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score as sklearn_f1

from analysis.agreement import (
    MIN_FOR_INTERVAL,
    agreement,
    bootstrap_f1_interval,
    f1_score,
)
from analysis.compare import wilson_interval
from analysis.theme_list import THEMES


def reviewed(rows: list[dict]) -> pd.DataFrame:
    """Build the reviewed-answers frame: every theme absent unless a row says otherwise."""
    filled = []
    for row in rows:
        base = {f"{side}_{theme}": False for side in ("analysis", "person") for theme in THEMES}
        base.update(
            analysis_sentiment="neutral",
            person_sentiment="neutral",
            analysis_safeguarding=False,
            person_safeguarding=False,
        )
        filled.append({**base, **row})
    return pd.DataFrame(filled)


def test_f1_counts_agreement_on_the_answers_either_side_gave_the_theme():
    analysis = np.array([1, 1, 0, 0], dtype=bool)
    people = np.array([1, 0, 1, 0], dtype=bool)
    assert f1_score(analysis, people) == pytest.approx(0.5)  # 1 agreed, 1 extra, 1 missed
    assert f1_score(people, people) == 1.0
    assert math.isnan(f1_score(np.zeros(3, bool), np.zeros(3, bool)))


def test_f1_matches_scikit_learn_on_random_labels():
    rng = np.random.default_rng(1)
    analysis, people = rng.random(200) < 0.3, rng.random(200) < 0.4
    assert f1_score(analysis, people) == pytest.approx(sklearn_f1(people, analysis))


def test_the_bootstrap_interval_is_fixed_by_its_seed_and_surrounds_the_estimate():
    rng = np.random.default_rng(2)
    people = rng.random(120) < 0.4
    analysis = people ^ (rng.random(120) < 0.2)  # a fifth of the answers read the other way
    first = bootstrap_f1_interval(analysis, people)
    assert first == bootstrap_f1_interval(analysis, people)
    low, high = first
    assert low < f1_score(analysis, people) < high
    assert 0.05 < high - low < 0.4
    assert bootstrap_f1_interval(people, people) == (1.0, 1.0)


def test_themes_tone_and_safeguarding_on_a_known_sample():
    rows = [
        {
            "analysis_wellbeing": True,
            "person_wellbeing": True,
            "person_sentiment": "positive",
            "analysis_sentiment": "positive",
        },
        {"analysis_wellbeing": True, "person_sentiment": "negative", "analysis_safeguarding": True},
        {"person_wellbeing": True, "person_safeguarding": True},
        {"person_process": True, "analysis_process": True, "person_safeguarding": None},
    ]
    result = agreement(reviewed(rows))
    assert result.n == 4 and not result.with_interval
    by_theme = {item.theme: item for item in result.themes}
    assert by_theme["wellbeing"].f1 == pytest.approx(0.5)
    assert (
        by_theme["wellbeing"].by_people,
        by_theme["wellbeing"].by_analysis,
        by_theme["wellbeing"].by_both,
    ) == (2, 2, 1)
    assert by_theme["process"].f1 == 1.0
    assert math.isnan(by_theme["leadership"].f1)
    assert math.isnan(by_theme["wellbeing"].low)
    assert (result.tone.count, result.tone.n) == (3, 4)
    # The fourth answer has no safeguarding label: it counts for neither.
    assert (result.misses.count, result.misses.n) == (1, 1)
    assert (result.false_alarms.count, result.false_alarms.n) == (1, 1)


def test_intervals_appear_from_thirty_reviewed_answers():
    rows = [
        {
            "person_sentiment": "positive",
            "analysis_sentiment": "positive" if i % 3 else "neutral",
            "person_relationships": i % 2 == 0,
            "analysis_relationships": i % 4 == 0,
        }
        for i in range(MIN_FOR_INTERVAL)
    ]
    short = agreement(reviewed(rows[:-1]))
    assert not short.with_interval and math.isnan(short.tone.low)
    full = agreement(reviewed(rows))
    assert full.with_interval
    assert (full.tone.low, full.tone.high) == pytest.approx(
        wilson_interval(full.tone.count, MIN_FOR_INTERVAL)
    )
    relationships = next(item for item in full.themes if item.theme == "relationships")
    assert relationships.low <= relationships.f1 <= relationships.high
    assert math.isnan(full.misses.fraction)  # nobody said any answer needed attention
