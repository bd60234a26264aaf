"""theme_responses(): the output contract and what the theme lexicon finds."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import OUTPUT_COLUMNS, THEME_COLUMNS, pipeline, theme_responses


def _themes(text: str, **extra: str) -> set[str]:
    out = theme_responses(pd.DataFrame({"text": [text], **{k: [v] for k, v in extra.items()}}))
    return {c.removeprefix("theme_") for c in THEME_COLUMNS if out.iloc[0][c]}


def test_columns_types_and_a_non_default_index_are_kept() -> None:
    frame = pd.DataFrame(
        {"text": ["My worker is kind", "", "the meeting was too long", "  "]},
        index=pd.Index([42, 7, 3, 99], name="answer_id"),
    )
    out = theme_responses(frame)
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert out.index.equals(frame.index)
    for column in (*THEME_COLUMNS, "safeguarding_flag"):
        assert out[column].dtype == bool
    assert out["sentiment_polarity"].dtype == float
    assert out["sentiment_label"].dtype == object and out["evidence"].dtype == object
    assert set(out["sentiment_label"]) <= {"positive", "neutral", "negative"}
    assert out.loc[42, "theme_relationships"]
    assert out.loc[3, "theme_process"]
    for empty in (7, 99):
        row = out.loc[empty]
        assert not row[list(THEME_COLUMNS)].any()
        assert row["sentiment_label"] == "neutral"
        assert row["sentiment_polarity"] == 0.0
        assert not row["safeguarding_flag"]
        assert json.loads(row["evidence"]) == {}


def test_string_index_and_missing_values() -> None:
    frame = pd.DataFrame({"text": ["I feel safe", None, float("nan")]}, index=["c", "a", "b"])
    out = theme_responses(frame)
    assert list(out.index) == ["c", "a", "b"]
    assert out.loc["c", "theme_wellbeing"]
    assert not out.loc[["a", "b"], list(THEME_COLUMNS)].to_numpy().any()


def test_empty_frame() -> None:
    out = theme_responses(pd.DataFrame({"text": pd.Series([], dtype=object)}))
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert len(out) == 0


def test_missing_text_column_raises() -> None:
    with pytest.raises(KeyError):
        theme_responses(pd.DataFrame({"answer": ["hi"]}))


def test_evidence_names_the_words_for_each_theme_and_the_flag() -> None:
    out = theme_responses(pd.DataFrame({"text": ["my worker never listens and my dad hits me"]}))
    evidence = json.loads(out.iloc[0]["evidence"])
    assert "relationships" in evidence
    assert any("hits me" in item for item in evidence["safeguarding"])
    assert "wellbeing" in evidence  # a possible disclosure is always about wellbeing
    assert "process" not in evidence


def test_unknown_respondents_are_analysed_as_unknown() -> None:
    frame = pd.DataFrame({"text": ["self harm is a problem round here"] * 3,
                          "respondent": ["unknown", "martian", None]})
    out = theme_responses(frame)
    assert out["safeguarding_flag"].nunique() == 1
    assert out["evidence"].nunique() == 1


def test_general_talk_of_self_harm_is_no_lexicon_disclosure_from_staff_or_unknown() -> None:
    # Staff write about self-harm in general; an unknown respondent with no "I" or "my" is
    # not a disclosure either. (The learnt model may still ask a person to read it.)
    from analysis.pipeline import analyse_chunk

    out = analyse_chunk(["self harm is a problem round here"] * 2, ["staff", "unknown"], None,
                        use_model=False)
    assert list(out["safeguarding_flag"]) == [False, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I feel safe at my grans house", {"wellbeing"}),
        ("I don't feel happy at all", {"wellbeing"}),
        ("ma worker is pure sound, she gets me", {"relationships"}),
        ("I dinnae like the meetings", {"process"}),
        ("nobody listens to me", {"involvement"}),
        ("I feel like I'm not listened to", {"involvement"}),
        ("I get a say in my plan", {"involvement", "process"}),
        ("I've had 4 different social workers this year", {"relationships"}),
        ("still waiting for CAMHS after a year", {"wellbeing", "process"}),
        ("my line manager gives good supervision", {"leadership"}),
        ("caseloads are far too high", {"leadership"}),
        ("no complaints", set()),
        ("nothing to add", set()),
        ("dunno", set()),
        ("I'm feart at night and cannae sleep", {"wellbeing"}),
        ("I was asked to help interview new staff", {"involvement"}),
        ("The advocacy worker helped me say what I wanted at my hearing", {"involvement", "process"}),
        ("the school and social work don't talk to each other", {"process"}),
    ],
)
def test_themes(text: str, expected: set[str]) -> None:
    assert _themes(text) == expected


def test_a_misspelling_is_read_as_the_word() -> None:
    assert "process" in _themes("I had no idea about the apointment")


def test_the_process_pool_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["my worker is kind", "", "I want to kill myself", "the plan was late"] * 30
    frame = pd.DataFrame({"text": texts}, index=range(1000, 1000 + len(texts)))
    in_process = theme_responses(frame, workers=1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ROWS", 10)
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 7)
    steps: list[int] = []
    pooled = theme_responses(frame, workers=2, progress=steps.append)
    pd.testing.assert_frame_equal(in_process, pooled)
    assert sum(steps) == len(texts)


def test_the_model_tone_cue_is_the_formatted_value() -> None:
    import math
    import random

    import numpy as np

    rng = random.Random(5)
    values = [rng.uniform(-1, 1) for _ in range(50_000)]
    values += [k / 200 for k in range(-200, 201)]  # every half-way point of the hundredths
    values += [math.nextafter(v, d) for v in values[-401:] for d in (-1.0, 1.0)]
    values += [0.0, -0.0, -0.001, 0.001, 1.0, -1.0, 1.5, -2.0, float("nan")]
    cues = pipeline.tone_cues(np.array(values))
    assert cues == [f"model: {v:+.2f}" for v in values]


def test_evidence_is_written_as_json_would_write_it() -> None:
    import json

    for evidence in [
        {"wellbeing": ["safe"]},
        {"process": ["plan", "review meeting"], "sentiment": ["good", "model: +0.40"]},
        {"safeguarding": ['he said "shh"', "back\\slash"], "sentiment": ["tab\there"]},
    ]:
        assert pipeline.encode_evidence(evidence) == json.dumps(evidence, ensure_ascii=False)
    assert pipeline.encode_evidence({}) == "{}"


def test_the_pool_reads_respondents_and_questions_as_one_process_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each chunk cleans its own rows: odd respondents and blank questions must read the same.
    texts = ["Nothing", "my worker is kind", None, "I want to kill myself", "the plan was late"] * 24
    frame = pd.DataFrame(
        {
            "text": texts,
            "respondent": [" Child", "PARENT", None, "teacher", float("nan"), "staff"] * 20,
            "question": ["What should change?", "  ", None, "What was good?"] * 30,
        }
    )
    in_process = theme_responses(frame, workers=1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ROWS", 10)
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 8)
    pd.testing.assert_frame_equal(in_process, theme_responses(frame, workers=2))
    one_by_one = [
        pipeline.analyse_answer(t, r if isinstance(r, str) else None, q)
        for t, r, q in zip(frame["text"], frame["respondent"], frame["question"], strict=True)
    ]
    assert list(in_process["sentiment_label"]) == [a["sentiment_label"] for a in one_by_one]
    assert list(in_process["evidence"]) == [a["evidence"] for a in one_by_one]


def test_chunks_cover_every_row_once_and_end_small() -> None:
    cases = [(0, 2), (1, 2), (20_000, 2), (45_001, 2), (1_000_000, 2), (99_999, 1), (123_457, 4)]
    for rows, workers in cases:
        bounds = pipeline._chunk_bounds(rows, workers)
        covered = [i for start, stop in bounds for i in range(start, stop)]
        assert covered == list(range(rows))
        assert all(stop - start <= pipeline.CHUNK_ROWS for start, stop in bounds)
        if workers > 1 and rows > 2 * workers * pipeline.CHUNK_ROWS:
            assert bounds[-1][1] - bounds[-1][0] <= pipeline.CHUNK_ROWS // 4


def test_one_answer_with_missing_values_from_pandas_never_raises() -> None:
    nan = float("nan")
    for text, respondent, question, language in [
        (nan, nan, nan, nan), (None, None, None, None), ("my dad hits me", nan, nan, nan), (3, 4, 5, 6),
    ]:
        result = pipeline.analyse_answer(text, respondent, question, language)
        assert set(result) >= {*pipeline.THEME_COLUMNS, "safeguarding_flag", "evidence"}
    assert pipeline.analyse_answer("my dad hits me", nan, nan, nan)["safeguarding_flag"] is True


def test_words_looked_up_once_find_what_the_matchers_find_themselves() -> None:
    # The pipeline looks each word up once for the speller and both matchers (pipeline.Word);
    # the finders must find the same as when they look the words up themselves.
    from analysis import safeguarding, themes
    from analysis.text import tokens

    texts = ["My worker is kind but the plan was late", "my dad hits me and i feel unsafe at home",
             "nobody asked me what I wanted at the reviw", "", "I'm feart at night and cannae sleep"]
    for text in texts:
        found, flags, _, toks = pipeline.read_with_lexicons(text, "child")
        assert list(toks) == pipeline.answer_tokens(text) == pipeline._speller().fix(tokens(text))
        expected = themes.find_themes(toks)
        assert flags == safeguarding.find_disclosures(toks, "child")
        if flags and "wellbeing" not in expected:
            expected["wellbeing"] = ["possible disclosure"]
        assert found == expected
