"""Who may use each workspace page, decided in one place.

Deny by default: a view is refused unless it is marked `@public`, `@signing_in` (a step of
signing in), `@signed_in` (any signed-in user), `@inspector_anywhere` (admins, and inspectors of
any inspection: for pages about every inspection) or `@requires(role, ...)`. Member roles are checked
against the inspection in the URL (`<int:inspection_id>`), which is loaded once per request into
`g.inspection`, with the user's membership of it in `g.membership`. Admin is a user-level role: an
admin passes `requires(Role.ADMIN, ...)` but reads an inspection's pages only as a member.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, abort, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from participation.extensions import db
from participation.models import MEMBER_ROLES, Inspection, Membership, Role

View = TypeVar("View", bound=Callable)
INSPECTION_ARG = "inspection_id"
SIGNING_IN = "signing_in"
SIGNED_IN = "signed_in"
INSPECTOR_ANYWHERE = "inspector_anywhere"
ROLES = "roles"


@dataclass(frozen=True)
class Access:
    """Who may use a view: the kind of check, and the roles for a role check."""

    kind: str
    roles: frozenset[Role] = frozenset()

    @property
    def needs_inspection(self) -> bool:
        return bool(self.roles & set(MEMBER_ROLES))


def _mark(view: View, access: Access) -> View:
    view.workspace_access = access  # type: ignore[attr-defined]
    return view


def signing_in(view: View) -> View:
    """Mark a view as a step of signing in: open to someone whose password was accepted."""
    return _mark(view, Access(SIGNING_IN))


def signed_in(view: View) -> View:
    """Mark a view as open to any signed-in user."""
    return _mark(view, Access(SIGNED_IN))


def inspector_anywhere(view: View) -> View:
    """Mark a view (with no inspection in its URL) as open to admins and to anyone who is an
    inspector of at least one inspection; coordinators and volunteers are refused."""
    return _mark(view, Access(INSPECTOR_ANYWHERE))


def is_inspector_anywhere() -> bool:
    """Say whether the signed-in user is an inspector of any inspection."""
    return db.session.scalar(
        select(Membership.id)
        .where(Membership.user_id == current_user.id, Membership.role == Role.INSPECTOR)
        .limit(1)
    ) is not None


def requires(*roles: Role) -> Callable[[View], View]:
    """Mark a view as open to admins (if Role.ADMIN is named) and to members in the given roles."""
    if not roles:
        raise ValueError("requires() needs at least one role")

    def decorate(view: View) -> View:
        return _mark(view, Access(ROLES, frozenset(Role(role) for role in roles)))

    return decorate


def access_of(app: Flask, endpoint: str) -> Access | None:
    """Return how a view is guarded, or None when it is not marked (and so refused)."""
    view = app.view_functions.get(endpoint)
    if getattr(view, "is_public", False):
        return Access("public")
    return getattr(view, "workspace_access", None)


def current_role() -> Role | None:
    """Return the signed-in user's role in the inspection of this request, if a member."""
    membership = g.get("membership")
    return Role(membership.role) if membership is not None else None


def _load_inspection() -> None:
    """Load the URL's inspection once, and the signed-in user's membership of it."""
    inspection_id = g.get("inspection_id")
    if inspection_id is None:
        return
    g.inspection = db.get_or_404(Inspection, inspection_id)
    g.membership = (
        db.session.scalar(
            select(Membership).where(
                Membership.inspection_id == inspection_id, Membership.user_id == current_user.id
            )
        )
        if current_user.is_authenticated
        else None
    )


def _allowed(access: Access) -> bool:
    if Role.ADMIN in access.roles and current_user.is_admin:
        return True
    role = current_role()
    return role is not None and role in access.roles


def enforce_access(app: Flask):
    """Refuse, send to sign-in or let through the request, by its view's mark."""
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static":
        return None  # no route (Flask answers 404) or a stylesheet
    access = access_of(app, endpoint)
    if access is None:
        abort(403)
    if access.kind == "public":
        return None
    if access.kind == SIGNING_IN:
        from participation.workspace.auth.session import pending_user

        return None if pending_user() is not None else redirect(url_for("auth.sign_in"))
    if not current_user.is_authenticated:
        target = (request.script_root + request.full_path).rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.sign_in", next=target))
    if access.kind == SIGNED_IN:
        return None
    if access.kind == INSPECTOR_ANYWHERE:
        if not (current_user.is_admin or is_inspector_anywhere()):
            abort(403)
        return None
    _load_inspection()
    if not _allowed(access):
        abort(403)
    return None


def check_every_view_is_guarded(app: Flask) -> None:
    """Stop the app at start if a role check names member roles on a URL without an inspection."""
    for rule in app.url_map.iter_rules():
        access = access_of(app, rule.endpoint)
        if access is not None and access.needs_inspection and INSPECTION_ARG not in rule.arguments:
            raise RuntimeError(f"{rule.rule} checks membership but has no <int:{INSPECTION_ARG}>")


def init_access(app: Flask) -> None:
    """Pull the inspection out of the URL, guard every request, and put it back in built URLs."""

    @app.url_value_preprocessor
    def pull_inspection(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and INSPECTION_ARG in values:
            g.inspection_id = values.pop(INSPECTION_ARG)

    @app.url_defaults
    def push_inspection(endpoint: str, values: dict[str, Any]) -> None:
        if INSPECTION_ARG in values or "inspection" not in g:
            return
        if app.url_map.is_endpoint_expecting(endpoint, INSPECTION_ARG):
            values[INSPECTION_ARG] = g.inspection.id

    app.before_request(lambda: enforce_access(app))
