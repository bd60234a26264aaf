"""Admin pages: users, their memberships, and password and two-factor resets."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from participation.extensions import db
from participation.models import Inspection, Membership, Role, User
from participation.workspace.access import requires
from participation.workspace.forms import ActionForm
from participation.workspace.users import accounts
from participation.workspace.users.forms import MembershipForm, NewUserForm

blueprint = Blueprint("users", __name__, url_prefix="/users")


def membership_form(user: User, formdata=None) -> MembershipForm:
    form = MembershipForm(formdata=formdata) if formdata is not None else MembershipForm()
    taken = {membership.inspection_id for membership in user.memberships}
    inspections = db.session.scalars(select(Inspection).order_by(Inspection.name)).all()
    form.inspection.choices = [SelectChoice(0, _("Choose an inspection"))] + [
        SelectChoice(inspection.id, f"{inspection.name} ({inspection.partnership})")
        for inspection in inspections
        if inspection.id not in taken
    ]
    return form


def user_page(
    user: User,
    *,
    problem: str | None = None,
    form: MembershipForm | None = None,
    password: str | None = None,
    done: str | None = None,
):
    status = 400 if problem or (form is not None and form.errors) else 200
    return render_template(
        "workspace/users/show.html",
        user=user,
        is_self=user.id == current_user.id,
        form=form or membership_form(user),
        action=ActionForm(),
        problem=problem,
        password=password,
        done=done,
    ), status


@blueprint.get("/")
@requires(Role.ADMIN)
def index():
    """List every user with their memberships."""
    users = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("workspace/users/index.html", users=users)


@blueprint.route("/new", methods=["GET", "POST"])
@requires(Role.ADMIN)
def new():
    """Add a user; show their one-time password once."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user, password = accounts.create_user(
                form.email.data, form.name.data, is_admin=form.is_admin.data
            )
        except accounts.AccountError as error:
            form.email.errors.append(_(str(error)))
        else:
            db.session.commit()
            return user_page(user, password=password, done=_("User added"))
    return render_template("workspace/users/new.html", form=form), 400 if form.errors else 200


@blueprint.get("/<int:user_id>")
@requires(Role.ADMIN)
def show(user_id: int):
    """Show a user, their memberships and what an admin can change."""
    return user_page(db.get_or_404(User, user_id))


@blueprint.post("/<int:user_id>/memberships")
@requires(Role.ADMIN)
def add_membership(user_id: int):
    user = db.get_or_404(User, user_id)
    form = membership_form(user)
    if not form.validate_on_submit():
        return user_page(user, form=form)
    inspection = db.session.get(Inspection, form.inspection.data)
    if inspection is None:
        form.inspection.errors.append(_("Choose an inspection"))
        return user_page(user, form=form)
    try:
        accounts.add_membership(current_user.user, user, inspection, Role(form.role.data))
    except accounts.AccountError as error:
        return user_page(user, problem=_(str(error)))
    db.session.commit()
    return redirect(url_for("users.show", user_id=user.id))


def _act(user_id: int, change, done: str):
    """Apply one admin change to a user (CSRF-checked), then show the user's page."""
    user = db.get_or_404(User, user_id)
    if not ActionForm().validate_on_submit():
        return user_page(user, problem=_("The form was not sent properly. Try again"))
    try:
        result = change(user)
    except accounts.AccountError as error:
        db.session.rollback()
        return user_page(user, problem=_(str(error)))
    db.session.commit()
    return user_page(user, password=result if isinstance(result, str) else None, done=done)


@blueprint.post("/<int:user_id>/memberships/<int:membership_id>/remove")
@requires(Role.ADMIN)
def remove_membership(user_id: int, membership_id: int):
    membership = db.session.scalar(
        select(Membership).where(Membership.id == membership_id, Membership.user_id == user_id)
    )
    if membership is None:
        return user_page(db.get_or_404(User, user_id), problem=_("That membership no longer exists"))
    return _act(
        user_id,
        lambda _user: accounts.remove_membership(current_user.user, membership),
        _("Membership removed"),
    )


@blueprint.post("/<int:user_id>/reset-password")
@requires(Role.ADMIN)
def reset_password(user_id: int):
    return _act(
        user_id,
        lambda user: accounts.reset_password(current_user.user, user),
        _("Password reset: give the user this one-time password"),
    )


@blueprint.post("/<int:user_id>/reset-two-factor")
@requires(Role.ADMIN)
def reset_two_factor(user_id: int):
    return _act(
        user_id,
        lambda user: accounts.reset_two_factor(current_user.user, user),
        _("Two-factor reset: the user sets up their app again at their next sign-in"),
    )


@blueprint.post("/<int:user_id>/admin/<any(grant, remove):change>")
@requires(Role.ADMIN)
def set_admin(user_id: int, change: str):
    return _act(
        user_id,
        lambda user: accounts.set_admin(current_user.user, user, change == "grant"),
        _("Admin role given") if change == "grant" else _("Admin role removed"),
    )


@blueprint.post("/<int:user_id>/access/<any(deactivate, reactivate):change>")
@requires(Role.ADMIN)
def set_active(user_id: int, change: str):
    return _act(
        user_id,
        lambda user: accounts.set_active(current_user.user, user, change == "reactivate"),
        _("User can sign in again") if change == "reactivate" else _("User can no longer sign in"),
    )
