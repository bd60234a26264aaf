"""The inspection's questions: figures by aim, involvement and wellbeing, confidence in leaders.

Only figures are shown (no answer's words), so a page view is not an answer view to audit.
"""

from __future__ import annotations

from flask import Blueprint, g, render_template

from participation.models import Role
from participation.reference.quality_framework import quality_framework
from participation.workspace.access import requires
from participation.workspace.questions import comparisons
from participation.workspace.questions.figures import by_aim, definitions, min_n, question_words

blueprint = Blueprint("questions", __name__)


@blueprint.get("/inspections/<int:inspection_id>/aims")
@requires(Role.INSPECTOR)
def aims():
    """Show, for each of the inspection's aims, the figures of the questions that inform it."""
    framework = quality_framework()
    figures = by_aim(aim.number for aim in framework.aims)
    return render_template(
        "workspace/questions/aims.html", inspection=g.inspection, aims=framework.aims,
        figures=figures, min_n=min_n(),
    )


def _words(survey: str) -> dict[str, str]:
    definition = definitions().get(survey)
    if definition is None:
        return {}
    return {question.key: question_words(definition, question) for question in definition.questions}


@blueprint.get("/inspections/<int:inspection_id>/involvement-and-wellbeing")
@requires(Role.INSPECTOR)
def involvement():
    """Compare children's wellbeing between those who feel involved in decisions and those who do not."""
    return render_template(
        "workspace/questions/involvement.html", inspection=g.inspection,
        result=comparisons.involvement(), words=_words(comparisons.CHILDREN), min_n=min_n(),
    )


@blueprint.get("/inspections/<int:inspection_id>/confidence-in-leaders")
@requires(Role.INSPECTOR)
def leadership():
    """Compare staff's confidence in first-line managers and senior leaders, on the same staff."""
    staff = definitions().get(comparisons.STAFF)
    agencies = {agency.key: agency.label for agency in staff.agencies} if staff else {}
    return render_template(
        "workspace/questions/leadership.html", inspection=g.inspection,
        result=comparisons.leadership(), words=_words(comparisons.STAFF), agencies=agencies,
        first=comparisons.FIRST_LINE_MANAGER, second=comparisons.STRATEGIC_LEADERS, min_n=min_n(),
    )
