"""The quality framework kept as data: the indicators questions may name, the aims and the scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation.reference.quality_framework import (
    FRAMEWORK_FILE,
    FrameworkError,
    quality_framework,
    read_framework,
)


def test_the_framework_lists_indicator_2_1_the_four_aims_and_six_points_best_first():
    framework = quality_framework()
    assert framework.indicator_count == 22
    assert framework.indicator("2.1").title == "Impact on children and young people"
    assert framework.indicator("2.1").evaluated
    assert [aim.number for aim in framework.aims] == [1, 2, 3, 4]
    assert [(grade.value, grade.name) for grade in framework.scale] == [
        (6, "Excellent"), (5, "Very good"), (4, "Good"), (3, "Adequate"), (2, "Weak"),
        (1, "Unsatisfactory")]
    assert all(grade.meaning for grade in framework.scale)
    with pytest.raises(KeyError):
        framework.indicator("9.9")


def test_a_scale_without_six_points_is_refused(tmp_path: Path):
    broken = FRAMEWORK_FILE.read_text(encoding="utf-8").replace("  - value: 1\n", "  - value: 7\n")
    path = tmp_path / "quality_framework.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(FrameworkError, match="six points 1 to 6"):
        read_framework(path)
