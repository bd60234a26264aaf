"""Load the lexicon data files that ship inside the package."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# The package's data folder.
DATA = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> dict[str, Any]:
    """Return the parsed YAML file ``analysis/data/<name>``."""
    text = resources.files("analysis").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"analysis/data/{name} must hold a mapping")
    return data


def lines(block: str | None) -> list[str]:
    """Split a block of one pattern a line, skipping blanks and # comments."""
    if not block:
        return []
    out = []
    for raw in block.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def words(block: str | None) -> frozenset[str]:
    """Split a block of whitespace-separated words into a set."""
    return frozenset((block or "").split())
