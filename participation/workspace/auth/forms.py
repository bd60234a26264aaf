"""Forms of signing in and of a user's own password and two-factor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from participation.workspace.auth.passwords import MAX_LENGTH, password_problem
from participation.workspace.forms import strip


class SignInForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your email address")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password")), Length(max=MAX_LENGTH)],
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code from your authenticator app"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the 6-digit code from your authenticator app")), Length(max=20)],
    )


class RecoveryCodeForm(FlaskForm):
    code = StringField(
        _l("Recovery code"),
        filters=[strip],
        validators=[DataRequired(_l("Enter one of your recovery codes")), Length(max=30)],
    )


# Made before the new-password fields, so the change form lists (and reports errors for) it first.
_CURRENT_PASSWORD = PasswordField(
    _l("Current password"),
    validators=[DataRequired(_l("Enter your current password"))],
)


class NewPasswordForm(FlaskForm):
    """Choose a password: the user's e-mail address is needed to check it."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password"))],
    )
    confirm = PasswordField(
        _l("Confirm new password"),
        validators=[
            DataRequired(_l("Enter the new password again")),
            EqualTo("password", _l("The passwords do not match")),
        ],
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", email=self.email)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    """A signed-in user changes their password: the current one first."""

    current = _CURRENT_PASSWORD
