"""Migrations walk from an empty database to head and back to base."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, inspect

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "participation" / "migrations"


def test_an_empty_database_upgrades_to_head_and_downgrades_to_base(tmp_path, monkeypatch):
    config = TestConfig()
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        # Use a schema of its own on PostgreSQL so the shared test tables are untouched.
        config.SQLALCHEMY_DATABASE_URI = url
    else:
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'migrate.db'}"
    app = create_app(config)
    with app.app_context():
        engine = db.engine
        if url:
            db.drop_all()
        alembic = AlembicConfig(str(MIGRATIONS / "alembic.ini"))
        alembic.set_main_option("script_location", str(MIGRATIONS))
        command.upgrade(alembic, "head")
        tables = set(inspect(engine).get_table_names())
        assert {"inspection", "survey", "response", "answer", "alembic_version"} <= tables
        command.downgrade(alembic, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        if url:
            db.create_all()  # leave the shared test database as the session fixture made it


def test_the_models_match_the_migrations(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'compare.db'}"
    app = create_app(config)
    with app.app_context():
        alembic = AlembicConfig(str(MIGRATIONS / "alembic.ini"))
        alembic.set_main_option("script_location", str(MIGRATIONS))
        command.upgrade(alembic, "head")
        engine = create_engine(config.SQLALCHEMY_DATABASE_URI)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
