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


def test_whole_phrases_end_on_a_whole_word_unless_they_end_in_a_prefix() -> None:
    patterns = {"social work": "a", "health visitor*": "b", "new worker": "c"}
    assert _labels(patterns, "the social worker and the health visitors") == [
        ("b", "health visitors")]
    assert _labels(patterns, "social work is hard") == [("a", "social work")]
    assert _labels(patterns, "a renew worker") == []  # a phrase starts on a whole word too


def test_the_same_phrase_under_two_labels_is_found_for_both() -> None:
    matcher = Matcher([compile_pattern("key worker", "theme"), compile_pattern("key worker", "group")])
    hits = matcher.scan(["my", "key", "worker", "and", "my", "key", "worker"])
    assert [(e.label, s, t) for e, s, t in hits] == [
        ("theme", 1, 3), ("group", 1, 3), ("theme", 5, 7), ("group", 5, 7)]


def test_a_phrase_with_a_prefix_inside_is_matched_after_the_automaton() -> None:
    patterns = {"feel* safe": "a", "worr* about": "b", "safe": "c"}
    assert _labels(patterns, "i feeling safe and worried about it") == [
        ("a", "feeling safe"), ("b", "worried about")]
