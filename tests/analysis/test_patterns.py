"""The phrase pattern syntax and the matcher behind both lexicons."""

from __future__ import annotations

import pytest

from analysis.patterns import Matcher, compile_pattern


def _labels(patterns: dict[str, str], text: str) -> list[tuple[str, str]]:
    matcher = Matcher(compile_pattern(p, label) for p, label in patterns.items())
    toks = text.split()
    return sorted((e.label, " ".join(toks[s:t])) for e, s, t in matcher.scan(toks))


def test_exact_prefix_and_alternatives() -> None:
    patterns = {"worr*": "w", "kind|nice": "r"}
    assert _labels(patterns, "she is nice and i worried") == [("r", "nice"), ("w", "worried")]
    assert _labels(patterns, "kindly") == []


def test_optional_and_gap() -> None:
    patterns = {"not [really] safe": "a", "scared ... home": "b"}
    assert _labels(patterns, "i am not safe") == [("a", "not safe")]
    assert _labels(patterns, "i am not really safe") == [("a", "not really safe")]
    assert _labels(patterns, "scared to go back home") == [("b", "scared to go back home")]
    assert _labels(patterns, "scared to go back to my home") == []  # gap is at most 3 words


def test_longest_contiguous_match_hides_shorter_ones_inside() -> None:
    patterns = {"social worker": "a", "worker": "b", "social": "c"}
    assert _labels(patterns, "my social worker") == [("a", "social worker")]


def test_patterns_keyed_on_a_later_word_still_match_from_their_start() -> None:
    # "i" is too common to key on, so this is found through "hits" and matched backwards.
    patterns = {"i|we [really] hate hits": "x"}
    assert _labels(patterns, "and we really hate hits") == [("x", "we really hate hits")]


@pytest.mark.parametrize("bad", ["... safe", "[maybe] safe", "safe ...", "a||b"])
def test_bad_patterns_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        compile_pattern(bad, "x")


def test_a_pattern_keyed_through_a_word_and_a_prefix_is_found_once() -> None:
    # "cancelled" is both a word of the first position and starts with its prefix "cancel".
    patterns = {"cancel*|cancelled review*|meeting*": "p"}
    assert _labels(patterns, "they cancelled reviews again") == [("p", "cancelled reviews")]


def test_hits_come_back_in_reading_order() -> None:
    patterns = {"scared ... home": "gap", "i|we [really] hate hits": "back", "home": "word",
                "not": "word", "safe": "word"}
    matcher = Matcher(compile_pattern(p, label) for p, label in patterns.items())
    toks = ["not", "safe", "and", "we", "really", "hate", "hits", "and", "scared", "to", "go", "home"]
    spans = [(start, end) for _, start, end in matcher.scan(toks)]
    assert spans == sorted(spans)
    assert (3, 7) in spans and (8, 12) in spans and (0, 1) in spans
