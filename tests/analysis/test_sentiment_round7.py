"""Round-7 reading rules: harm words that name a topic, requests, not knowing what a thing is,
need stated strongly, and questions or answers that weigh both sides read neutral."""

from __future__ import annotations

import json

import pandas as pd

from analysis import sentiment, theme_responses


def test_a_harm_word_that_names_a_training_or_tool_has_no_tone() -> None:
    for text in [
        "The neglect toolkit is used by every school",
        "domestic abuse and trauma training for all staff",
        "a course on neglect and self harm",
        "we learnt to spot signs of abuse",
    ]:
        _, label, cues = sentiment.sentiment_of(text)
        assert label == "neutral", (text, cues)
        assert any(cue.startswith("topic:") for cue in cues), cues
    # The harm itself still reads as harm, and a list stops at the first word that is not one.
    assert sentiment.sentiment_of("my dad abuses me and hits me")[1] == "negative"
    assert sentiment.sentiment_of("my dad hits me, the team were useless")[1] == "negative"
    assert sentiment.sentiment_of("the abuse training was great")[1] == "positive"


def test_a_request_asked_of_nothing_in_particular_is_neutral() -> None:
    assert sentiment.sentiment_of("More joint training with health would help")[1] == "neutral"
    assert sentiment.sentiment_of("Could we have the review after school")[1] == "neutral"
    # After "what could be better?" the same words are a suggestion, a complaint.
    asked = sentiment.sentiment_of("More joint training with health would help", "What could we do better?")
    assert asked[1] == "negative"
    # A word of its own tone that opens an answer is no request ("waiting lists ...").
    assert sentiment.sentiment_of("Waiting lists leave children in crisis")[1] == "negative"


def test_not_knowing_is_no_opinion_but_not_knowing_what_happens_is_a_complaint() -> None:
    for text in ["I dont know", "i don't know really", "not sure tbh", "I have no idea"]:
        assert sentiment.sentiment_of(text) == (0.0, "neutral", ["no-opinion"]), text
    assert sentiment.sentiment_of("i dont know what a core group is")[1] == "neutral"
    assert sentiment.sentiment_of("no idea whats happening with my case")[1] == "negative"


def test_need_stated_strongly_and_doubt_are_complaints() -> None:
    assert sentiment.sentiment_of("Self-harm training for teachers is badly needed")[1] == "negative"
    assert sentiment.sentiment_of("I'm not convinced the new plan changes anything")[1] == "negative"
    assert sentiment.sentiment_of("my review was on the day they said")[1] == "positive"


def test_a_question_or_an_answer_that_weighs_both_sides_reads_neutral() -> None:
    texts = [
        "Why does the worker phone the school without telling me first?",  # sharp words, a question
        "why do i need a worker when my pals dont",  # a question without a question mark
        "How good the plans are varies a lot from team to team",  # weighs both sides
        "Why is my dad allowed to hit me?",  # a disclosure stays negative
    ]
    out = theme_responses(pd.DataFrame({"text": texts, "respondent": ["parent", "child", "staff", "child"]}))
    assert out["sentiment_label"].tolist() == ["neutral", "neutral", "neutral", "negative"]
    assert out["safeguarding_flag"].tolist() == [False, False, False, True]
    cues = [json.loads(e)["sentiment"] for e in out["evidence"]]
    assert cues[0][-1] == "question: neutral" and cues[2][-1] == "hedged: neutral", cues
    assert abs(out["sentiment_polarity"].iloc[0]) < 0.14
