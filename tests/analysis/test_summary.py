"""summarise(): percentage positive, group suppression, safe quotes, key phrases, the CLI."""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from itertools import chain, product
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from analysis import cli_summary
from analysis.phrases import key_phrases, names_a_person, phrase_sets, typicality
from analysis.summary import ALL, _round_places, quotable, summarise
from analysis.suppression import primary_mask, secondary_mask

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


# --- every cell at once, against a straightforward reference -------------------------------
#
# summarise() counts every cell, theme and tone with numpy at once. The reference below counts
# them the obvious way, one group at a time, from the raw answers, and suppresses each table
# with the public functions of analysis.suppression; key phrases and quotes come from
# phrases.key_phrases and phrases.typicality called cell by cell.

SENTENCES = [
    "my worker is kind and listens to me", "the meeting was too long",
    "nobody told me what happens next", "I feel safe now at home",
    "my worker Sarah is kind", "the review was too long and boring",
    "I feel safe now", "my social workers listen to me", "the meetings were too long",
    "call me on 07700 900123", "my dad hits me", "ok",
]


def random_answers(seed: int) -> pd.DataFrame:
    """A small inspection: choice and free-text answers, gaps, repeats and small groups."""
    rng = random.Random(seed)
    rows = []
    people = rng.randint(0, 45)
    for _ in range(people):
        base = {"response_id": f"r{rng.randint(0, people)}",
                "survey": rng.choice(["children", "parents"]),
                "age_band": rng.choice(["5-7", "8-11", "12-17", ""]),
                "agency": rng.choice(["sw", "health", "", "police"])}
        for key, qtype, themes in (("q1", "scale", "wellbeing"),
                                   ("q2", "single_choice", "relationships;process"),
                                   ("q3", "multiple_choice", "")):
            roll = rng.random()
            if roll < 0.1:
                chosen = [("", None, "skipped")]
            elif roll < 0.25:
                chosen = [("prefer_not_to_say", None, "prefer_not_to_say")]
            else:
                chosen = [(o, rng.choice(["positive", "neutral", "negative", None]), "answered")
                          for o in rng.sample("abcd", rng.randint(1, 3)
                                              if qtype == "multiple_choice" else 1)]
            rows += [{**base, "question_key": key, "question_type": qtype, "themes": themes,
                      "option_key": o, "polarity": p, "status": s, "text": ""}
                     for o, p, s in chosen]
        for key in ("good", "change"):
            if rng.random() < 0.8:
                row = {**base, "question_key": key, "question_type": "free_text",
                       "themes": rng.choice(["process", "", "wellbeing;leadership"]),
                       "option_key": "", "polarity": None, "status": "answered",
                       "text": rng.choice(SENTENCES) + rng.choice(["", "", " really", "."]),
                       "sentiment_polarity": 0.0,
                       "sentiment_label": rng.choice(["positive", "neutral", "negative"]),
                       "safeguarding_flag": rng.random() < 0.1}
                row.update({f"theme_{t}": rng.random() < 0.3 for t in THEMES})
                rows.append(row)
    columns = ["response_id", "survey", "age_band", "agency", "question_key", "question_type",
               "themes", "option_key", "polarity", "status", "text", "sentiment_polarity",
               "sentiment_label", "safeguarding_flag", *[f"theme_{t}" for t in THEMES]]
    return pd.DataFrame(rows, columns=columns)


def reference_cells(answers: pd.DataFrame, by: tuple[str, ...]) -> tuple[dict, list]:
    """Each respondent's group (first non-empty value) and the (dimension, group) cells."""
    groups: dict[str, dict[str, str]] = {}
    for _, row in answers.iterrows():
        mine = groups.setdefault(row["response_id"], {})
        for dim in by:
            value = str(row[dim]).strip()
            if value and dim not in mine:
                mine[dim] = value
    for mine in groups.values():
        for dim in by:
            mine.setdefault(dim, "not recorded")
    cells = [(ALL, ALL)]
    for dim in by:
        present = {g[dim] for g in groups.values()}
        cells += [(dim, g) for g in sorted(present - {"not recorded"})]
        cells += [(dim, "not recorded")] if "not recorded" in present else []
    return groups, cells


def in_cell(groups: dict, rid: str, cell: tuple[str, str]) -> bool:
    return cell[0] == ALL or groups[rid][cell[0]] == cell[1]


def rows_where(frame: pd.DataFrame, flags: list[bool]) -> pd.DataFrame:
    return frame[np.array(flags, dtype=bool)]


def reference_withheld(table: pd.DataFrame, keys: list[str], column: str | None, by: tuple,
                       min_n: int, total_column: str | None = None) -> list[bool]:
    """Suppress each table as the first version of summarise did, with the public functions."""
    table = table.assign(_column=table[column] if column else "count")
    withheld = pd.Series(False, index=table.index)
    for _, part in table.groupby(keys, sort=False):
        value = part.pivot_table(index=["dimension", "group"], columns="_column",
                                 values="value", aggfunc="sum", sort=False)
        basis = part.pivot_table(index=["dimension", "group"], columns="_column",
                                 values="basis", aggfunc="sum", sort=False)
        shared = None
        while True:
            masks = {}
            for dim in by or (ALL,):
                rows = [i for i in value.index if i[0] in (dim, ALL)]
                first = primary_mask(basis.loc[rows], min_n)
                if shared is not None:
                    first.loc[(ALL, ALL)] |= shared
                masks[dim] = secondary_mask(value.loc[rows], first, total_row=(ALL, ALL),
                                            total_col=total_column)
            union = pd.concat([m.loc[[(ALL, ALL)]] for m in masks.values()]).any()
            if shared is not None and union.equals(shared):
                break
            shared = union
        for i in part.index:
            key = (part.at[i, "dimension"], part.at[i, "group"])
            mask = shared if key == (ALL, ALL) else masks[key[0]].loc[key]
            withheld[i] = bool(mask[part.at[i, "_column"]])
    return withheld.tolist()


def reference_summary(answers: pd.DataFrame, by: tuple, min_n: int, top: int) -> dict:
    """Every table of summarise(), computed group by group."""
    groups, cells = reference_cells(answers, by)
    closed = answers[answers["question_type"] != "free_text"]
    closed = closed[closed["status"] == "answered"]
    free = answers[(answers["question_type"] == "free_text") & (answers["status"] == "answered")]
    free = free[free["text"].str.strip() != ""].copy()
    free["theme_list"] = [
        [t for t in THEMES if row[f"theme_{t}"]] or [t for t in row["themes"].split(";") if t]
        for _, row in free.iterrows()]
    seen = {t for themes in answers["themes"] for t in themes.split(";")}
    order = [ALL] + [t for t in THEMES if t in seen | set(chain(*free["theme_list"]))]
    tables = {}

    people = []
    for theme in order:
        for cell in cells:
            who = {r for r in groups if in_cell(groups, r, cell) and (
                theme == ALL
                or any(theme in t.split(";") for t in closed.loc[closed["response_id"] == r,
                                                                  "themes"])
                or any(theme in t for t in free.loc[free["response_id"] == r, "theme_list"]))}
            people.append({"theme": theme, "dimension": cell[0], "group": cell[1],
                           "value": len(who), "basis": len(who)})
    people = pd.DataFrame(people)
    people["withheld"] = reference_withheld(people, ["theme"], None, by, min_n)
    tables["respondents"] = people

    questions = []
    for qid in answers.loc[answers["question_type"] != "free_text", ["survey", "question_key"]
                           ].drop_duplicates().itertuples(index=False, name=None):
        mine = closed[(closed["survey"] == qid[0]) & (closed["question_key"] == qid[1])]
        verdict = mine.groupby("response_id")["polarity"].agg(lambda p: (p == "positive").any())
        for cell in cells:
            inside = [r for r in verdict.index if in_cell(groups, r, cell)]
            n = len(inside)
            questions.append({"qid": qid, "dimension": cell[0], "group": cell[1], "value": n,
                              "basis": n, "pct": np.round(100 * verdict[inside].sum() / n, 1)
                              if n else np.nan})
    questions = pd.DataFrame(questions)
    if len(questions):
        questions["withheld"] = reference_withheld(questions, ["qid"], None, by, min_n)
    tables["questions"] = questions

    tones = []
    for theme in order:
        for label, cell in product(("positive", "neutral", "negative", "total"), cells):
            mine = rows_where(free, [in_cell(groups, r, cell) and (theme == ALL or theme in t)
                                     for r, t in zip(free["response_id"], free["theme_list"],
                                                     strict=True)])
            picked = mine if label == "total" else mine[mine["sentiment_label"] == label]
            tones.append({"theme": theme, "dimension": cell[0], "group": cell[1],
                          "label": label, "value": len(picked),
                          "basis": picked["response_id"].nunique()})
    tones = pd.DataFrame(tones)
    tones["withheld"] = reference_withheld(tones, ["theme"], "label", by, min_n, "total")
    tables["sentiment"] = tones
    published = {(r["theme"], r["dimension"], r["group"], r["label"])
                 for _, r in tones.iterrows() if not r["withheld"] and r["value"] > 0}

    phrase_rows, quote_rows = [], []
    for cell in cells:
        mine = rows_where(free, [in_cell(groups, r, cell) for r in free["response_id"]])
        usable = mine[~mine["safeguarding_flag"].astype(bool)]
        background = list(zip(usable["response_id"], phrase_sets(usable["text"].tolist()),
                              strict=True))
        for theme in order:
            if (theme, *cell, "total") in published:
                target = [pair for pair, t in zip(background, usable["theme_list"], strict=True)
                          if theme == ALL or theme in t]
                found = key_phrases(target, None if theme == ALL else background, top=top,
                                    min_respondents=min_n)
                phrase_rows += [(theme, *cell, rank, p, n, s)
                                for rank, (p, n, s) in enumerate(found, start=1)]
            for tone in ("positive", "negative"):
                if (theme, *cell, tone) not in published:
                    continue
                pool = rows_where(mine, [(theme == ALL or theme in t) and label == tone for t, label
                                         in zip(mine["theme_list"], mine["sentiment_label"],
                                                strict=True)])
                ranked = sorted(zip(typicality(pool["text"].tolist()), range(len(pool)),
                                    strict=True), key=lambda s: (-s[0], s[1]))
                seen: set[str] = set()
                for score, k in ranked:
                    text, flag = pool["text"].iloc[k], bool(pool["safeguarding_flag"].iloc[k])
                    normal = " ".join(text.lower().split())
                    if quotable(text, flag) and normal not in seen and len(seen) < top:
                        seen.add(normal)
                        quote_rows.append((theme, *cell, tone, len(seen), text.strip(),
                                           score, pool.index[k]))
    tables["phrases"] = sorted(phrase_rows)
    tables["quotes"] = sorted(quote_rows)
    return tables


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # shrinking takes minutes
@given(
    seed=st.integers(0, 10**6),
    by=st.sampled_from([(), ("survey",), ("age_band", "agency"),
                        ("survey", "age_band", "agency")]),
    min_n=st.integers(1, 5),
    top=st.integers(1, 4),
)
def test_every_table_matches_a_group_by_group_reference(
    seed: int, by: tuple[str, ...], min_n: int, top: int
) -> None:
    answers = random_answers(seed)
    summary = summarise(answers, by=by, min_n=min_n, quotes=top, phrases=top)
    expected = reference_summary(answers, by, min_n, top)

    people = expected["respondents"]
    got = summary.respondents
    assert got[["theme", "dimension", "group"]].values.tolist() == \
        people[["theme", "dimension", "group"]].values.tolist()
    assert got["withheld"].tolist() == people["withheld"].tolist()
    assert got["respondents"].tolist() == [
        pd.NA if w else v for v, w in zip(people["value"], people["withheld"], strict=True)]

    questions = expected["questions"]
    got = summary.questions.drop_duplicates(["survey", "question_key", "dimension", "group"])
    assert got["withheld"].tolist() == list(questions.get("withheld", []))
    assert got["n"].tolist() == [pd.NA if w else v for v, w in zip(
        questions.get("value", []), questions.get("withheld", []), strict=True)]
    assert [None if pd.isna(v) else v for v in got["pct_positive"]] == [
        None if w or pd.isna(p) else p for p, w in zip(
            questions.get("pct", []), questions.get("withheld", []), strict=True)]

    tones = expected["sentiment"]
    got = summary.sentiment
    assert got["withheld"].tolist() == tones["withheld"].tolist()
    assert got["answers"].tolist() == [
        pd.NA if w else v for v, w in zip(tones["value"], tones["withheld"], strict=True)]

    phrases = sorted(tuple(r) for r in summary.phrases.itertuples(index=False))
    assert phrases == expected["phrases"]
    quotes = sorted(tuple(r) for r in summary.quotes.itertuples(index=False))
    assert quotes == expected["quotes"]


def test_scores_are_rounded_exactly_as_python_rounds_them() -> None:
    # Typicality and phrase scores are rounded with numpy for every cell at once; halves and
    # near-halves (2.675 is just below one in binary) must come out as round() gives them.
    rng = random.Random(7)
    values = [rng.random() * 10 ** rng.randint(-3, 5) for _ in range(20_000)]
    values += [k / 2000 for k in range(20_000)] + [k / 2e6 for k in range(20_000)]
    values += [2.675, 0.0005, 1.0005, 2.5e-7, 0.1234565]
    for places in (3, 6):
        rounded, _ = _round_places(np.array(values), places)
        assert rounded.tolist() == [round(v, places) for v in values]
