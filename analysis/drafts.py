"""Draft strengths and areas for development, derived from an inspection's figures.

Drafts are prompts for the inspection team, never findings on their own: an inspector edits,
accepts or discards each. Two kinds of evidence make a draft:

* a question whose percentage positive stands out from the rest of its survey. Each question is
  compared with the pooled answers to the survey's other questions
  (:func:`analysis.compare.compare_proportions`, the survey's questions one Holm family); a
  difference beyond chance makes a strength (higher) or an area for development (lower). The
  same people answer many questions, so the test is a screen for what to look at, not a
  finding. At most ``per_survey`` of each kind per survey, the largest differences first.
* a theme where most of a survey's free-text answers are negative, from the summary's
  sentiment table (only where it is published, not withheld).

Every draft has a stable ``key`` (so an inspector's decision on it can be found again when the
figures change) and ``evidence``, the filters that lead to the answers behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from .compare import BETTER, WORSE, compare_proportions
from .respondent_answers import verdicts
from .suppression import DEFAULT_MIN_N

STRENGTH = "strength"
AREA_FOR_DEVELOPMENT = "area_for_development"
# Who answered each survey, as a draft's sentence names them.
AUDIENCE_NAMES = {
    "children": "children and young people",
    "parents": "parents and carers",
    "staff": "staff",
}
THEME_NAMES = {
    "wellbeing": "their wellbeing",
    "relationships": "relationships",
    "process": "how things were done",
    "involvement": "being involved",
    "leadership": "leadership",
}


@dataclass(frozen=True)
class Draft:
    """One draft strength or area for development, with the filters of its evidence."""

    key: str
    kind: str  # STRENGTH or AREA_FOR_DEVELOPMENT
    survey: str
    text: str
    evidence: Mapping[str, str] = field(default_factory=dict)


def _audience(survey: str) -> str:
    return AUDIENCE_NAMES.get(survey, survey or "respondents")


def question_drafts(
    answers: pd.DataFrame,
    wordings: Mapping[tuple[str, str], str],
    *,
    min_n: int = DEFAULT_MIN_N,
    per_survey: int = 3,
) -> list[Draft]:
    """Return drafts for questions that stand out from the rest of their survey.

    ``wordings`` gives the words of each (survey, question key) to quote; questions it leaves
    out are not drafted.
    """
    rows = verdicts(answers)
    counts = rows.groupby(["survey", "question_key"], sort=True)["positive"].agg(["sum", "count"])
    drafts: list[Draft] = []
    for survey, table in counts.groupby(level="survey", sort=True):
        table = table[[key in wordings for key in table.index]]
        table = table[table["count"] >= min_n]
        if len(table) < 2:
            continue
        total_pos, total_n = int(table["sum"].sum()), int(table["count"].sum())
        pairs = [(int(pos), int(n), total_pos - int(pos), total_n - int(n))
                 for pos, n in zip(table["sum"], table["count"], strict=True)]
        tests = compare_proportions(pairs, min_n=min_n)
        found = list(zip(table.index, tests, strict=True))
        for verdict, kind in ((BETTER, STRENGTH), (WORSE, AREA_FOR_DEVELOPMENT)):
            chosen = sorted((item for item in found if item[1].verdict == verdict),
                            key=lambda item: -abs(item[1].difference))[:per_survey]
            for key, test in chosen:
                words = wordings[key]
                direction = "more" if kind == STRENGTH else "fewer"
                text = (
                    f"{test.percent:.0f}% of {_audience(survey)} ({test.positive} of {test.n}) "
                    f"answered \u201c{words}\u201d positively: {direction} than across their other "
                    f"questions ({test.other_percent:.0f}%)."
                )
                drafts.append(Draft(f"question:{survey}:{key[1]}:{kind}", kind, str(survey), text,
                                    {"survey": str(survey), "question": key[1]}))
    return drafts


def theme_drafts(sentiment: pd.DataFrame, *, dimension: str = "survey") -> list[Draft]:
    """Return an area for development for each survey and theme where most free text is negative.

    ``sentiment`` is :attr:`analysis.summary.Summary.sentiment` of a summary by ``dimension``.
    """
    rows = sentiment[
        sentiment["dimension"].eq(dimension)
        & ~sentiment["withheld"].astype(bool)
        & sentiment["theme"].isin(THEME_NAMES)
    ]
    answers = rows.pivot_table(index=["group", "theme"], columns="label", values="answers",
                               aggfunc="sum")
    drafts = []
    for (survey, theme), counts in answers.iterrows():
        negative, total = counts.get("negative"), counts.get("total")
        if pd.isna(negative) or pd.isna(total) or not total or negative / total <= 0.5:
            continue
        text = (
            f"Most of what {_audience(str(survey))} wrote about {THEME_NAMES[theme]} was negative "
            f"({int(negative)} of {int(total)} answers)."
        )
        drafts.append(Draft(f"theme:{survey}:{theme}:negative", AREA_FOR_DEVELOPMENT, str(survey),
                            text, {"survey": str(survey), "theme": theme, "sentiment": "negative"}))
    return drafts
