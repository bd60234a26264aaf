"""Compile the analysis's hot modules with Cython, and load them only while they match their sources.

Theming a million answers is Python-level work on short strings (sets, dicts, small loops).
Cython compiles the very same source files to C extension modules, which run that work about a
quarter faster; nothing is rewritten, so the plain Python files stay the one definition of what
the analysis does. ``make compile`` (run by ``make run``, ``make test`` and ``make bench``) builds
them into ``analysis/_compiled/``, which is not committed.

At import, :func:`install` puts a finder in front of the normal one that serves a compiled
module only when its recorded source digest still matches the ``.py`` file beside it, so an
edited source is never shadowed by an old build. Without a build (no C compiler, another
platform) or with ``ANALYSIS_PURE_PYTHON=1`` in the environment, the plain modules load as usual
and give the same results, only slower.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
BUILD = PACKAGE / "_compiled"
MANIFEST = BUILD / "manifest.json"
# The modules a million answers pass through; the rest (command line, summaries) gain nothing.
HOT_MODULES = (
    "text", "spelling", "patterns", "themes", "safeguarding", "sentiment", "model", "model_loop",
    "pipeline",
)
DISABLE = "ANALYSIS_PURE_PYTHON"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _CompiledFinder(importlib.abc.MetaPathFinder):
    """Find ``analysis.<name>`` in the compiled build when the build matches its source."""

    def __init__(self, modules: dict[str, Path]) -> None:
        self.modules = modules

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        compiled = self.modules.get(fullname)
        if compiled is None:
            return None
        return importlib.util.spec_from_file_location(fullname, compiled)


def compiled_modules() -> dict[str, Path]:
    """Return the compiled modules that are up to date with their sources, by full name."""
    if os.environ.get(DISABLE, "").strip() not in ("", "0") or not MANIFEST.exists():
        return {}
    try:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found: dict[str, Path] = {}
    for name, entry in manifest.get("modules", {}).items():
        library = BUILD / str(entry.get("file", ""))
        source = PACKAGE / f"{name}.py"
        if (
            name in HOT_MODULES
            and library.name.endswith(suffixes)
            and library.exists()
            and source.exists()
            and entry.get("source_sha256") == _digest(source)
        ):
            found[f"{PACKAGE.name}.{name}"] = library
    # All or none: a compiled module calling an edited plain one is still correct, but a
    # partial set makes the speed depend on which files were touched last.
    return found if len(found) == len(HOT_MODULES) else {}


def install() -> bool:
    """Serve the compiled modules from now on, if an up-to-date build exists; say whether."""
    if any(isinstance(f, _CompiledFinder) for f in sys.meta_path):
        return True
    modules = compiled_modules()
    if not modules:
        return False
    sys.meta_path.insert(0, _CompiledFinder(modules))
    return True


def in_use() -> bool:
    """Return whether the hot modules now loaded are the compiled ones."""
    loaded = [sys.modules.get(f"{PACKAGE.name}.{name}") for name in HOT_MODULES]
    return all(
        module is not None
        and str(getattr(module, "__file__", "")).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
        for module in loaded
    )


def build() -> int:
    """Compile the hot modules into analysis/_compiled and record their sources' digests."""
    try:
        from Cython.Build import cythonize
        from setuptools import Extension, setup
    except ImportError as exc:
        print(f"cannot compile the analysis: {exc.name} is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        extensions = [
            Extension(f"{PACKAGE.name}.{name}", [str(PACKAGE / f"{name}.py")]) for name in HOT_MODULES
        ]
        setup(
            name="analysis-compiled",
            packages=[],
            py_modules=[],
            ext_modules=cythonize(
                extensions,
                build_dir=str(work / "c"),
                compiler_directives={"language_level": 3, "binding": True},
                quiet=True,
            ),
            script_args=[
                "--quiet", "build_ext", "--build-lib", str(work / "lib"),
                "--build-temp", str(work / "tmp"), "--parallel", str(os.cpu_count() or 1),
            ],
        )
        if BUILD.exists():
            shutil.rmtree(BUILD)
        BUILD.mkdir()
        modules = {}
        for name in HOT_MODULES:
            [library] = (work / "lib" / PACKAGE.name).glob(f"{name}.*")
            shutil.copy2(library, BUILD / library.name)
            modules[name] = {
                "file": library.name,
                "source_sha256": _digest(PACKAGE / f"{name}.py"),
            }
    MANIFEST.write_text(
        json.dumps({"python": sys.version.split()[0], "modules": modules}, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"compiled {len(modules)} analysis modules into {BUILD.relative_to(PACKAGE.parent)}")
    return 0

