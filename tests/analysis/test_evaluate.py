"""The evaluate command and the metrics behind it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.evaluate import evaluate, render

FIXTURE = Path(__file__).parent / "fixtures" / "labelled_small.csv"
ROOT = Path(__file__).resolve().parents[2]


def _labels(**columns: list) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "text": ["x"] * n,
        "wellbeing": [0] * n,
        "relationships": [0] * n,
        "process": [0] * n,
        "involvement": [0] * n,
        "leadership": [0] * n,
        "sentiment": ["neutral"] * n,
        "safeguarding": [0] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


def _predicted(n: int, **columns: list) -> pd.DataFrame:
    base = {f"theme_{t}": [False] * n for t in
            ("wellbeing", "relationships", "process", "involvement", "leadership")}
    base.update(sentiment_label=["neutral"] * n, safeguarding_flag=[False] * n)
    base.update(columns)
    return pd.DataFrame(base)


def test_metrics_are_computed_from_counts() -> None:
    labels = _labels(wellbeing=[1, 1, 0, 0], sentiment=["positive", "negative", "neutral", "neutral"],
                     safeguarding=[1, 0, 0, 1])
    predicted = _predicted(
        4,
        theme_wellbeing=[True, False, True, False],
        sentiment_label=["positive", "positive", "neutral", "neutral"],
        safeguarding_flag=[True, True, False, False],
    )
    result = evaluate(labels, predicted)
    wellbeing = result["themes"]["wellbeing"]
    assert (wellbeing["precision"], wellbeing["recall"], wellbeing["f1"]) == (0.5, 0.5, 0.5)
    # Themes with nothing labelled and nothing predicted score 1.0, not 0/0.
    assert result["themes"]["process"]["f1"] == 1.0
    assert result["macro_f1"] == pytest.approx((0.5 + 1 + 1 + 1) / 4)
    assert result["sentiment_accuracy"] == 0.75
    assert result["safeguarding"]["recall"] == 0.5
    assert result["safeguarding"]["precision"] == 0.5
    assert result["safeguarding"]["missed"] == ["4"]


def test_a_theme_never_predicted_scores_zero() -> None:
    labels = _labels(involvement=[1, 1])
    result = evaluate(labels, _predicted(2))
    assert result["themes"]["involvement"] == {
        "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 2, "predicted": 0
    }


def test_render_names_every_figure() -> None:
    text = render(evaluate(_labels(wellbeing=[1]), _predicted(1)), "x.csv")
    for needle in ("x.csv", "wellbeing", "leadership", "macro-F1", "sentiment accuracy",
                   "safeguarding recall", "precision"):
        assert needle in text


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "analysis", *args],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )


def test_evaluate_command_on_the_fixture() -> None:
    done = _run("evaluate", str(FIXTURE))
    assert done.returncode == 0, done.stderr
    assert "labelled_small.csv: 8 answers" in done.stdout
    assert "safeguarding recall: 1.000" in done.stdout
    assert "macro-F1" in done.stdout


def test_evaluate_json_is_one_object_with_every_figure() -> None:
    done = _run("evaluate", str(FIXTURE), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["answers"] == 8
    assert set(result["themes"]) == {
        "wellbeing", "relationships", "process", "involvement", "leadership"
    }
    assert result["safeguarding"]["recall"] == 1.0
    assert result["safeguarding"]["precision"] == 1.0
    assert result["macro_f1"] >= 0.9
    assert 0.0 <= result["sentiment_accuracy"] <= 1.0


def test_evaluate_ignores_extra_columns_and_uses_question(tmp_path: Path) -> None:
    frame = pd.read_csv(FIXTURE, keep_default_na=False)
    frame.insert(1, "source", "somewhere")
    frame["question"] = "What could we do better?"
    frame = frame.drop(columns=["respondent"])
    path = tmp_path / "external.csv"
    frame.to_csv(path, index=False)
    done = _run("evaluate", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answers"] == 8


def test_evaluate_without_labels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("id,text\n1,hello\n", encoding="utf-8")
    done = _run("evaluate", str(path))
    assert done.returncode == 2
    assert "wellbeing" in done.stderr
    assert "Traceback" not in done.stderr
