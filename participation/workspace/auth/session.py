"""The signed-in session: the steps of signing in, the idle and absolute time-outs, signing out.

A session's user id carries the user's session token, so changing the token (at sign-out, a new
password, an admin's reset or deactivation) ends every session of that user at once.
"""

from __future__ import annotations

import secrets
import time

from flask import Flask, current_app, redirect, session, url_for
from flask_login import current_user, login_user, logout_user

from participation.extensions import db
from participation.models import User
from participation.workspace.audit import AuditAction, record
from participation.workspace.extensions import login_manager

PENDING = "pending_sign_in"
PENDING_MINUTES = 10
ENROL, VERIFY, CHOOSE_PASSWORD = "enrol", "verify", "choose_password"
SIGNED_OUT_REASON = "signed_out_reason"


def clock() -> float:
    """Return the time the session's time-outs are measured by (tests move it on)."""
    return time.time()


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


def end_every_session(user: User) -> None:
    """Make every session of the user invalid from its next request."""
    user.session_token = new_session_token()


class SignedInUser:
    """The Flask-Login view of a User: the id names the user and the session token."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_token}"

    def __getattr__(self, name: str):
        return getattr(self.user, name)


@login_manager.user_loader
def load_user(user_id: str) -> SignedInUser | None:
    number, _, token = user_id.partition(":")
    user = db.session.get(User, int(number)) if number.isdigit() else None
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return SignedInUser(user)


def start_pending(user: User) -> str:
    """Remember that the user's password was accepted; return the next step."""
    session.clear()
    step = VERIFY if user.totp_secret else ENROL
    session[PENDING] = {"user": user.id, "token": user.session_token, "since": clock(), "step": step}
    return step


def pending() -> dict | None:
    state = session.get(PENDING)
    if not state or clock() - state["since"] > PENDING_MINUTES * 60:
        return None
    return state


def pending_user() -> User | None:
    """Return the user part-way through signing in, if their password was accepted recently."""
    state = pending()
    if state is None:
        return None
    user = db.session.get(User, state["user"])
    if user is None or not user.active or user.session_token != state["token"]:
        return None
    return user


def pending_step() -> str | None:
    state = pending()
    return state["step"] if state else None


def step_url(step: str | None) -> str:
    return {
        ENROL: url_for("auth.set_up_two_factor"),
        VERIFY: url_for("auth.two_factor"),
        CHOOSE_PASSWORD: url_for("auth.choose_password"),
    }.get(step, url_for("auth.sign_in"))


def second_factor_passed(user: User) -> str:
    """Move past two-factor: to choosing a password, or signed in. Return where to go next."""
    if user.must_change_password:
        session[PENDING] = {**session[PENDING], "step": CHOOSE_PASSWORD}
        return url_for("auth.choose_password")
    return complete_sign_in(user)


def complete_sign_in(user: User) -> str:
    """Sign the user in (a fresh session), record it; return the address to go to."""
    next_url = session.get(PENDING, {}).get("next")
    session.clear()
    login_user(SignedInUser(user))
    session.permanent = True
    session["signed_in_at"] = session["seen_at"] = clock()
    record(AuditAction.SIGNED_IN, actor=user)
    db.session.commit()
    return next_url or url_for("home.index")


def sign_out(
    user: User, action: AuditAction = AuditAction.SIGNED_OUT, reason: str | None = None,
    *, everywhere: bool = True,
) -> None:
    """End this session (and, by default, every other session of the user), and record why."""
    if everywhere:
        end_every_session(user)
    record(action, actor=user)
    db.session.commit()
    logout_user()
    session.clear()
    if reason:
        session[SIGNED_OUT_REASON] = reason


def init_session(app: Flask) -> None:
    """Sign out a session idle too long or open too long, before any page is served."""

    @app.before_request
    def enforce_time_outs():
        if not current_user.is_authenticated:
            return None
        now = clock()
        idle = current_app.config["WORKSPACE_IDLE_MINUTES"] * 60
        absolute = current_app.config["WORKSPACE_ABSOLUTE_HOURS"] * 3600
        user = current_user.user
        if now - session.get("signed_in_at", 0) > absolute:
            # Only this session timed out: the user's other devices carry on.
            sign_out(user, AuditAction.SIGNED_OUT_ABSOLUTE, "absolute", everywhere=False)
        elif now - session.get("seen_at", 0) > idle:
            sign_out(user, AuditAction.SIGNED_OUT_IDLE, "idle", everywhere=False)
        else:
            session["seen_at"] = now
            return None
        return redirect(url_for("auth.sign_in"))
