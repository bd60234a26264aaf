"""Analyse free-text survey answers: themes, sentiment, safeguarding flags and summaries.

Plain Python and pandas; never imports Flask. ``python -m analysis --help`` lists the commands.
"""

from analysis import accelerate

# Before any hot module is imported: serve the Cython build of them when it matches the sources.
accelerate.install()

from analysis.pipeline import (  # noqa: E402
    OUTPUT_COLUMNS,
    THEME_COLUMNS,
    analyse_answer,
    theme_responses,
)
from analysis.sentiment import score_sentiment, sentiment_of  # noqa: E402
from analysis.summary import summarise  # noqa: E402

__all__ = [
    "OUTPUT_COLUMNS",
    "THEME_COLUMNS",
    "analyse_answer",
    "score_sentiment",
    "sentiment_of",
    "summarise",
    "theme_responses",
]
