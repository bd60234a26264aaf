"""Analyse free-text survey answers: themes, sentiment, safeguarding flags and summaries.

Plain Python and pandas; never imports Flask. ``python -m analysis --help`` lists the commands.
The names below load their modules on first use, so that importing ``analysis.theme_list``
(as the survey definitions do) does not load the lexicons, pandas or the model.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# The version of the code that reads answers. Stored readings record a digest of it with the
# lexicons and the model (participation.analysis_store.analysis_version), so raise it with
# any change that alters what an answer is read as: `flask reanalyse` then reads them again.
__version__ = "2.1.0"

_HOMES = {
    "OUTPUT_COLUMNS": "analysis.pipeline",
    "THEME_COLUMNS": "analysis.theme_list",
    "THEMES": "analysis.theme_list",
    "analyse_answer": "analysis.pipeline",
    "score_sentiment": "analysis.sentiment",
    "sentiment_of": "analysis.sentiment",
    "summarise": "analysis.summary",
    "theme_responses": "analysis.pipeline",
}
__all__ = sorted(_HOMES)  # and __version__


def __getattr__(name: str) -> Any:
    """Return one of the public names, importing its module the first time."""
    if name not in _HOMES:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
