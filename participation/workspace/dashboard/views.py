"""The live responses page of an inspection."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from analysis.suppression import DEFAULT_MIN_N
from participation.models import Role
from participation.workspace.access import current_role, requires
from participation.workspace.dashboard.counts import inspection_counts
from participation.workspace.dashboard.figures import Suppression, dashboard

blueprint = Blueprint("dashboard", __name__)


def suppression_for(role: Role | str | None) -> Suppression:
    """Inspectors see exact counts; everyone else sees small counts withheld."""
    return Suppression(
        exact=role == Role.INSPECTOR,
        min_n=current_app.config.get("SUPPRESSION_MIN_N", DEFAULT_MIN_N),
    )


@blueprint.get("/inspections/<int:inspection_id>/responses")
@requires(Role.INSPECTOR, Role.COORDINATOR)
def responses():
    """Show how many responses have been started and sent, by survey and by group."""
    suppression = suppression_for(current_role())
    figures = dashboard(
        inspection_counts(g.inspection.id), current_app.extensions["survey_definitions"], suppression
    )
    return render_template(
        "workspace/dashboard/responses.html",
        inspection=g.inspection,
        figures=figures,
        suppression=suppression,
    )
