"""Learning from more labelled answers (``model train --extra``) and scoring with such a model
(``ANALYSIS_MODEL``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import analyse_answer, model, training
from analysis.__main__ import main

ROUND5 = training.TRAINING / "round5_misreadings.csv"
ROUND4 = training.TRAINING / "round4_tone.csv"


@pytest.fixture
def fresh_model_load():
    """Let each test read its own weights, and the next test the package's again."""
    model.load.cache_clear()
    yield
    model.load.cache_clear()


@pytest.fixture
def small_examples(monkeypatch):
    """Train on one small example file, so that the command runs in seconds."""
    monkeypatch.setattr(training, "example_files", lambda: [ROUND5])


def test_train_with_extra_reports_both_sides_and_writes_outside_the_package(
    small_examples, tmp_path, capsys
):
    extra = tmp_path / "corrected.csv"
    # Without a respondent column, as some labelled files are: read as unknown respondents.
    corrected = pd.read_csv(ROUND4, keep_default_na=False, dtype=str).head(60)
    corrected.drop(columns="respondent").to_csv(extra, index=False)
    out = tmp_path / "instance" / "model.json"
    assert main(["model", "train", "--extra", str(extra), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "without extra   with extra" in printed
    assert "extra answers (60)" in printed
    for figure in ("macro-F1", "sentiment accuracy", "safeguarding recall", "safeguarding precision"):
        assert printed.count(figure) >= 2, figure
    weights = json.loads(out.read_text(encoding="utf-8"))
    assert weights["targets"] == list(model.TARGETS)
    assert weights["inputs_sha256"] != training.inputs_digest()


def test_a_model_from_extra_answers_is_never_written_into_the_package(tmp_path, capsys):
    extra = tmp_path / "corrected.csv"
    pd.read_csv(ROUND4, keep_default_na=False, dtype=str).head(5).to_csv(extra, index=False)
    inside = Path(model.__file__).parent / "data" / "from_answers.json"
    assert main(["model", "train", "--extra", str(extra), "--out", str(inside)]) == 2
    assert "never written into the package" in capsys.readouterr().err
    assert not inside.exists()


def test_a_badly_labelled_extra_file_gets_one_line_and_exit_2(small_examples, tmp_path, capsys):
    extra = tmp_path / "corrected.csv"
    frame = pd.read_csv(ROUND4, keep_default_na=False, dtype=str).head(3)
    frame.loc[1, "sentiment"] = "cross"
    frame.to_csv(extra, index=False)
    assert main(["model", "train", "--extra", str(extra), "--out", str(tmp_path / "m.json")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "line 3: sentiment is 'cross'" in err


def test_thresholds_take_the_lowest_point_of_a_flat_f1_top():
    # 200 answers with the theme, sure of it; one without, at 0.22. F1 is 1.0 from 0.25 up and
    # 0.9975 at 0.2: within the tolerance, so the lower threshold is kept for unseen answers.
    truth = np.array([1] * 200 + [0])
    y = np.zeros((201, len(model.TARGETS)), dtype=int)
    y[:, 0] = truth
    y[:, model.TARGETS.index("safeguarding")] = truth
    out = np.zeros(y.shape)
    out[:, 0] = np.where(truth == 1, 0.9, 0.22)
    features = [["lexpol:0", "lex:neutral"]] * 201
    thresholds, _, _ = training.choose_settings(out, y, features, 0.97)
    assert thresholds[model.THEMES[0]] == 0.2


def test_analysis_model_names_the_weights_to_score_with(fresh_model_load, monkeypatch, tmp_path):
    answer = "my worker listens to me"
    assert analyse_answer(answer, respondent="child")["theme_relationships"] is True
    weights = json.loads(model.WEIGHTS.read_text(encoding="utf-8"))
    weights["thresholds"]["relationships"] = 1.01  # this model never keeps the theme
    configured = tmp_path / "model.json"
    configured.write_text(json.dumps(weights), encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_MODEL", str(configured))
    model.load.cache_clear()
    assert model.weights_path() == configured
    assert analyse_answer(answer, respondent="child")["theme_relationships"] is False


def test_a_configured_model_that_is_missing_is_reported(fresh_model_load, monkeypatch, tmp_path):
    monkeypatch.setenv("ANALYSIS_MODEL", str(tmp_path / "gone.json"))
    with pytest.raises(FileNotFoundError, match="ANALYSIS_MODEL names"):
        model.load()


def test_without_analysis_model_the_package_weights_are_used(fresh_model_load, monkeypatch):
    monkeypatch.delenv("ANALYSIS_MODEL", raising=False)
    assert model.weights_path() == model.WEIGHTS
