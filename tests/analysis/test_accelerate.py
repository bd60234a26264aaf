"""The compiled build of the hot modules: used only while it matches its sources, and never
different in what it finds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import accelerate

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "eval" / "dev_themes.csv"
FIXTURE = Path(__file__).with_name("fixtures") / "holdout_answers.csv"


def _fake_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make a package folder with every hot module and a matching build of each."""
    package = tmp_path / "analysis"
    build = package / "_compiled"
    build.mkdir(parents=True)
    suffix = accelerate.importlib.machinery.EXTENSION_SUFFIXES[0]
    modules = {}
    for name in accelerate.HOT_MODULES:
        source = package / f"{name}.py"
        source.write_text(f"NAME = {name!r}\n", encoding="utf-8")
        (build / f"{name}{suffix}").write_bytes(b"")
        modules[name] = {"file": f"{name}{suffix}", "source_sha256": accelerate._digest(source)}
    (build / "manifest.json").write_text(json.dumps({"modules": modules}), encoding="utf-8")
    monkeypatch.setattr(accelerate, "PACKAGE", package)
    monkeypatch.setattr(accelerate, "BUILD", build)
    monkeypatch.setattr(accelerate, "MANIFEST", build / "manifest.json")
    monkeypatch.delenv(accelerate.DISABLE, raising=False)
    return package


def test_a_build_that_matches_its_sources_is_used(tmp_path, monkeypatch):
    _fake_build(tmp_path, monkeypatch)
    found = accelerate.compiled_modules()
    assert set(found) == {f"analysis.{name}" for name in accelerate.HOT_MODULES}


def test_an_edited_source_is_never_shadowed_by_an_old_build(tmp_path, monkeypatch):
    package = _fake_build(tmp_path, monkeypatch)
    (package / "patterns.py").write_text("NAME = 'edited'\n", encoding="utf-8")
    # All or none: the plain modules load, every one of them.
    assert accelerate.compiled_modules() == {}


def test_the_plain_modules_load_when_asked_or_when_there_is_no_build(tmp_path, monkeypatch):
    _fake_build(tmp_path, monkeypatch)
    monkeypatch.setenv(accelerate.DISABLE, "1")
    assert accelerate.compiled_modules() == {}
    monkeypatch.delenv(accelerate.DISABLE)
    (accelerate.MANIFEST).unlink()
    assert accelerate.compiled_modules() == {}


def _theme(source: Path, out: Path, pure: bool) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(accelerate.DISABLE, None)
    if pure:
        env[accelerate.DISABLE] = "1"
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c",
         "import sys; from analysis import accelerate; from analysis.__main__ import main; "
         "status = main(sys.argv[1:]); print(accelerate.in_use()); sys.exit(status)",
         "theme", str(source), "-o", str(out)],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(not accelerate.compiled_modules(), reason="no up-to-date compiled build here")
def test_the_compiled_build_finds_exactly_what_the_plain_modules_find(tmp_path):
    source = DEV if DEV.exists() else FIXTURE
    assert _theme(source, tmp_path / "compiled.csv", pure=False) == "True"
    assert _theme(source, tmp_path / "plain.csv", pure=True) == "False"
    compiled = (tmp_path / "compiled.csv").read_bytes()
    assert compiled == (tmp_path / "plain.csv").read_bytes()
    assert compiled.count(b"\n") > 50
