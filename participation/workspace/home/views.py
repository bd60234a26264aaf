"""The page a signed-in user lands on."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from participation.extensions import db
from participation.models import Inspection, Membership
from participation.workspace.access import signed_in

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
@signed_in
def index():
    """List the inspections the user is a member of, with their role in each."""
    memberships = db.session.execute(
        select(Membership, Inspection)
        .join(Inspection, Membership.inspection_id == Inspection.id)
        .where(Membership.user_id == current_user.id)
        .order_by(Inspection.name)
    ).all()
    return render_template("workspace/home.html", memberships=memberships)
