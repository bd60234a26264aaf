"""The participation platform: a Flask application factory."""

from __future__ import annotations

import sqlite3

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine

from participation.config import INSTANCE, ROOT, Config, config_from_environment
from participation.extensions import babel, csrf, db, limiter, migrate


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on foreign keys and the WAL journal for every SQLite connection."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def create_app(config: Config | None = None) -> Flask:
    """Build the app from a config object (the environment's by default)."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_object(config or config_from_environment())

    from participation.i18n import available_languages, select_locale, text_direction

    app.config["AVAILABLE_LANGUAGES"] = available_languages(ROOT / "translations")
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(ROOT / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.add_extension("jinja2.ext.do")

    from participation.surveys import load_definitions

    # Validated at start: a broken definition stops the app with a message naming the problem.
    app.extensions["survey_definitions"] = load_definitions(app.config["SURVEY_DEFINITIONS"])

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "participation" / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)

    from participation.access import init_access
    from participation.errors import init_errors
    from participation.security import init_security

    init_security(app)
    init_access(app)
    init_errors(app)

    from govuk_frontend_wtf.main import WTFormsHelpers

    WTFormsHelpers(app)
    from flask_babel import format_date, get_locale

    app.jinja_env.globals.update(
        text_direction=text_direction, get_locale=get_locale, format_date=format_date
    )

    from participation.main import blueprint as main_blueprint
    from participation.respond import blueprint as respond_blueprint

    app.register_blueprint(main_blueprint)
    app.register_blueprint(respond_blueprint)

    from participation.cli import register_cli

    register_cli(app)

    from participation.workspace import mount_workspace

    mount_workspace(app)  # the inspectors' workspace under WORKSPACE_PATH, with `flask users`
    return app
