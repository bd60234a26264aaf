"""Demo staff (development only): one user per role, members of the demo inspection, with two-factor
enrolled, so a newcomer can sign in straight after `make run`."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from participation.extensions import db
from participation.models import Inspection, Role, User
from participation.workspace.auth.passwords import hash_secret, matches
from participation.workspace.users.accounts import add_enrolled_user

DEMO_DOMAIN = "demo.example.org"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    totp_secret: str

    def line(self) -> str:
        return f"demo {self.role}: {self.email} / {self.password} / TOTP secret {self.totp_secret}"


def demo_password(role: str) -> str:
    """Derive the role's demo password from this instance's secret: the same at every `make run`."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"demo-{role}".encode(), hashlib.sha256)
    return f"demo-{role}-{digest.hexdigest()[:12]}"


def load_demo_staff(inspection: Inspection) -> list[DemoLogin]:
    """Create (once) a user per role, member of the demo inspection; return how each signs in."""
    logins = []
    for role in Role:
        email = f"{role.value}@{DEMO_DOMAIN}"
        password = demo_password(role.value)
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = add_enrolled_user(email, f"Demo {role.value}", password, role, inspection.id)
        elif not matches(user.password_hash, password):
            # Someone changed it while trying things out: put back the one printed below.
            user.password_hash = hash_secret(password)
            user.must_change_password = False
        logins.append(DemoLogin(role.value, email, password, user.totp_secret or ""))
    db.session.commit()
    return logins
