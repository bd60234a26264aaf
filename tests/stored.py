"""Read what the app stored, loaded and detached, for tests to assert on."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from participation.extensions import db
from participation.models import Answer, SafeguardingEntry


def saved_answer(app: Flask) -> Answer:
    """Return the only stored answer, with its current reading."""
    with app.app_context():
        answer = db.session.scalar(select(Answer))
        _ = answer.current_result
        db.session.expunge_all()
        return answer


def stored_entries(app: Flask) -> list[SafeguardingEntry]:
    """Return every safeguarding entry, oldest first, with its decisions."""
    with app.app_context():
        found = db.session.scalars(select(SafeguardingEntry).order_by(SafeguardingEntry.id)).all()
        for entry in found:
            _ = entry.decisions
        db.session.expunge_all()
        return list(found)


def count(app: Flask, model) -> int:
    """Return how many rows a model's table holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))
