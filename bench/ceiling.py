"""The ceiling of this stack: a bare Flask + Flask-SQLAlchemy endpoint that inserts one row.

Served by gunicorn exactly as the survey is (`bench.ceiling:create_ceiling_app()`), on the same
database (its own table, which `create_table` makes before the server starts), it shows what a
request costs before any of the survey's own work: no templates, forms, CSRF, sessions or analysis.
"""

from __future__ import annotations

import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Integer, String, create_engine
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()


class CeilingRow(db.Model):
    __tablename__ = "bench_ceiling_row"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note: Mapped[str] = mapped_column(String(20))


def create_table(database_url: str) -> None:
    """Create the ceiling's table (once, before any worker starts, so no two race to make it)."""
    engine = create_engine(database_url)
    try:
        CeilingRow.__table__.create(engine, checkfirst=True)
    finally:
        engine.dispose()


def create_ceiling_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_recycle": 600}  # as participation/config.py
    db.init_app(app)

    @app.post("/insert")
    def insert():
        db.session.add(CeilingRow(note="one row"))
        db.session.commit()
        return "stored", 201

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app

