"""The themes answers are read for: the one list the analysis, the survey definitions and the
web app share. Adding a theme means adding it here, to ``data/themes.yaml`` and retraining."""

from __future__ import annotations

THEMES: tuple[str, ...] = ("wellbeing", "relationships", "process", "involvement", "leadership")
# The themes of every audience, over which macro-F1 is reported; leadership is for staff only.
CORE_THEMES: tuple[str, ...] = THEMES[:4]
# The output columns that say whether an answer is about each theme.
THEME_COLUMNS: tuple[str, ...] = tuple(f"theme_{t}" for t in THEMES)
