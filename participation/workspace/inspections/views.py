"""An inspection's overview: its surveys and, for those who may see them, response counts."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template
from sqlalchemy import func, select

from participation.extensions import db
from participation.models import Membership, Response, ResponseStatus, Role, Survey, User
from participation.workspace.access import current_role, requires

blueprint = Blueprint("inspections", __name__)

# Who sees how many responses came in (a volunteer records answers; counts are not theirs to track).
SEES_COUNTS = (Role.INSPECTOR, Role.COORDINATOR)


@blueprint.get("/inspections/<int:inspection_id>/")
@requires(Role.INSPECTOR, Role.COORDINATOR, Role.VOLUNTEER)
def overview():
    """Show the inspection's surveys, and its team to inspectors."""
    inspection = g.inspection
    role = current_role()
    counts = {}
    if role in SEES_COUNTS:
        counts = dict(
            db.session.execute(
                select(Response.survey_id, func.count(Response.id))
                .join(Survey, Response.survey_id == Survey.id)
                .where(Survey.inspection_id == inspection.id, Response.status == ResponseStatus.SUBMITTED)
                .group_by(Response.survey_id)
            ).all()
        )
    team = []
    if role == Role.INSPECTOR:
        team = db.session.execute(
            select(User, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.inspection_id == inspection.id)
            .order_by(User.name)
        ).all()
    return render_template(
        "workspace/inspections/overview.html",
        inspection=inspection,
        role=role,
        counts=counts,
        sees_counts=role in SEES_COUNTS,
        team=team,
        definitions=current_app.extensions["survey_definitions"],
    )
