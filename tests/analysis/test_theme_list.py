"""One list of themes: the lexicon, the model, the summary, the survey definitions and the web
app's stored columns all follow analysis.theme_list."""

from __future__ import annotations

import json

from analysis import lexicon, model, summary, theme_list
from analysis.theme_list import THEME_COLUMNS, THEMES


def test_the_theme_lexicon_covers_exactly_the_listed_themes() -> None:
    assert tuple(lexicon.load("themes.yaml")["themes"]) == THEMES


def test_the_models_theme_columns_are_the_listed_themes_in_order() -> None:
    raw = json.loads(model.WEIGHTS.read_text(encoding="utf-8"))
    assert tuple(raw["targets"][: len(THEMES)]) == THEMES
    assert model.TARGETS[: len(THEMES)] == THEMES


def test_the_summary_and_the_survey_definitions_use_the_one_list() -> None:
    from participation import surveys

    assert summary.THEMES is THEMES and summary.THEME_COLUMNS is THEME_COLUMNS
    assert surveys.THEMES is THEMES
    assert THEMES[:4] == theme_list.CORE_THEMES


def test_the_web_app_stores_a_column_for_each_theme() -> None:
    from participation.models import AnalysisResult

    stored = set(AnalysisResult.__table__.columns.keys())
    assert {c for c in stored if c.startswith("theme_")} == set(THEME_COLUMNS)
