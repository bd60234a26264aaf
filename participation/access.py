"""Deny by default: a route is reachable only if it is marked public (or, later, by role)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, abort, request

View = TypeVar("View", bound=Callable)


def public(view: View) -> View:
    """Mark a view as open to anyone, signed in or not."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def is_public(app: Flask, endpoint: str | None) -> bool:
    """Say whether the endpoint is on the public list."""
    if endpoint is None:
        return True  # no route matched: Flask answers 404 itself
    if endpoint == "static":
        return True
    view = app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def init_access(app: Flask) -> None:
    """Refuse any request to a route that is not explicitly public."""

    @app.before_request
    def deny_unless_public() -> None:
        if not is_public(app, request.endpoint):
            abort(403)
