"""What an admin (or `flask users`) can do to a user, each change recorded in the audit."""

from __future__ import annotations

import re

import pyotp
from sqlalchemy import func, select

from participation.extensions import db
from participation.models import MEMBER_ROLES, Inspection, Membership, Role, User
from participation.surveys.models import N_
from participation.workspace.audit import AuditAction, record
from participation.workspace.auth.passwords import hash_secret, one_time_password
from participation.workspace.auth.session import end_every_session, new_session_token

# An address is only a name to sign in with here (no e-mail is ever sent): one @, no spaces.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """A change that cannot be made, with a message (in English: pages translate it) for whoever asked."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str) -> str:
    """Return the address normalised, or raise AccountError."""
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError(N_("Enter an email address in the correct format, like name@example.org"))
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise AccountError(N_("There is already a user with that email address"))
    return email


def create_user(
    email: str, name: str, *, is_admin: bool = False, password: str | None = None
) -> tuple[User, str]:
    """Add a user with a one-time password (or the one given); return the user and the password."""
    email = check_email(email)
    password = password or one_time_password()
    user = User(
        email=email,
        name=name.strip() or email,
        password_hash=hash_secret(password),
        must_change_password=True,
        is_admin=is_admin,
        session_token=new_session_token(),
    )
    db.session.add(user)
    db.session.flush()
    record(AuditAction.USER_CREATED, subject=email, detail="admin" if is_admin else None)
    if is_admin:
        record(AuditAction.ADMIN_GRANTED, subject=email)
    return user, password


def refuse_self(admin: User | None, user: User) -> None:
    if admin is not None and admin.id == user.id:
        raise AccountError(N_("You cannot change your own role, memberships or access. Ask another admin"))


def add_membership(admin: User | None, user: User, inspection: Inspection, role: Role) -> Membership:
    refuse_self(admin, user)
    if Role(role) not in MEMBER_ROLES:
        raise AccountError(N_("Choose a role in the inspection"))
    existing = db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.inspection_id == inspection.id)
    )
    if existing is not None:
        raise AccountError(
            N_("This user is already a member of that inspection. Remove them first to change their role")
        )
    membership = Membership(user_id=user.id, inspection_id=inspection.id, role=Role(role).value)
    db.session.add(membership)
    record(AuditAction.MEMBERSHIP_ADDED, subject=user.email, inspection=inspection, detail=Role(role).value)
    return membership


def remove_membership(admin: User | None, membership: Membership) -> None:
    refuse_self(admin, membership.user)
    record(
        AuditAction.MEMBERSHIP_REMOVED,
        subject=membership.user.email,
        inspection=membership.inspection,
        detail=membership.role,
    )
    db.session.delete(membership)


def reset_password(admin: User | None, user: User) -> str:
    """Give the user a one-time password they must change; end their sessions. Return it."""
    password = one_time_password()
    user.password_hash = hash_secret(password)
    user.must_change_password = True
    end_every_session(user)
    record(AuditAction.PASSWORD_RESET, subject=user.email)
    return password


def reset_two_factor(admin: User | None, user: User) -> None:
    """Forget the user's app and recovery codes: they enrol again at their next sign-in."""
    user.totp_secret = None
    user.totp_last_step = None
    user.recovery_codes.clear()
    end_every_session(user)
    record(AuditAction.TWO_FACTOR_RESET, subject=user.email)


def set_admin(admin: User | None, user: User, is_admin: bool) -> None:
    refuse_self(admin, user)
    if user.is_admin != is_admin:
        user.is_admin = is_admin
        end_every_session(user)
        record(AuditAction.ADMIN_GRANTED if is_admin else AuditAction.ADMIN_REMOVED, subject=user.email)


def set_active(admin: User | None, user: User, active: bool) -> None:
    refuse_self(admin, user)
    if user.active != active:
        user.active = active
        end_every_session(user)
        record(AuditAction.USER_REACTIVATED if active else AuditAction.USER_DEACTIVATED, subject=user.email)


def add_enrolled_user(
    email: str, name: str, password: str, role: Role, inspection_id: int | None = None,
    *, totp_secret: str | None = None,
) -> User:
    """Add a user ready to sign in (their own password, two-factor enrolled) in a role, unaudited.

    For demo data and tests only: a real user comes from `create_user` and enrols at sign-in.
    """
    user = User(
        email=normalise_email(email), name=name, password_hash=hash_secret(password),
        must_change_password=False, is_admin=role == Role.ADMIN,
        totp_secret=totp_secret or pyotp.random_base32(), session_token=new_session_token(),
    )
    db.session.add(user)
    db.session.flush()
    if role != Role.ADMIN:
        db.session.add(Membership(user_id=user.id, inspection_id=inspection_id, role=Role(role).value))
    return user
