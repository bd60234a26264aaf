"""Friendly pages for every error a respondent can meet: never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request, url_for
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from participation.extensions import db

log = logging.getLogger(__name__)

# SQLSTATE of a write refused because the database is read-only (PostgreSQL's
# default_transaction_read_only, or a standby): psycopg raises it as an InternalError, not an
# OperationalError, yet it means "not now" like a restart or a full disk.
READ_ONLY_TRANSACTION = "25006"


def database_unavailable(error: DBAPIError) -> bool:
    """Say whether a database error means it cannot take this request now (down, read-only, full)."""
    if isinstance(error, OperationalError) or error.connection_invalidated:
        return True
    return getattr(error.orig, "sqlstate", None) == READ_ONLY_TRANSACTION


def release_session() -> None:
    """End this request's transaction; drop the connection instead if the server has closed it."""
    try:
        db.session.close()
    except DBAPIError:
        # Rolling back on a connection the server terminated (a restart) fails: discard it.
        db.session().invalidate()


def retry_url() -> str:
    """Return the page to go back to after a timed-out form (never a POST-only address)."""
    args = request.view_args or {}
    if request.endpoint == "respond.submit":
        return url_for("respond.check", **args)
    if request.endpoint == "respond.begin":
        return url_for("respond.start", **args)
    return request.path


def init_errors(app: Flask) -> None:
    """Register the error pages."""

    @app.errorhandler(CSRFError)
    def session_timed_out(error: CSRFError):
        # Sending ends the session (and its CSRF token), so a refresh or a second click on
        # "Send" arrives without a valid token: if those answers were sent, say so.
        try:
            if request.endpoint == "respond.submit":
                from participation.respond.views import already_sent

                sent = already_sent(**(request.view_args or {}))
                if sent is not None:
                    return sent
            # A page posted after the session ended (sent, or quick exit): nothing of it is kept.
            if request.endpoint in ("respond.question", "respond.about"):
                from participation.respond.views import session_ended

                ended = session_ended(**(request.view_args or {}))
                if ended is not None:
                    return ended
        except HTTPException as finding_the_survey:
            # The survey closed (or never was) while the page was open: say that instead.
            return http_error(finding_the_survey)
        # A missing or stale token: the answer on this page was not saved, earlier ones were.
        return render_template("errors/timed_out.html", retry_url=retry_url()), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if request_ctx.url_adapter is None:
            # A Host header not on TRUSTED_HOSTS: no address on this site can be built for it,
            # and none of its name may be echoed back.
            return "Bad request", code, {"Content-Type": "text/plain; charset=utf-8"}
        template = {
            403: "errors/forbidden.html",
            404: "errors/not_found.html",
            410: "errors/survey_closed.html",
            413: "errors/too_large.html",
            429: "errors/too_many.html",
        }.get(code, "errors/problem.html")
        # Keep what the error says in its headers (Allow on a 405, Retry-After on a 429).
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return render_template(template, code=code), code, headers

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if not database_unavailable(error):
            return unexpected(error)
        # The database restarting, read-only or full: nothing of this page was kept, and the
        # respondent should simply try again.
        log.error("database unavailable: %s", type(error.orig).__name__ if error.orig else "unknown")
        release_session()
        return render_template("errors/try_again.html"), 503, {"Retry-After": "30"}

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error")
        release_session()
        return render_template("errors/problem.html", code=500), 500

    # Registered after Flask-SQLAlchemy's own teardown, so it runs first (Flask runs them in reverse)
    # and that one finds nothing left to roll back on a connection the server has just closed, which
    # would otherwise raise past the page and answer with gunicorn's bare 500.
    app.teardown_appcontext(lambda _error: release_session())
