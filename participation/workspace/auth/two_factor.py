"""Two-factor authentication: TOTP codes (pyotp), a QR code to enrol (segno), recovery codes."""

from __future__ import annotations

import secrets
import time

import pyotp
import segno
from flask import current_app
from markupsafe import Markup

from participation.extensions import db
from participation.models import RecoveryCode, User, now_utc
from participation.workspace.auth.passwords import hash_secret, matches

ISSUER = "Joint inspection workspace"
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def clock() -> float:
    """Return the time TOTP codes are checked against (tests move it on)."""
    return time.time()


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_svg(uri: str, title: str) -> Markup:
    """Return the QR code as inline SVG (no image request, nothing for the CSP to allow)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#0b0c0c", light="#ffffff", title=title, svgclass="app-qr-code", omitsize=True
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704 (segno's own markup)


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "")


def accepted_step(secret: str, code: str, last_step: int | None) -> int | None:
    """Return the time step of a valid, unused code (one step of clock drift allowed), else None."""
    code = normalise_code(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(clock() // totp.interval)
    for step in (current, current - 1, current + 1):
        if secrets.compare_digest(totp.generate_otp(step), code) and (last_step is None or step > last_step):
            return step
    return None


def verify_code(user: User, code: str) -> bool:
    """Check a TOTP code for the user and remember its step, so it cannot be used twice."""
    if not user.totp_secret:
        return False
    step = accepted_step(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; return them (shown once, stored hashed)."""
    count = current_app.config["WORKSPACE_RECOVERY_CODES"]
    codes = [
        "-".join("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(count)
    ]
    user.recovery_codes.clear()
    db.session.flush()
    for code in codes:
        user.recovery_codes.append(RecoveryCode(code_hash=hash_secret(normalise_code(code))))
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend a matching unused recovery code; say whether one matched."""
    typed = normalise_code(code).lower()
    if len(typed) != 10:
        return False
    for stored in user.recovery_codes:
        if stored.used_at is None and matches(stored.code_hash, typed):
            stored.used_at = now_utc()
            return True
    return False


def unused_recovery_codes(user: User) -> int:
    return sum(1 for code in user.recovery_codes if code.used_at is None)
