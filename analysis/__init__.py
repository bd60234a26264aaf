"""Analyse free-text survey answers: themes, sentiment, safeguarding flags and summaries.

Plain Python and pandas; never imports Flask. ``python -m analysis --help`` lists the commands.
"""

from analysis.pipeline import (
    OUTPUT_COLUMNS,
    THEME_COLUMNS,
    analyse_answer,
    theme_responses,
)
from analysis.sentiment import score_sentiment, sentiment_of
from analysis.summary import summarise

__all__ = [
    "OUTPUT_COLUMNS",
    "THEME_COLUMNS",
    "analyse_answer",
    "score_sentiment",
    "sentiment_of",
    "summarise",
    "theme_responses",
]
