"""The same answers give the same output, evidence included, in every process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "analysis" / "fixtures" / "holdout_answers.csv"


def theme_with_hash_seed(seed: str, output: Path) -> bytes:
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "analysis", "theme", str(FIXTURE), "-o", str(output)],
        cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed},
    )
    return output.read_bytes()


def test_evidence_does_not_depend_on_the_hash_seed(tmp_path):
    assert theme_with_hash_seed("1", tmp_path / "a.csv") == theme_with_hash_seed("2", tmp_path / "b.csv")
