"""Behaviour of the sentiment scorer on answers from children, parents and staff."""

from __future__ import annotations

import pytest

from analysis.sentiment import score_sentiment, sentiment_of


def label(text: str, question: str | None = None) -> str:
    return sentiment_of(text, question)[1]


def test_empty_or_whitespace_answer_is_neutral_with_no_cues() -> None:
    assert sentiment_of("") == (0.0, "neutral", [])
    assert sentiment_of("   \n\t") == (0.0, "neutral", [])


def test_a_negated_positive_word_reads_as_negative() -> None:
    polarity, lab, cues = sentiment_of("I wasn't happy")
    assert lab == "negative"
    assert polarity < 0
    assert "negated:happy" in cues


@pytest.mark.parametrize(
    "text",
    [
        "I don't feel safe at home",
        "nobody explained anything to me",
        "no one listens",
        "I dinnae like the meetings",
        "she cannae be bothered wi me",
        "my worker is not helpful at all",
        "I never get a say",
    ],
)
def test_negation_in_its_many_forms_reads_as_negative(text: str) -> None:
    assert label(text) == "negative"


def test_a_negated_negative_word_reads_as_mild_praise() -> None:
    assert label("the meeting was not bad") == "positive"
    assert label("no problems at all, thank you") == "positive"


def test_intensifiers_strengthen_and_downtoners_weaken() -> None:
    plain = sentiment_of("my worker is good")[0]
    assert sentiment_of("my worker is really good")[0] > plain
    assert sentiment_of("my worker is pure good")[0] > plain
    assert 0 < sentiment_of("my worker is slightly good")[0] < plain


def test_the_clause_after_but_dominates() -> None:
    assert label("the staff were nice but nobody told me what was happening") == "negative"
    assert label("it was scary at first but now I feel safe") == "positive"
    assert "but-clause" in sentiment_of("it was scary but now I feel safe")[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ma worker is sound", "positive"),
        ("the new place is braw", "positive"),
        ("the food there is minging", "negative"),
        ("I was feart to go back", "negative"),
        ("I'm aye greetin at night", "negative"),
        ("my key worker is gallus", "positive"),
        ("the group is no bad", "positive"),
        ("awfy scary meetings", "negative"),
        ("I'm scared of him", "negative"),
        ("school is rubbish", "negative"),
        ("the club is pure brilliant", "positive"),
    ],
)
def test_scots_and_childrens_words_carry_their_meaning(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my worker is realy nice", "positive"),
        ("I am happpy now", "positive"),
        ("my freinds are kind", "positive"),
        ("the meetings are scarey", "negative"),
        ("the hostel was horible", "negative"),
        ("the youth club is brill", "positive"),
    ],
)
def test_common_misspellings_are_understood(text: str, expected: str) -> None:
    assert label(text) == expected


def test_emoji_and_emoticons_carry_sentiment() -> None:
    assert label("my worker 😊") == "positive"
    _, lab, cues = sentiment_of("home 😢")
    assert lab == "negative"
    assert "emoji:😢" in cues
    assert label("school :(") == "negative"
    assert label("my carer :)") == "positive"


def test_nothing_means_opposite_things_after_opposite_questions() -> None:
    assert label("Nothing", "What should change?") == "positive"
    assert label("nothing.", "Is there anything we could do better?") == "positive"
    assert label("None", "What could be improved") == "positive"
    assert label("Nothing", "What is good?") == "negative"
    assert label("Nothing", "What did we do well?") == "negative"
    cues = sentiment_of("Nothing", "What should change?")[2]
    assert any(cue.startswith("question-context:") for cue in cues)


def test_without_a_question_a_bare_no_is_neutral() -> None:
    assert label("no") == "neutral"
    assert label("n/a") == "neutral"
    assert label("dunno") == "neutral"


def test_a_suggestion_after_what_should_change_reads_as_negative() -> None:
    assert label("More staff", "What could we do better?") == "negative"
    assert label("answer the phone quicker", "How could we improve?") == "negative"
    assert label("the staff were lovely", "How could we improve?") == "positive"


def test_labels_follow_the_polarity_thresholds() -> None:
    for text in ["I feel happy", "I hate it here", "I went to a meeting on Tuesday"]:
        polarity, lab, _ = sentiment_of(text)
        expected = "positive" if polarity >= 0.1 else "negative" if polarity <= -0.05 else "neutral"
        assert lab == expected
    assert label("I went to a meeting on Tuesday") == "neutral"


def test_polarity_stays_within_minus_one_and_one() -> None:
    for text in ["really really extremely brilliant amazing", "pure awfy horrible 😭😭😭"]:
        assert -1.0 <= sentiment_of(text)[0] <= 1.0


def test_batch_scoring_matches_single_scoring_and_keeps_order() -> None:
    texts = ["I feel safe", "", "nothing", "I am scared"]
    questions = [None, None, "What should change?", None]
    assert score_sentiment(texts, questions) == [
        sentiment_of(t, q) for t, q in zip(texts, questions, strict=True)
    ]
    assert [r[1] for r in score_sentiment(texts)] == [
        "positive",
        "neutral",
        "neutral",
        "negative",
    ]
