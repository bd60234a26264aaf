"""Add responses straight to the database, for the counting tests and the benchmark."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select

from participation.extensions import db
from participation.models import Response, ResponseStatus, Survey


def survey_of(inspection_id: int, key: str) -> Survey:
    return db.session.scalar(
        select(Survey).where(Survey.inspection_id == inspection_id, Survey.definition_key == key)
    )


def add_responses(
    inspection_id: int,
    key: str,
    number: int,
    *,
    sent: bool = True,
    on: dt.date | None = None,
    age_band: str | None = None,
    agency: str | None = None,
    language: str = "en",
    assisted: bool = False,
) -> None:
    """Add `number` responses to one survey of the inspection (the caller commits)."""
    survey = survey_of(inspection_id, key)
    day = on or dt.date.today()
    for _ in range(number):
        db.session.add(
            Response(
                survey_id=survey.id,
                definition_version=1,
                respondent_group=key,
                age_band=age_band,
                agency=agency,
                language=language,
                assisted=assisted,
                status=ResponseStatus.SUBMITTED if sent else ResponseStatus.IN_PROGRESS,
                started_on=day,
                submitted_on=day if sent else None,
                submit_key=secrets.token_hex(16),
            )
        )
