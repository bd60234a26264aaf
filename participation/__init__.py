"""The participation platform: a Flask application factory."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import BaseConverter

from participation.config import INSTANCE, ROOT, Config, config_from_environment
from participation.extensions import babel, csrf, db, limiter, migrate


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on foreign keys and the WAL journal for every SQLite connection; keep the file private."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        files = [row[2] for row in cursor.execute("PRAGMA database_list") if row[2]]
        cursor.close()
        for name in files:
            # Answers are in this file: readable by the app's own user only (with its journal).
            for path in (Path(name), Path(name + "-wal"), Path(name + "-shm")):
                if path.exists():
                    path.chmod(0o600)


class QuestionNumber(BaseConverter):
    """A question number in ASCII digits only (Werkzeug's int reads '١' as 1)."""

    regex = r"[1-9][0-9]{0,3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(int(value))


def create_app(config: Config | None = None) -> Flask:
    """Build the app from a config object (the environment's by default)."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_object(config or config_from_environment())
    app.url_map.converters["number"] = QuestionNumber
    # Werkzeug answers '//' in a path with a redirect built from the Host header; refuse instead.
    app.url_map.merge_slashes = False

    from participation.i18n import available_languages, select_locale, text_direction

    app.config["AVAILABLE_LANGUAGES"] = available_languages(
        ROOT / "translations", app.config["OFFER_UNREVIEWED_LANGUAGES"]
    )
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(ROOT / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.add_extension("jinja2.ext.do")

    from participation.surveys import load_versions

    # Validated at start: a broken definition stops the app with a message naming the problem.
    # Every published version is kept, so a response finishes on the wording it started with.
    versions = load_versions(app.config["SURVEY_DEFINITIONS"])
    app.extensions["survey_versions"] = versions
    app.extensions["survey_definitions"] = {key: by[max(by)] for key, by in versions.items()}

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "participation" / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)

    from participation.access import init_access
    from participation.assets import init_assets
    from participation.errors import init_errors
    from participation.security import init_security

    init_security(app)
    from participation.limits import refuse_oversized_streams

    app.before_request(refuse_oversized_streams)
    init_access(app)
    init_errors(app)
    init_assets(app)
    from participation.fragments import init_fragments

    init_fragments(app)

    from govuk_frontend_wtf.main import WTFormsHelpers

    WTFormsHelpers(app)
    from flask_babel import format_date, get_locale

    from participation.respond.question_fields import question_field_html

    app.jinja_env.globals.update(
        text_direction=text_direction, get_locale=get_locale, format_date=format_date,
        question_field_html=question_field_html,
    )

    from participation.main import blueprint as main_blueprint
    from participation.respond import blueprint as respond_blueprint

    app.register_blueprint(main_blueprint)
    app.register_blueprint(respond_blueprint)

    from participation.proxy import init_proxy
    from participation.request_log import init_request_log

    init_proxy(app)
    init_request_log(app)

    from participation.cli import register_cli

    register_cli(app)

    from participation.workspace import mount_workspace

    mount_workspace(app)  # the inspectors' workspace under WORKSPACE_PATH, with `flask users`
    return app
