"""The sentiment scorer's named steps, each read on its own: the opening read against the
question, negation, intensity, clauses and contrast."""

from __future__ import annotations

import pytest

from analysis import sentiment
from analysis.sentiment import _CTX_GOOD, _CTX_IMPROVE, _CTX_MIXED, _CTX_NONE, _Reading, read_opening


def _read(text: str, context: int = _CTX_NONE) -> _Reading:
    reading = _Reading(sentiment._tokens(text), context)
    reading.read()
    return reading


def test_the_opening_reads_nothing_against_the_question() -> None:
    improve = read_opening("nothing, all very good", _CTX_IMPROVE)
    assert (improve.rest, improve.total, improve.weight) == (", all very good", 0.6, 1.0)
    assert improve.cues == ("question-context:nothing after what should change",)
    good = read_opening("nothing really", _CTX_GOOD)
    assert (good.total, good.weight, good.score) == (-0.6, 1.0, None)
    assert read_opening("nothing", _CTX_MIXED).score == (
        0.0, "neutral", ["question-context:nothing after a mixed question"],
    )
    # "nothing was done" is a complaint, not an answer of "nothing".
    assert read_opening("nothing was done", _CTX_IMPROVE) == read_opening("nothing was done", _CTX_NONE)
    assert read_opening("nothing was done", _CTX_NONE).rest == "nothing was done"


def test_the_opening_settles_a_no_opinion_answer_and_reads_everything_by_question() -> None:
    assert read_opening("dunno", _CTX_NONE).score == (0.0, "neutral", ["no-opinion"])
    everything = read_opening("everything!", _CTX_GOOD)
    assert (everything.total, everything.weight, everything.score) == (0.6, 1.0, None)
    assert read_opening("everything", _CTX_IMPROVE).total == -0.5
    assert read_opening("everything", _CTX_NONE) == (("everything", 0.0, 0.0, (), None))


def test_a_negator_turns_the_next_sentiment_word_within_its_reach() -> None:
    assert _read("happy").total == pytest.approx(0.7)
    negated = _read("not happy")
    assert negated.total == pytest.approx(0.7 * sentiment._NEGATE_POSITIVE)
    assert negated.cues == ["negated:happy"]
    # "not bad" is milder praise than "good".
    assert _read("not rude").total == pytest.approx(-0.7 * sentiment._NEGATE_NEGATIVE)
    # Beyond its reach the negator no longer turns the word; it reads as a complaint instead.
    far = _read("not that it was ever happy")
    assert far.cues == ["happy", "negation:not"]


def test_a_negator_with_no_sentiment_word_is_held_until_its_clause_ends() -> None:
    reading = _Reading(sentiment._tokens("nobody phoned me. kind"), _CTX_NONE)
    reading.negator(sentiment._TABLE["nobody"], 0)
    assert (reading.weight, reading.held_cues) == (0.0, [])  # pending: a word may still follow
    reading.end_negation_scope()
    assert reading.held_cues == ["negation:nobody"] and reading.weight == 0.0  # held
    reading.clause_break(sentiment._PUNCT)
    assert reading.cues == ["negation:nobody"]
    assert reading.total == pytest.approx(sentiment._TABLE["nobody"].value)
    assert _read("nobody phoned me. kind").cues == ["negation:nobody", "kind"]


def test_an_intensifier_scales_the_next_sentiment_word_and_two_multiply() -> None:
    assert _read("really good").total == pytest.approx(0.7 * 1.5)
    assert _read("really good").cues == ["good(x1.5)"]
    assert _read("really very good").total == pytest.approx(0.7 * 1.5 * 1.3)
    # A clause break ends an intensifier's reach.
    assert _read("really. good").cues == ["good"]


def test_but_shrinks_what_came_before_and_although_weakens_its_own_clause() -> None:
    contrast = _read("kind but rude")
    assert contrast.cues == ["kind", "but-clause", "rude"]
    assert contrast.total == pytest.approx(0.6 * sentiment._BEFORE_BUT - 0.7)
    assert contrast.weight == pytest.approx(sentiment._BEFORE_BUT + 1.0)
    concession = _read("although rude, kind")
    assert concession.cues == ["concession", "rude", "kind"]
    assert concession.total == pytest.approx(-0.7 * 0.5 + 0.6)


def test_each_clause_starts_afresh_a_negator_does_not_cross_a_full_stop() -> None:
    reading = _read("not. happy")
    assert "negated:happy" not in reading.cues and "happy" in reading.cues


def test_a_negated_comparative_reads_as_nothing_to_improve() -> None:
    asked = _read("could be more helpful", _CTX_IMPROVE)
    assert asked.cues == ["suggestion:could", "suggestion:more", "requested:helpful"]
    negated = _read("could not be more helpful", _CTX_IMPROVE)
    assert negated.flipped and negated.cues == ["suggestion:could", "negated:more", "helpful"]
    assert sentiment.sentiment_of("Couldn't ask for more", "What could be better?")[1] == "positive"


def test_a_wish_reads_the_praise_and_the_more_after_it_as_missing() -> None:
    wished = _read("i wish they had listened")
    assert wished.total < 0
    assert "wished:listened" in wished.cues
    more = _read("i wish i could see my gran more")
    assert more.total < 0 and "wished:more" in more.cues
    # The next clause is read on its own.
    after = _read("i wish it was sooner. but she is lovely")
    assert after.cues[-1] == "kid:lovely" or after.cues[-1].endswith("lovely")
    assert _read("should have told us earlier").total < 0


def test_not_sure_is_no_opinion_and_keep_doing_is_content() -> None:
    assert sentiment.sentiment_of("not sure, i only started in may")[1] == "neutral"
    assert sentiment.sentiment_of("Keep doing what you are doing")[1] == "positive"
    # A request asked of nothing in particular is neutral; after "what could be better?" it
    # is a suggestion, which reads as a complaint.
    assert sentiment.sentiment_of("Keep the same worker")[1] == "neutral"
    assert sentiment.sentiment_of("Keep the same worker", "What could be better?")[1] == "negative"
    assert sentiment.sentiment_of("nothing needs changing")[1] == "positive"
    assert sentiment.sentiment_of("I don't know where we'd be without them")[1] == "positive"


def test_sarcasm_opened_by_an_aside_reads_negative() -> None:
    assert sentiment.sentiment_of("yeah great, the visit got postponed")[1] == "negative"
    assert sentiment.sentiment_of("aye right, another form")[1] == "negative"
    assert sentiment.sentiment_of("yeah great, she is lovely")[1] == "positive"


def test_a_complaint_that_turns_with_but_now_reads_as_better() -> None:
    turned = _read("i was lonely but now i go to a club")
    assert "turn:now" in turned.cues and turned.total > 0
    # Only a complaint turns: praise followed by "but now" is not made better.
    assert "turn:now" not in _read("it was good but now its rubbish").cues
    # "used to" weakens the sentiment word it reaches.
    assert _read("i used to be scared").total == pytest.approx(_read("i am scared").total * 0.5)


def test_having_nothing_more_to_say_is_no_opinion() -> None:
    for text in ("i don't have any other comments", "i havent got anything else to add"):
        assert read_opening(text, _CTX_NONE).score == (0.0, "neutral", ["no-opinion"]), text
    # A complaint that opens the same way is read on.
    assert read_opening("i dont have any support", _CTX_NONE).score is None
