"""The workspace's error pages: a clear message in its own layout, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from participation.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        _l("This page timed out"),
        _l(
            "The form was open too long or came from another page, so nothing was changed. "
            "Go back, reload the page and try again."
        ),
    ),
    403: (
        _l("You cannot see this page"),
        _l("Your role does not give you access to this page. If you need it, ask an admin."),
    ),
    404: (_l("Page not found"), _l("Check the address, or go to the workspace home page.")),
    405: (_l("Page not found"), _l("Check the address, or go to the workspace home page.")),
    413: (_l("That was too much to send"), _l("Send less at once.")),
    429: (
        _l("Too many tries"),
        _l("There have been too many requests from your connection. Wait a minute, then try again."),
    ),
    500: (
        _l("Sorry, something went wrong"),
        _l("Nothing you saved before is lost. Try again in a few minutes."),
    ),
}


def error_page(code: int):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("workspace/error.html", code=code, title=title, message=message), code


def init_errors(app: Flask) -> None:
    """Register the error pages."""

    @app.errorhandler(CSRFError)
    def timed_out(_error: CSRFError):
        return error_page(400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_page(error.code or 500)

    @app.errorhandler(DataError)
    def refused_by_the_database(_error: DataError):
        # A value the database cannot hold (a NUL in text, a number out of range): bad input,
        # refused as a form that timed out is, with nothing changed.
        db.session.rollback()
        return error_page(400)

    @app.errorhandler(Exception)
    def unexpected(_error: Exception):
        log.exception("unexpected error in the workspace")
        db.session.rollback()
        return error_page(500)
