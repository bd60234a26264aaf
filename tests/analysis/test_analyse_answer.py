"""analyse_answer(): what the web app calls as each free-text answer is saved."""

from __future__ import annotations

import json

import pytest

from analysis import OUTPUT_COLUMNS, analyse_answer, pipeline


def test_same_fields_as_the_frame() -> None:
    result = analyse_answer("my worker is kind", respondent="child", question="What is good?")
    assert set(result) == set(OUTPUT_COLUMNS)
    assert result["theme_relationships"] is True
    assert result["safeguarding_flag"] is False
    assert isinstance(result["sentiment_polarity"], float)
    assert result["sentiment_label"] == "positive"
    assert isinstance(json.loads(result["evidence"]), dict)


def test_disclosure_is_flagged() -> None:
    result = analyse_answer("ma da batters me", respondent="child")
    assert result["safeguarding_flag"] is True


@pytest.mark.parametrize("language", ["pl", "uk", "ar", "ur", "gd"])
def test_another_language_is_flagged_for_a_person(language: str) -> None:
    result = analyse_answer("some words", language=language)
    assert result["safeguarding_flag"] is True
    assert "needs_human_read: not English" in json.loads(result["evidence"])["safeguarding"]


@pytest.mark.parametrize(
    "text",
    ["Nie czuję się bezpiecznie w domu", "nie czuje sie bezpiecznie w domu", "Мені страшно вдома",
     "أنا خائف في البيت"],
)
def test_text_that_is_not_english_is_flagged_even_if_marked_english(text: str) -> None:
    result = analyse_answer(text, language="en")
    assert result["safeguarding_flag"] is True


@pytest.mark.parametrize("text", ["I feel safe", "ma worker is sound", "dunno", "n/a"])
def test_english_and_scots_are_not_flagged_for_language(text: str) -> None:
    assert analyse_answer(text, language="en-GB")["safeguarding_flag"] is False


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_answer(text: str | None) -> None:
    result = analyse_answer(text, language="pl")
    assert result["safeguarding_flag"] is False
    assert result["sentiment_label"] == "neutral"


def test_a_failure_flags_the_answer_instead_of_raising(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("lexicon missing")

    monkeypatch.setattr(pipeline, "read_with_lexicons", broken)
    result = analyse_answer("anything at all")
    assert result["safeguarding_flag"] is True
    assert "needs_human_read: analysis failed" in json.loads(result["evidence"])["safeguarding"]
