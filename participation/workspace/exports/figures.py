"""Aggregate figures to export: an inspection's, or every inspection's together, suppressed exactly
as the pages are (`analysis.summarise` at SUPPRESSION_MIN_N), in the long layout of
`analysis.datastore`."""

from __future__ import annotations

import pandas as pd
from flask import current_app
from sqlalchemy import select

from analysis import summarise
from analysis.datastore import long_figures
from analysis.suppression import DEFAULT_MIN_N
from participation.extensions import db
from participation.models import Inspection
from participation.surveys import SurveyDefinition
from participation.workspace.frames import COLUMNS, answers_frame
from participation.workspace.summaries import data_version, inspection_summary

# The breakdowns exported, each on its own (as the pages break figures down).
BREAKDOWNS = ("survey", "age_band", "agency", "language", "assisted")


def min_n() -> int:
    """Return the suppression threshold in force."""
    return current_app.config.get("SUPPRESSION_MIN_N", DEFAULT_MIN_N)


def definitions() -> dict[str, SurveyDefinition]:
    return current_app.extensions["survey_definitions"]


def wording_versions(surveys: dict[str, SurveyDefinition]) -> dict[tuple[str, str], int]:
    """Return each question's wording version by (survey, question key)."""
    return {(s.key, q.key): q.wording_version for s in surveys.values() for q in s.questions}


def inspection_figures(inspection_id: int) -> pd.DataFrame:
    """Return an inspection's figures, suppressed, one row per figure."""
    surveys = definitions()
    summary = inspection_summary(inspection_id, surveys, by=BREAKDOWNS, min_n=min_n())
    return long_figures(summary, wording_versions(surveys))


def national_figures() -> pd.DataFrame:
    """Return the figures of every inspection's answers pooled, suppressed, one row per figure.

    The last result is kept (in this process) until any inspection's data version changes, as
    the pages' summaries are: pooling every answer is the slow part. Callers must not change it.
    """
    surveys = definitions()
    numbers = list(db.session.scalars(select(Inspection.id).order_by(Inspection.id)))
    key = (tuple((number, data_version(number)) for number in numbers), min_n())
    kept = current_app.extensions.get("national_figures")
    if kept is not None and kept[0] == key:
        return kept[1]
    frames = [answers_frame(number, surveys) for number in numbers]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    figures = long_figures(summarise(frame, by=BREAKDOWNS, min_n=min_n()), wording_versions(surveys))
    current_app.extensions["national_figures"] = (key, figures)
    return figures
