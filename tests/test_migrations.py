"""Migrations walk from an empty database to head and back to base."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, inspect, text

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


def test_0002_moves_each_answers_analysis_into_a_first_result_and_back(tmp_path):
    config = TestConfig()
    url = os.environ.get("TEST_DATABASE_URL")
    config.SQLALCHEMY_DATABASE_URI = url or f"sqlite:///{tmp_path / 'data.db'}"
    app = create_app(config)
    with app.app_context():
        if url:
            db.drop_all()
        alembic = AlembicConfig(str(MIGRATIONS / "alembic.ini"))
        alembic.set_main_option("script_location", str(MIGRATIONS))
        command.upgrade(alembic, "0001_initial")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO inspection (id, partnership, name, created_on, is_demo) "
                "VALUES (1, 'P', 'I', '2026-11-01', false)"))
            connection.execute(text(
                "INSERT INTO survey (id, inspection_id, definition_key, token, is_open) "
                "VALUES (1, 1, 'children', 't', true)"))
            connection.execute(text(
                "INSERT INTO response (id, survey_id, definition_version, respondent_group, age_band, "
                "language, assisted, status, started_on, submit_key) "
                "VALUES (1, 1, 1, 'children', '8-11', 'en', false, 'in_progress', '2026-11-02', 'k')"))
            insert = text(
                "INSERT INTO answer (id, response_id, question_key, status, text, analysed, "
                "theme_wellbeing, sentiment_polarity, sentiment_label, safeguarding_flag, "
                "analysis_evidence) VALUES (:id, 1, :key, 'answered', :text, :analysed, :wellbeing, "
                ":polarity, :label, :flag, :evidence)")
            connection.execute(insert, [
                {"id": 1, "key": "what_is_good", "text": "my worker is kind", "analysed": True,
                 "wellbeing": False, "polarity": 0.6, "label": "positive", "flag": False, "evidence": "{}"},
                {"id": 2, "key": "what_should_change", "text": "he hits me", "analysed": True,
                 "wellbeing": True, "polarity": -0.8, "label": "negative", "flag": True,
                 "evidence": '{"safeguarding": ["physical_abuse: hits me"]}'},
                {"id": 3, "key": "feel_safe", "text": None, "analysed": False, "wellbeing": None,
                 "polarity": None, "label": None, "flag": False, "evidence": None},
                {"id": 4, "key": "know_rights", "text": "Tak", "analysed": True, "wellbeing": False,
                 "polarity": 0.0, "label": "neutral", "flag": True,
                 "evidence": '{"safeguarding": ["needs_human_read: not English"]}'},
            ])

        command.upgrade(alembic, "0002_analysis_results")
        with db.engine.connect() as connection:
            results = connection.execute(text(
                "SELECT answer_id, version, analysed, theme_wellbeing, sentiment_polarity, "
                "safeguarding_flag, evidence FROM analysis_result ORDER BY answer_id")).all()
            assert [(r.answer_id, r.version, r.safeguarding_flag) for r in results] == [
                (1, "before-0002", False), (2, "before-0002", True), (4, "before-0002", True)]
            assert results[1].evidence == '{"safeguarding": ["physical_abuse: hits me"]}'
            assert results[0].sentiment_polarity == 0.6
            current = connection.execute(text(
                "SELECT a.id, r.answer_id FROM answer a LEFT JOIN analysis_result r "
                "ON r.id = a.current_result_id ORDER BY a.id")).all()
            assert [(row[0], row[1]) for row in current] == [(1, 1), (2, 2), (3, None), (4, 4)]
            entries = connection.execute(text(
                "SELECT answer_id, inspection_id, reason, needs_translation, text "
                "FROM safeguarding_entry ORDER BY answer_id")).all()
            assert [tuple(row) for row in entries] == [
                (2, 1, "possible_disclosure", False, "he hits me"), (4, 1, "language", True, "Tak")]
            assert "safeguarding_flag" not in {c["name"] for c in inspect(connection).get_columns("answer")}

        command.downgrade(alembic, "0001_initial")
        with db.engine.connect() as connection:
            answers = connection.execute(text(
                "SELECT id, analysed, theme_wellbeing, sentiment_polarity, sentiment_label, "
                "safeguarding_flag, analysis_evidence FROM answer ORDER BY id")).all()
            assert [tuple(row) for row in answers] == [
                (1, True, False, 0.6, "positive", False, "{}"),
                (2, True, True, -0.8, "negative", True, '{"safeguarding": ["physical_abuse: hits me"]}'),
                (3, False, None, None, None, False, None),
                (4, True, False, 0.0, "neutral", True, '{"safeguarding": ["needs_human_read: not English"]}'),
            ]
            assert "analysis_result" not in inspect(connection).get_table_names()
        command.downgrade(alembic, "base")
        if url:
            db.create_all()
