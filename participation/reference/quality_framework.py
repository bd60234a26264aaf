"""The inspection's aims and quality framework, read from quality_framework.yaml (plain Python, no Flask).

The file lists the quality indicators that survey questions may name and the six-point scale an
inspector evaluates an indicator on. Keeping both as data lets the framework change without a
code change; the survey loader refuses an indicator that is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

FRAMEWORK_FILE = Path(__file__).with_name("quality_framework.yaml")


@dataclass(frozen=True)
class QualityIndicator:
    """One quality indicator: its number (e.g. "2.1"), title, and whether the report evaluates it."""

    number: str
    title: str
    evaluated: bool


@dataclass(frozen=True)
class Aim:
    """One of the inspection's four aims."""

    number: int
    statement: str


@dataclass(frozen=True)
class Grade:
    """One point of the six-point scale: 6 (Excellent) to 1 (Unsatisfactory)."""

    value: int
    name: str
    summary: str
    meaning: str


@dataclass(frozen=True)
class QualityFramework:
    """The indicators known to this project (of ``indicator_count``) and the evaluation scale."""

    indicator_count: int
    indicators: tuple[QualityIndicator, ...]
    scale: tuple[Grade, ...]
    aims: tuple[Aim, ...] = ()

    def indicator(self, number: str) -> QualityIndicator:
        """Return the indicator with this number; raise KeyError if the framework has none."""
        for indicator in self.indicators:
            if indicator.number == number:
                return indicator
        raise KeyError(number)

    @property
    def numbers(self) -> tuple[str, ...]:
        """Return the numbers of the listed indicators, in order."""
        return tuple(indicator.number for indicator in self.indicators)

    def grade(self, value: int) -> Grade:
        """Return the point of the scale with this value; raise KeyError if there is none."""
        for grade in self.scale:
            if grade.value == value:
                return grade
        raise KeyError(value)


class FrameworkError(ValueError):
    """The framework file is broken; the message says what is wrong."""


def _indicator(raw: object) -> QualityIndicator:
    if not isinstance(raw, dict) or not isinstance(raw.get("number"), str) or not raw.get("title"):
        raise FrameworkError(f"{FRAMEWORK_FILE.name}: each indicator needs a quoted number and a title")
    return QualityIndicator(raw["number"], str(raw["title"]), bool(raw.get("evaluated", False)))


def _grade(raw: object) -> Grade:
    fields = ("value", "name", "summary", "meaning")
    if not isinstance(raw, dict) or any(not raw.get(name) for name in fields):
        raise FrameworkError(f"{FRAMEWORK_FILE.name}: each point of the scale needs {', '.join(fields)}")
    return Grade(int(raw["value"]), str(raw["name"]), str(raw["summary"]), str(raw["meaning"]).strip())


def read_framework(path: Path = FRAMEWORK_FILE) -> QualityFramework:
    """Read and check a framework file."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    indicators = tuple(_indicator(item) for item in raw.get("indicators") or ())
    scale = tuple(_grade(item) for item in raw.get("scale") or ())
    numbers = [indicator.number for indicator in indicators]
    if len(set(numbers)) != len(numbers):
        raise FrameworkError(f"{Path(path).name}: an indicator is listed twice")
    if sorted(grade.value for grade in scale) != list(range(1, 7)):
        raise FrameworkError(f"{Path(path).name}: the scale must have the six points 1 to 6")
    count = int(raw.get("indicator_count", len(indicators)))
    if len(indicators) > count:
        raise FrameworkError(f"{Path(path).name}: more indicators listed than indicator_count")
    aims = tuple(Aim(int(item["number"]), str(item["statement"]).strip()) for item in raw.get("aims") or ())
    return QualityFramework(count, indicators, tuple(sorted(scale, key=lambda g: -g.value)), aims)


@cache
def quality_framework() -> QualityFramework:
    """Return the framework kept in this package (read once)."""
    return read_framework()
