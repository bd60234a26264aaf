"""Admin forms: add a user, add a membership."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from participation.models import MEMBER_ROLES
from participation.workspace.forms import strip
from participation.workspace.roles import ROLE_NAMES


class NewUserForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the person's full name")), Length(max=200)],
    )
    email = StringField(
        _l("Email address"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the person's email address")), Length(max=254)],
    )
    is_admin = BooleanField(_l("Admin: can manage users and memberships and read the audit"))


class MembershipForm(FlaskForm):
    inspection = SelectField(
        _l("Inspection"), coerce=int, validators=[DataRequired(_l("Choose an inspection"))]
    )
    role = RadioField(
        _l("Role in the inspection"),
        choices=[SelectChoice(role.value, ROLE_NAMES[role]) for role in MEMBER_ROLES],
        validators=[DataRequired(_l("Choose a role in the inspection"))],
    )
