"""The summary's text tools: the quick paths for plain ASCII text agree with the general ones."""

from __future__ import annotations

import pytest

from analysis import phrases

TEXTS = [
    "My social worker Kirsty listens. Mr Smith never does!",
    "MY SOCIAL WORKER KIRSTY LISTENS, MR SMITH NEVER DOES",
    "i miss home - and i miss my gran; Miss Brown is kind",
    "the meeting (my review) was too long/boring... nobody asked me",
    "Auntie Jo and my key worker, Sam, came to the panel - it was fine",
    "don’t know what’s happening — they said it'd be March",
    "Superb! The health visitor Anna was lovely and J.S. helped too",
    "email me at someone@example.org or @handle, call 07700 900123",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_plain_ascii_text_gets_the_spans_the_general_path_gives(text: str) -> None:
    # A non-ASCII word at the end sends the text down the general (ignore-case) path; the
    # spans before it must be the same as the ASCII path found.
    general = phrases.name_spans(text + " …é")
    assert phrases.name_spans(text) == [s for s in general if s[1] <= len(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_clauses_split_at_breaks_as_the_word_by_word_path_does(text: str) -> None:
    nothing_skipped = [(len(text) + 5, len(text) + 6)]  # takes the word-by-word path
    assert phrases.clauses(text) == phrases.clauses(text, skip_spans=nothing_skipped)


@pytest.mark.parametrize("text", TEXTS)
def test_text_facts_are_what_phrase_sets_typicality_and_names_find(text: str) -> None:
    facts = phrases.text_facts(text)
    assert list(facts.phrases) == list(phrases.phrase_sets([text])[0])
    assert (facts.words, facts.content) == phrases._content_words(text)
    assert facts.names == phrases.names_a_person(text)
