"""summarise(): percentage positive, group suppression, safe quotes, key phrases, the CLI."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli_summary
from analysis.phrases import key_phrases, names_a_person, phrase_sets
from analysis.summary import ALL, summarise

ROOT = Path(__file__).resolve().parents[2]
THEMES = ("wellbeing", "relationships", "process", "involvement", "leadership")


def closed_answers(rows: list[tuple[str, str, str, str | None, str]]) -> pd.DataFrame:
    """Rows of (response_id, age_band, option_key, polarity, status) for 'feel_safe'."""
    return pd.DataFrame(
        [
            {
                "response_id": rid,
                "survey": "children",
                "age_band": band,
                "question_key": "feel_safe",
                "question_type": "scale",
                "themes": "wellbeing",
                "option_key": option,
                "polarity": polarity,
                "status": status,
                "text": "",
            }
            for rid, band, option, polarity, status in rows
        ]
    )


def free_answers(texts: list[str], *, flagged: set[int] = frozenset(), label: str = "positive",
                 theme: str = "relationships", band: str = "12-17",
                 start: int = 0) -> pd.DataFrame:
    """Free-text answers that already carry the analysis columns."""
    rows = []
    for i, text in enumerate(texts):
        row = {
            "response_id": f"r{start + i}",
            "survey": "children",
            "age_band": band,
            "question_key": "anything_else",
            "question_type": "free_text",
            "themes": "",
            "option_key": "",
            "polarity": None,
            "status": "answered",
            "text": text,
            "sentiment_polarity": 0.5 if label == "positive" else -0.5,
            "sentiment_label": label,
            "safeguarding_flag": i in flagged,
            "evidence": "{}",
        }
        for name in THEMES:
            row[f"theme_{name}"] = name == theme
        rows.append(row)
    return pd.DataFrame(rows)


def question_row(summary, group: str = ALL) -> pd.Series:
    table = summary.questions
    dimension = ALL if group == ALL else "age_band"
    return table[(table["dimension"] == dimension) & (table["group"] == group)].iloc[0]


# --- percentage positive -------------------------------------------------------------------


def test_percentage_positive_leaves_skips_and_prefer_not_to_say_out_of_the_base() -> None:
    rows = [(f"p{i}", "12-17", "happy", "positive", "answered") for i in range(6)]
    rows += [(f"n{i}", "12-17", "sad", "negative", "answered") for i in range(2)]
    rows += [(f"u{i}", "12-17", "okay", "neutral", "answered") for i in range(2)]
    rows += [(f"x{i}", "12-17", "prefer_not_to_say", None, "prefer_not_to_say") for i in range(5)]
    rows += [(f"s{i}", "12-17", "", None, "skipped") for i in range(5)]
    summary = summarise(closed_answers(rows), by=("age_band",))
    overall = question_row(summary)
    assert overall["n"] == 10
    assert overall["pct_positive"] == 60.0
    assert overall["theme"] == "wellbeing"


def test_percentage_positive_leaves_does_not_apply_out_of_the_base() -> None:
    rows = [(f"p{i}", "12-17", "enough_support", "positive", "answered") for i in range(6)]
    rows += [(f"n{i}", "12-17", "no_support", "negative", "answered") for i in range(4)]
    rows += [(f"d{i}", "12-17", "not_kinship_carer", "does_not_apply", "answered") for i in range(20)]
    overall = question_row(summarise(closed_answers(rows), by=()))
    assert overall["n"] == 10
    assert overall["pct_positive"] == 60.0


def test_prefer_not_to_say_is_recognised_from_its_key_without_a_status_column() -> None:
    rows = [(f"p{i}", "12-17", "happy", "positive", "") for i in range(5)]
    rows += [(f"x{i}", "12-17", "prefer_not_to_say", None, "") for i in range(5)]
    answers = closed_answers(rows).drop(columns=["status"])
    overall = question_row(summarise(answers, by=()))
    assert overall["n"] == 5
    assert overall["pct_positive"] == 100.0


def test_a_respondent_counts_once_even_when_an_answer_is_duplicated() -> None:
    rows = [(f"p{i}", "12-17", "happy", "positive", "answered") for i in range(5)]
    rows += [("p0", "12-17", "happy", "positive", "answered")] * 3
    rows += [(f"n{i}", "12-17", "sad", "negative", "answered") for i in range(5)]
    overall = question_row(summarise(closed_answers(rows), by=()))
    assert overall["n"] == 10
    assert overall["pct_positive"] == 50.0


def test_multiple_choice_respondent_is_positive_when_any_chosen_option_is() -> None:
    answers = pd.DataFrame(
        [
            {"response_id": f"r{i}", "question_key": "helped_by",
             "question_type": "multiple_choice", "themes": ["relationships"],
             "option_key": ["teacher", "nobody"] if i < 3 else ["nobody"],
             "polarity": None, "status": "answered"}
            for i in range(8)
        ]
    ).explode("option_key", ignore_index=True)
    answers["polarity"] = answers["option_key"].map({"teacher": "positive", "nobody": "negative"})
    summary = summarise(answers, by=())
    overall = question_row(summary)
    assert overall["n"] == 8
    assert overall["pct_positive"] == 37.5


def test_questions_frame_supplies_themes_and_wording() -> None:
    rows = [(f"p{i}", "12-17", "happy", "positive", "answered") for i in range(5)]
    answers = closed_answers(rows).drop(columns=["themes"])
    questions = pd.DataFrame(
        {"survey": ["children"], "question_key": ["feel_safe"],
         "themes": [["wellbeing", "process"]], "text": ["Do you feel safe?"]}
    )
    table = summarise(answers, questions=questions, by=()).questions
    assert set(table["theme"]) == {"wellbeing", "process"}
    assert set(table["question"]) == {"Do you feel safe?"}


# --- suppression of groups -----------------------------------------------------------------


def test_group_under_five_is_withheld_and_cannot_be_recovered_from_the_total() -> None:
    rows = [(f"a{i}", "5-7", "happy", "positive", "answered") for i in range(3)]
    rows += [(f"b{i}", "8-11", "happy", "positive", "answered") for i in range(7)]
    rows += [(f"c{i}", "12-17", "sad", "negative", "answered") for i in range(20)]
    summary = summarise(closed_answers(rows), by=("age_band",))
    small = question_row(summary, "5-7")
    assert bool(small["withheld"])
    assert pd.isna(small["n"]) and pd.isna(small["pct_positive"])
    # With 5-7 hidden, publishing both other bands and the total would give it away.
    partner = question_row(summary, "8-11")
    assert bool(partner["withheld"])
    assert question_row(summary)["n"] == 30
    counts = summary.respondents
    band = counts[(counts["theme"] == ALL) & (counts["dimension"] == "age_band")]
    assert band.set_index("group")["withheld"].to_dict() == {
        "12-17": False, "5-7": True, "8-11": True,
    }


def test_every_figure_under_the_threshold_is_withheld() -> None:
    texts = [f"My worker is kind and listens to me number {i}" for i in range(4)]
    summary = summarise(free_answers(texts), by=("age_band",))
    for table, column in ((summary.respondents, "respondents"),
                          (summary.sentiment, "answers")):
        published = table[~table["withheld"]][column]
        assert ((published == 0) | (published >= 5)).all(), table
    assert summary.quotes.empty
    assert summary.phrases.empty


def test_threshold_can_be_raised() -> None:
    rows = [(f"p{i}", "12-17", "happy", "positive", "answered") for i in range(7)]
    assert not bool(question_row(summarise(closed_answers(rows), by=()))["withheld"])
    assert bool(question_row(summarise(closed_answers(rows), by=(), min_n=10))["withheld"])


def test_sentiment_counts_are_suppressed_on_respondents_not_answers() -> None:
    # Two people writing three answers each: six answers, but only two respondents.
    frame = free_answers(["The staff were kind to me today"] * 6)
    frame["response_id"] = ["a", "a", "a", "b", "b", "b"]
    summary = summarise(frame, by=())
    sentiment = summary.sentiment
    cell = sentiment[(sentiment["theme"] == ALL) & (sentiment["label"] == "positive")].iloc[0]
    assert bool(cell["withheld"])


# --- quotes --------------------------------------------------------------------------------

KIND = [
    "My worker is really kind and always listens to me",
    "The staff are kind and they listen to what I say",
    "My worker listens to me and is kind to my mum",
    "They are kind and they listen when I am upset",
    "My worker is kind and helps me when things are hard",
    "Everyone here is kind and they really listen to me",
]


def test_quotes_are_never_drawn_from_flagged_answers() -> None:
    texts = ["My worker is kind and listens but my dad hits me at home", *KIND]
    # Ask for more quotes than there are answers, so only the rule can keep one out.
    summary = summarise(free_answers(texts, flagged={0}), by=(), quotes=len(texts))
    assert not summary.quotes.empty
    assert texts[0] not in set(summary.quotes["text"])


def test_quotes_are_never_drawn_from_answers_that_name_a_person() -> None:
    named = [
        "My worker Sarah is kind and always listens to me",
        "my worker sarah is kind and listens",
        "Mrs Smith is kind and she listens to me",
        "The staff are kind, especially Kirsty who listens",
    ]
    summary = summarise(free_answers(named + KIND[:3]), by=(), quotes=10)
    quoted = set(summary.quotes["text"])
    assert quoted, "the unnamed answers should still be quotable"
    assert not quoted & set(named)


def test_quotes_pick_the_most_typical_answer_of_each_tone() -> None:
    positive = free_answers(KIND, label="positive")
    negative = free_answers(
        [
            "The meetings are too long and nobody listens",
            "Nobody listens to me at the meetings",
            "The meetings are boring and nobody listens to what I want",
            "I hate the meetings, nobody listens",
            "My hamster escaped on Tuesday afternoon",
        ],
        label="negative", theme="process", start=100,
    )
    summary = summarise(pd.concat([positive, negative], ignore_index=True), by=(), quotes=1)
    quotes = summary.quotes[summary.quotes["theme"] == ALL].set_index("sentiment")["text"]
    assert "listen" in quotes["positive"]
    assert "meetings" in quotes["negative"]


@pytest.mark.parametrize(
    "text",
    [
        "my worker Sarah is great",
        "my worker sarah is great",
        "Mr Jones shouted at me",
        "Dr. Patel was kind",
        "auntie jo looks after me",
        "I talked to Kirsty about it",
        "Kirsty helped me a lot",
        "I told JS about it",
        "her name is Amira and she is nice",
        "my keyworker, Tam, is sound",
    ],
)
def test_answers_naming_a_person_are_detected(text: str) -> None:
    assert names_a_person(text)


@pytest.mark.parametrize(
    "text",
    [
        "My social worker is really kind and she always comes",
        "I miss home",
        "Waiting over a year for CAMHS",
        "My Social Worker Is Great",
        "I HATE IT HERE",
        "I like going to the group on Thursdays",
    ],
)
def test_ordinary_answers_are_not_taken_for_names(text: str) -> None:
    assert not names_a_person(text)


# --- key phrases ---------------------------------------------------------------------------


def test_key_phrases_need_enough_respondents_and_skip_names() -> None:
    texts = ["I never get told what happens next at my review"] * 6 + [
        "my worker Sarah told me"] * 6
    pairs = list(zip(range(12), phrase_sets(texts), strict=True))
    found = {p for p, _, _ in key_phrases(pairs, top=20, min_respondents=5)}
    assert "happens next" in found
    assert not any("sarah" in p for p in found)
    assert key_phrases(pairs[:4], top=20, min_respondents=5) == []


def test_key_phrases_prefer_what_is_distinctive_of_a_theme() -> None:
    # "worker is kind" is as frequent in the target as "waiting list", but everyone says it.
    target = ["the waiting list is long and my worker is kind"] * 6
    other = ["my worker is kind"] * 20
    pairs_t = list(zip(range(6), phrase_sets(target), strict=True))
    pairs_b = pairs_t + list(zip(range(100, 120), phrase_sets(other), strict=True))
    best = key_phrases(pairs_t, pairs_b, top=1)[0][0]
    assert "list" in best
    assert "kind" not in best


# --- analysis columns ----------------------------------------------------------------------


def test_theme_responses_is_called_only_when_analysis_columns_are_missing(monkeypatch) -> None:
    import analysis

    calls: list[int] = []

    def fake(frame: pd.DataFrame) -> pd.DataFrame:
        calls.append(len(frame))
        out = pd.DataFrame(index=frame.index)
        for name in THEMES:
            out[f"theme_{name}"] = name == "process"
        out["sentiment_polarity"] = -0.5
        out["sentiment_label"] = "negative"
        out["safeguarding_flag"] = False
        out["evidence"] = "{}"
        return out

    monkeypatch.setattr(analysis, "theme_responses", fake, raising=False)
    full = free_answers(KIND)
    summarise(full, by=())
    assert calls == []
    bare = full.drop(columns=["sentiment_label"])
    summary = summarise(bare, by=())
    assert calls == [len(KIND)]
    sentiment = summary.sentiment
    negative = sentiment[(sentiment["theme"] == "process") & (sentiment["label"] == "negative")
                         & (sentiment["dimension"] == ALL)]
    assert negative["answers"].iloc[0] == len(KIND)


def test_missing_required_column_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="response_id"):
        summarise(pd.DataFrame({"question_key": ["q"]}), by=())
    with pytest.raises(ValueError, match="agency"):
        summarise(closed_answers([("a", "5-7", "happy", "positive", "answered")]),
                  by=("agency",))


def test_summary_is_json_able_and_marks_withheld_figures() -> None:
    rows = [(f"a{i}", "5-7", "happy", "positive", "answered") for i in range(3)]
    rows += [(f"c{i}", "12-17", "sad", "negative", "answered") for i in range(20)]
    summary = summarise(closed_answers(rows) , by=("age_band",))
    data = json.loads(summary.to_json())
    withheld = [q for q in data["questions"] if q["withheld"]]
    assert withheld and all(q["n"] is None and q["pct_positive"] is None for q in withheld)
    flat = summary.to_frame()
    assert (flat.loc[flat["withheld"] == 1, "value"] == "withheld (fewer than 5)").all()
    assert "withheld (fewer than 5)" in summary.to_text()


# --- command line --------------------------------------------------------------------------


def write_themed_csv(path: Path) -> Path:
    frame = free_answers(KIND + KIND[:2])
    columns = ["response_id", "age_band", "text", *[f"theme_{t}" for t in THEMES],
               "sentiment_polarity", "sentiment_label", "safeguarding_flag"]
    out = frame[columns].copy()
    for column in [*[f"theme_{t}" for t in THEMES], "safeguarding_flag"]:
        out[column] = out[column].astype(int)
    out.to_csv(path, index=False)
    return path


def run_cli(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    cli_summary.add_parser(parser.add_subparsers())
    args = parser.parse_args(["summary", *argv])
    return args.func(args), "", ""


def bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    undecodable = tmp_path / "latin1.csv"
    undecodable.write_bytes("text\nça va pas\n".encode("latin-1"))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text("id;text\n1;hello\n", encoding="utf-8")
    good = write_themed_csv(tmp_path / "good.csv")
    return {
        "missing file": ([str(tmp_path / "nope.csv")], "no such file"),
        "undecodable bytes": ([str(undecodable)], "not UTF-8"),
        "empty file": ([str(empty)], "empty"),
        "wrong delimiter": ([str(semicolons)], "semicolons"),
        "missing column": ([str(good), "--text-column", "answer"], "no column named 'answer'"),
        "missing group column": ([str(good), "--by", "agency"], "no column named 'agency'"),
    }


@pytest.mark.parametrize(
    "case",
    ["missing file", "undecodable bytes", "empty file", "wrong delimiter", "missing column",
     "missing group column"],
)
def test_summary_command_rejects_bad_input_with_one_line_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, expected = bad_inputs(tmp_path)[case]
    code, _, _ = run_cli(*argv)
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_summary_command_reads_a_bom_file_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_themed_csv(tmp_path / "themed.csv")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    out = tmp_path / "out.json"
    code, _, _ = run_cli(str(bom), "--by", "age_band", "--format", "json", "-o", str(out))
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    overall = [r for r in data["respondents"] if r["theme"] == ALL and r["dimension"] == ALL]
    assert overall[0]["respondents"] == len(KIND) + 2


def test_summary_command_prints_a_readable_text_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_themed_csv(tmp_path / "themed.csv")
    assert run_cli(str(source))[0] == 0
    out = capsys.readouterr().out
    assert "Relationships" in out
    assert "Typical positive answers" in out


def _has_main() -> bool:
    return (ROOT / "analysis" / "__main__.py").exists()


@pytest.mark.skipif(not _has_main(), reason="analysis/__main__.py has not landed yet")
@pytest.mark.parametrize(
    "case",
    ["missing file", "undecodable bytes", "empty file", "wrong delimiter", "missing column"],
)
def test_python_m_analysis_summary_rejects_bad_input_without_traceback(
    case: str, tmp_path: Path
) -> None:
    argv, expected = bad_inputs(tmp_path)[case]
    result = subprocess.run(  # noqa: S603 - the test's own interpreter and arguments
        [sys.executable, "-m", "analysis", "summary", *argv],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
