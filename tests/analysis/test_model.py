"""The learnt model: trained from the package's own examples, it refines but never hides."""

from __future__ import annotations

import json

import pandas as pd

from analysis import model, theme_responses, training
from analysis.pipeline import analyse_chunk


def test_the_shipped_weights_were_learnt_from_the_shipped_examples_and_lexicons():
    # Anyone who adds examples or edits a lexicon must retrain: python -m analysis model train
    from analysis.__main__ import main

    assert main(["model", "check"]) == 0


def test_every_example_file_follows_the_labelling_format():
    frame, _ = training.read_examples()
    assert len(frame) >= 1500
    assert set(frame["sentiment"]) == {"positive", "neutral", "negative"}
    for column in (*model.THEMES, "safeguarding"):
        assert set(frame[column]) <= {"0", "1"}, column
    assert frame["text"].str.strip().ne("").all()


def test_the_chunk_scoring_matches_the_training_features():
    learnt = model.load()
    cases = [
        (["my", "worker", "is", "nice", "to", "me"], "child", ["relationships"], "positive", 0.5, False),
        (["he", "hits", "me"], "unknown", [], "negative", -0.99, True),
        ([], "staff", [], "neutral", 0.0, False),
        (["why", "was", "it", "moved"], "parent", ["process"], "negative", -0.3, False, True),
        (["worker", "worker", "is", "is", "kind"], "nobody", ["wellbeing", "leadership"], "neutral", 0.13,
         False),
        (["sad"], "child", [], "negative", -0.125, False),
    ]
    expected = learnt.probabilities([model.answer_features(*case) for case in cases])
    bits = [sum(1 << model.THEMES.index(t) for t in case[2]) for case in cases]
    found = learnt.chunk_probabilities(
        [case[0] for case in cases],
        [case[1] for case in cases],
        bits,
        [case[3] for case in cases],
        [case[4] for case in cases],
        [case[5] for case in cases],
        [case[6] if len(case) > 6 else False for case in cases],
    )
    assert found.shape == expected.shape
    assert abs(found - expected).max() < 1e-12


def test_the_model_never_lowers_a_flag_the_lexicon_raised():
    texts = ["my dad hits me", "i want to kill myself", "nobody feeds us at home"]
    lexicon = analyse_chunk(texts, ["child"] * 3, None, use_model=False)
    refined = analyse_chunk(texts, ["child"] * 3, None)
    assert list(lexicon["safeguarding_flag"]) == [True, True, True]
    assert list(refined["safeguarding_flag"]) == [True, True, True]


EVENT_TONE = [
    ("contact got cancelled again and nobody phoned to tell me", "negative"),
    ("she drove me to my new school on the first day and waited till i went in", "positive"),
    ("I found out about the case conference from a letter two days before", "negative"),
    ("we had the core group at our house so the kids could be there", "positive"),
    ("three different managers since january", "negative"),
    ("my worker came to my football final", "positive"),
    ("had to tell my story to five different people", "negative"),
    ("the reporter explained everything before the hearing", "positive"),
]


def accuracy(labels: list[str]) -> float:
    return sum(got == want for got, (_, want) in zip(labels, EVENT_TONE, strict=True)) / len(EVENT_TONE)


def test_tone_carried_by_events_is_read_better_with_the_model():
    texts = [text for text, _ in EVENT_TONE]
    refined = analyse_chunk(texts, ["unknown"] * len(texts), None)["sentiment_label"]
    lexicon = analyse_chunk(texts, ["unknown"] * len(texts), None, use_model=False)["sentiment_label"]
    assert accuracy(refined) >= 0.75
    assert accuracy(refined) > accuracy(lexicon)


def test_the_lexicons_reading_against_the_question_stands():
    frame = pd.DataFrame({
        "text": ["Nothing", "Nothing"],
        "question": ["What should change?", "What is good about the help you get?"],
    })
    result = theme_responses(frame)
    assert list(result["sentiment_label"]) == ["positive", "negative"]


def test_evidence_says_when_the_model_decided():
    answer = "we had the core group at our house so the kids could be there"
    result = theme_responses(pd.DataFrame({"text": [answer]}))
    evidence = json.loads(result["evidence"].iloc[0])
    assert any(cue.startswith("model:") for cue in evidence["sentiment"])


def test_without_weights_the_lexicons_still_answer(monkeypatch):
    monkeypatch.setattr(model, "load", lambda: None)
    result = analyse_chunk(["my worker listens to me"], ["child"], None)
    assert bool(result["theme_relationships"][0]) is True


def test_an_answer_asks_a_question_by_its_mark_or_its_opening_words() -> None:
    from analysis.model import asks_question

    assert asks_question("Who reads these?")
    assert asks_question("can we get a pool table")
    assert asks_question("Why do I need a worker")
    assert asks_question("is there a group for dads")
    assert not asks_question("when i went to my review it was fine")
    assert not asks_question("what helped was my worker")
    assert not asks_question("")
