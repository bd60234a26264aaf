"""``python -m analysis theme``: the output file, and one clear line for every bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import cli

ROOT = Path(__file__).resolve().parents[2]
NEW_COLUMNS = [
    "theme_wellbeing", "theme_relationships", "theme_process", "theme_involvement",
    "theme_leadership", "sentiment_polarity", "sentiment_label", "safeguarding_flag", "evidence",
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "analysis", *args],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_theme_keeps_input_columns_then_adds_the_analysis(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(
        "\ufeffid,answer,respondent,extra\n"
        "1,My worker is kind and listens to me,child,a\n"
        "2,n/a,parent,b\n"
        "3,my dad hits me,child,c\n"
        "4,,staff,d\n".encode()
    )
    out = tmp_path / "out.csv"
    done = _run("theme", str(source), "-o", str(out), "--text-column", "answer")
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["id", "answer", "respondent", "extra", *NEW_COLUMNS]
    rows = _read(out)
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[1]["answer"] == "n/a"  # not turned into a missing value
    assert rows[0]["theme_relationships"] == "1"
    assert rows[2]["safeguarding_flag"] == "1"
    assert {r["safeguarding_flag"] for r in rows} <= {"0", "1"}
    assert rows[3]["sentiment_label"] == "neutral"
    assert json.loads(rows[2]["evidence"])["safeguarding"]


def test_every_row_comes_out_even_blank_ones(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nI feel safe\n   \nNone\n\nNA\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    done = _run("theme", str(source), "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = _read(out)
    assert [r["text"] for r in rows] == ["I feel safe", "   ", "None", "", "NA"]
    assert [r["theme_wellbeing"] for r in rows] == ["1", "0", "0", "0", "0"]


def test_theme_refuses_to_overwrite_an_output_column(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text,sentiment_label\nhello,positive\n", encoding="utf-8")
    done = _run("theme", str(source), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 2
    assert "sentiment_label" in done.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"id,text\n1,caf\xe9\n", "not UTF-8"),
        (b"id;text\n1;hello\n", "semicolons"),
        (b"id\ttext\n1\thello\n", "tabs"),
        (b"id,answer\n1,hello\n", "no column named 'text'"),
        (b'id,text\n1,"unclosed\n', "not a valid comma-separated file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes | None, message: str) -> None:
    source = tmp_path / "in.csv"
    if content is not None:
        source.write_bytes(content)
    done = _run("theme", str(source), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 2, done.stdout
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_directory_is_bad_input(tmp_path: Path) -> None:
    done = _run("theme", str(tmp_path), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 2
    assert "directory" in done.stderr


def test_an_unwritable_output_is_bad_input(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nhello\n", encoding="utf-8")
    done = _run("theme", str(source), "-o", str(tmp_path / "missing" / "out.csv"))
    assert done.returncode == 2
    assert "cannot write" in done.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\n" + "my worker is kind\n" * 6000, encoding="utf-8")
    done = _run("theme", str(source), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_help_lists_every_command() -> None:
    done = _run("--help")
    assert done.returncode == 0
    for command in ("theme", "summary", "evaluate"):
        assert command in done.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_for_large_input_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    update, close = cli._progress(10)
    assert update is None
    close()
    assert terminal.getvalue() == ""
    update, close = cli._progress(cli.PROGRESS_MIN_ROWS)
    assert update is not None
    update(cli.PROGRESS_MIN_ROWS)
    close()
    assert "answers" in terminal.getvalue()
