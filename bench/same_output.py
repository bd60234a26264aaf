"""Check that a change to the analysis leaves its output exactly as it was.

    .venv/bin/python bench/same_output.py record-tests DIR   # frames the summary tests use
    .venv/bin/python bench/same_output.py save DIR           # before the change
    .venv/bin/python bench/same_output.py compare DIR        # after it: every difference

``save`` writes, under DIR, the full output of the current code on fixed inputs; ``compare``
computes it again and compares every column of every row exactly (dtypes included):

- ``summarise`` (every table and ``to_frame()``) on the inspection frame of
  ``bench/summary_bench.py`` grouped three ways, on 40 random frames built like the suite's
  (``random_answers`` of tests/analysis/test_summary.py) and on every frame the summary tests
  summarised (``record-tests`` collects them first; optional);
- ``theme_responses`` on the dev set, the NHS comments, the package's examples and 100,000
  synthetic answers (themes, sentiment, flags and the evidence JSON);
- ``phrases.phrase_sets`` (the phrases in iteration order) and ``phrases.name_spans`` on the
  free-text answers of the inspection frame and the dev set.

Quote scores sum over sets, so both runs need the same ``PYTHONHASHSEED``: the script sets 0
and re-runs itself when it is not set. Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

EVAL = ROOT.parent.parent / "shared" / "eval"
if not EVAL.exists():  # a checkout next to shared/ rather than in a worktree folder
    EVAL = ROOT.parent / "shared" / "eval"
LABELLED = {
    "dev_themes": EVAL / "dev_themes.csv",
    "nhs_fft_v6": EVAL / "external" / "nhs_fft_v6.csv",
    "examples": ROOT / "analysis" / "data" / "examples.csv",
}
SYNTHETIC_ROWS = 100_000
RANDOM_FRAMES = 40
RECORDED = "test_frames.pkl"


def _labelled(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    keep = [c for c in ("text", "respondent", "question") if c in frame.columns]
    return frame[keep]


def _summary_cases(directory: Path) -> Iterator[tuple[str, pd.DataFrame, dict[str, Any]]]:
    """Yield (name, answers, keyword arguments) for every summary compared."""
    from summary_bench import BY, inspection_answers

    inspection = inspection_answers(10_000, 2026)
    yield "inspection-by-all", inspection, {"by": BY}
    yield "inspection-by-survey", inspection, {"by": ("survey",)}
    yield "inspection-overall-min3", inspection, {"by": (), "min_n": 3, "quotes": 4}
    sys.path.insert(0, str(ROOT / "tests" / "analysis"))
    from test_summary import random_answers

    bys = [(), ("survey",), ("age_band", "agency"), ("survey", "age_band", "agency")]
    for seed in range(RANDOM_FRAMES):
        yield (f"random-{seed}", random_answers(seed),
               {"by": bys[seed % 4], "min_n": 1 + seed % 5, "quotes": 1 + seed % 4,
                "phrases": 1 + seed % 4})
    recorded = directory / RECORDED
    if recorded.exists():
        for number, (answers, kwargs) in enumerate(pickle.loads(recorded.read_bytes())):
            yield f"test-frame-{number}", answers, kwargs


def _summary_output(answers: pd.DataFrame, kwargs: dict[str, Any]) -> dict[str, Any]:
    from analysis.summary import summarise

    try:
        summary = summarise(answers, **kwargs)
    except ValueError as error:
        return {"error": str(error)}
    return {**summary.tables(), "to_frame": summary.to_frame(), "themes": summary.themes}


def _texts(directory: Path) -> list[str]:
    """Free-text answers whose phrases and name spans are compared."""
    from summary_bench import inspection_answers

    inspection = inspection_answers(10_000, 2026)
    texts = inspection.loc[inspection["text"].fillna("") != "", "text"].tolist()
    return texts + _labelled(LABELLED["dev_themes"])["text"].tolist()


def outputs(directory: Path, only: str = "") -> Iterator[tuple[str, Any]]:
    """Yield (name, output) of every case whose name starts with ``only``, computed by the
    code as it is now."""
    from synthetic import synthetic_answers

    from analysis import phrases, theme_responses

    if "summary/".startswith(only[:8]):
        for name, answers, kwargs in _summary_cases(directory):
            if f"summary/{name}".startswith(only):
                yield f"summary/{name}", _summary_output(answers, kwargs)
    if "themes/".startswith(only[:7]):
        for name, path in LABELLED.items():
            if f"themes/{name}".startswith(only):
                yield f"themes/{name}", theme_responses(_labelled(path))
        if "themes/synthetic".startswith(only):
            synthetic = synthetic_answers(SYNTHETIC_ROWS, 2026)[["text", "respondent", "question"]]
            yield "themes/synthetic", theme_responses(synthetic)
    if "phrases/".startswith(only[:8]):
        texts = _texts(directory)
        yield "phrases/name_spans", [phrases.name_spans(t) for t in texts]
        yield "phrases/phrase_sets", [list(s) for s in phrases.phrase_sets(texts)]


def _differences(before: Any, after: Any) -> list[str]:
    """Describe how ``after`` differs from ``before`` (empty when identical)."""
    if isinstance(before, dict) and isinstance(after, dict):
        if before.keys() != after.keys():
            return [f"keys {sorted(before)} != {sorted(after)}"]
        return [f"{key}: {d}" for key in before for d in _differences(before[key], after[key])]
    if isinstance(before, pd.DataFrame) and isinstance(after, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(before, after, check_exact=True)
        except AssertionError as error:
            return [str(error).replace("\n", " | ")[:2000]]
        return []
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [f"item {i}: {b!r} != {a!r}"
                for i, (b, a) in enumerate(zip(before, after, strict=True)) if b != a][:20]
    return [] if before == after else [f"{before!r:.300} != {after!r:.300}"]


def _file(directory: Path, name: str) -> Path:
    return directory / (name.replace("/", "__") + ".pkl")


def save(directory: Path, only: str = "") -> int:
    directory.mkdir(parents=True, exist_ok=True)
    for name, value in outputs(directory, only):
        _file(directory, name).write_bytes(pickle.dumps(value))
        print(f"saved {name}", flush=True)
    return 0


def compare(directory: Path, only: str = "") -> int:
    failed = 0
    for name, value in outputs(directory, only):
        path = _file(directory, name)
        if not path.exists():
            print(f"NOT SAVED {name}")
            failed += 1
            continue
        found = _differences(pickle.loads(path.read_bytes()), value)
        print(f"{'same' if not found else 'DIFFERENT'} {name}", flush=True)
        for line in found[:20]:
            print(f"    {line}")
        failed += bool(found)
    print(f"{failed} case(s) differ" if failed else "every case identical")
    return 1 if failed else 0


def record_tests(directory: Path, only: str = "") -> int:
    """Run the summary tests with summarise wrapped, keeping each frame and its arguments."""
    directory.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SAME_OUTPUT_RECORD": str(directory / RECORDED)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "same_output",
               "tests/analysis/test_summary.py", "-k", "not command and not python_m"]
    return subprocess.call(command, cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT / "bench")})


# --- the pytest plugin that record-tests loads (-p same_output) ---------------------------

_recorded: list[tuple[pd.DataFrame, dict[str, Any]]] = []


def pytest_configure(config: Any) -> None:
    if not os.environ.get("SAME_OUTPUT_RECORD"):
        return
    import analysis.summary

    original: Callable[..., Any] = analysis.summary.summarise

    def recording(answers: pd.DataFrame, **kwargs: Any) -> Any:
        _recorded.append((answers.copy(), dict(kwargs)))
        return original(answers, **kwargs)

    analysis.summary.summarise = recording  # the test module imports it after this


def pytest_unconfigure(config: Any) -> None:
    target = os.environ.get("SAME_OUTPUT_RECORD")
    if target:
        Path(target).write_bytes(pickle.dumps(_recorded))
        print(f"\nrecorded {len(_recorded)} frames in {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record-tests", "save", "compare"])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--only", default="", help="cases whose name starts so, e.g. summary/")
    args = parser.parse_args(argv)
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        return subprocess.call([sys.executable, *sys.argv], env=env)
    action = {"record-tests": record_tests, "save": save, "compare": compare}[args.action]
    return action(args.directory.resolve(), args.only)


if __name__ == "__main__":
    sys.exit(main())
