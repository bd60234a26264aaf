"""Passwords hashed with argon2, and the one-time passwords an admin hands out."""

from __future__ import annotations

import secrets

import argon2
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 200
# Words a person can read out over the phone: no 0/O or 1/l/I to confuse.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def hasher() -> argon2.PasswordHasher:
    """Return an argon2 hasher with the configured profile (cached on the app)."""
    cached = current_app.extensions.get("workspace_hasher")
    if cached is None:
        profile = getattr(argon2.profiles, current_app.config["WORKSPACE_ARGON2_PROFILE"])
        cached = current_app.extensions["workspace_hasher"] = argon2.PasswordHasher.from_parameters(profile)
    return cached


def hash_secret(secret: str) -> str:
    """Hash a password or a recovery code."""
    return hasher().hash(secret)


def matches(stored_hash: str | None, secret: str) -> bool:
    """Say whether the secret matches the hash; with no hash, spend the same time and say no."""
    if stored_hash is None:
        stored_hash = current_app.extensions.get("workspace_dummy_hash")
        if stored_hash is None:
            stored_hash = current_app.extensions["workspace_dummy_hash"] = hash_secret(secrets.token_hex(8))
        secret = ""
    try:
        return hasher().verify(stored_hash, secret) and bool(secret)
    except (VerificationError, InvalidHashError):
        return False


def one_time_password() -> str:
    """Return a password an admin reads to a user, who must change it at sign-in."""
    groups = ("".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def password_problem(password: str, *, email: str) -> str | None:
    """Return why a new password cannot be used, or None."""
    from flask_babel import gettext as _

    if len(password) < MIN_LENGTH:
        return _("Your password must be %(count)s characters or more", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Your password must be %(count)s characters or fewer", count=MAX_LENGTH)
    if email and email.split("@")[0].lower() in password.lower() and len(email.split("@")[0]) >= 4:
        return _("Your password must not contain your e-mail address")
    return None
