"""Single-use links a volunteer makes (in the workspace) to start one assisted response.

Only a keyed hash of the link's token is stored; the link works once, until it expires, and
nothing records which volunteer made it on the response it starts (the audit records only that
a link was made).
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app
from sqlalchemy import select, update

from participation.extensions import db
from participation.models import AssistedLink, Survey, now_utc
from participation.respond.codes import candidate_hashes, keyed_hash

DEFAULT_HOURS = 4


def lifetime() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config.get("ASSISTED_LINK_HOURS", DEFAULT_HOURS))


def make_link(survey: Survey) -> tuple[str, dt.datetime]:
    """Store a new link's hash; return its token (shown once) and when it expires."""
    token = secrets.token_urlsafe(24)
    expires = now_utc() + lifetime()
    db.session.add(
        AssistedLink(survey_id=survey.id, token_hash=keyed_hash(token), expires_at=expires, used=False)
    )
    return token, expires


def _usable(survey: Survey, token: str) -> list:
    return [
        AssistedLink.survey_id == survey.id,
        AssistedLink.token_hash.in_(candidate_hashes(token)),
        AssistedLink.used.is_(False),
        AssistedLink.expires_at > now_utc(),
    ]


def is_usable(survey: Survey, token: str) -> bool:
    """Say whether the link would start a response now, without spending it."""
    return db.session.scalar(select(AssistedLink.id).where(*_usable(survey, token))) is not None


def use_link(survey: Survey, token: str) -> bool:
    """Spend the link if it is this survey's, unused and unexpired; say whether it was.

    One conditional update, so two taps on the same link start one response, not two.
    """
    result = db.session.execute(
        update(AssistedLink).where(*_usable(survey, token)).values(used=True)
    )
    return result.rowcount == 1
