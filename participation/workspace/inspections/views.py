"""An inspection's pages: its overview, its details, its expected numbers; admins list and create."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, url_for
from sqlalchemy import select

from participation.extensions import db
from participation.models import Membership, Role, User
from participation.workspace.access import current_role, requires
from participation.workspace.audit import AuditAction, record
from participation.workspace.inspections import manage
from participation.workspace.inspections.forms import InspectionForm, expected_form

blueprint = Blueprint("inspections", __name__)


@blueprint.get("/inspections/<int:inspection_id>/")
@requires(Role.INSPECTOR, Role.COORDINATOR, Role.VOLUNTEER)
def overview():
    """Show the inspection's details, its surveys' state, and its team to inspectors."""
    inspection = g.inspection
    role = current_role()
    return render_template(
        "workspace/inspections/overview.html",
        inspection=inspection,
        role=role,
        team=team_of(inspection.id) if role == Role.INSPECTOR else [],
        authority=manage.authority_name(inspection),
        definitions=current_app.extensions["survey_definitions"],
    )


@blueprint.get("/inspections/")
@requires(Role.ADMIN)
def index():
    """List every inspection, for admins to create one and give it members."""
    return render_template("workspace/inspections/index.html", inspections=manage.inspection_list())


@blueprint.route("/inspections/new", methods=["GET", "POST"])
@requires(Role.ADMIN)
def new():
    """Create an inspection with its three surveys (closed until its inspectors open them)."""
    form = InspectionForm()
    if form.validate_on_submit():
        inspection = manage.add_inspection(form)
        record(AuditAction.INSPECTION_CREATED, inspection=inspection)
        db.session.commit()
        return redirect(url_for("inspections.index"))
    return render_template("workspace/inspections/form.html", form=form, inspection=None), (
        400 if form.errors else 200
    )


def team_of(inspection_id: int) -> list:
    return db.session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.inspection_id == inspection_id)
        .order_by(User.name)
    ).all()


@blueprint.route("/inspections/<int:inspection_id>/edit", methods=["GET", "POST"])
@requires(Role.INSPECTOR)
def edit():
    """Change the inspection's name, partnership, local authority and dates."""
    inspection = g.inspection
    form = InspectionForm(obj=inspection)
    if form.validate_on_submit():
        changed = manage.change_details(inspection, form)
        if changed:
            record(AuditAction.INSPECTION_CHANGED, inspection=inspection, detail=", ".join(changed))
        db.session.commit()
        return redirect(url_for("inspections.overview"))
    return render_template(
        "workspace/inspections/form.html", form=form, inspection=inspection, team=team_of(inspection.id)
    ), (400 if form.errors else 200)


@blueprint.route("/inspections/<int:inspection_id>/expected", methods=["GET", "POST"])
@requires(Role.INSPECTOR, Role.COORDINATOR)
def expected():
    """Enter how many children, parents and carers, and staff of each agency could answer."""
    inspection = g.inspection
    fields = manage.expected_fields(current_app.extensions["survey_definitions"])
    labels = [(name, label) for name, label, _group, _agency in fields]
    form = expected_form(labels, manage.expected_values(inspection, fields))
    if form.validate_on_submit():
        manage.save_expected(inspection, fields, form)
        record(AuditAction.EXPECTED_NUMBERS_CHANGED, inspection=inspection)
        db.session.commit()
        return redirect(url_for("dashboard.responses"))
    return render_template(
        "workspace/inspections/expected.html",
        form=form,
        inspection=inspection,
        names=[name for name, _label, _group, _agency in fields],
    ), (400 if form.errors else 200)
