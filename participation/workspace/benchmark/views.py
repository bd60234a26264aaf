"""The national comparison page and the comparison with the partnership's earlier inspection."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from analysis.benchmark import Benchmark, compare_figures
from analysis.compare import BETTER, SAME, WORSE
from analysis.suppression import DEFAULT_MIN_N
from participation.models import Inspection, Role
from participation.workspace.access import requires
from participation.workspace.benchmark.counts import (
    Tallies,
    earlier_inspection,
    national_tallies,
    question_tallies,
)
from participation.workspace.benchmark.questions import describe, in_survey_order
from participation.workspace.names import THEME_NAMES

blueprint = Blueprint("benchmark", __name__)


def _compare(this: Tallies, other: Tallies) -> tuple[Benchmark, dict]:
    """Compare this inspection's questions (and their themes) with the other figures."""
    versions = current_app.extensions["survey_versions"]
    questions = in_survey_order(versions, [q for q, tally in this.items() if tally.answers])
    info = describe(versions, questions)
    themes = {question: info[question].themes for question in questions}
    min_n = current_app.config.get("SUPPRESSION_MIN_N", DEFAULT_MIN_N)
    return compare_figures(questions, this, other, themes, min_n=min_n), info


def _render(template: str, benchmark: Benchmark, info: dict, **context) -> str:
    definitions = current_app.extensions["survey_definitions"]
    surveys = [(key, definitions[key].title if key in definitions else key) for key in definitions]
    return render_template(
        template, inspection=g.inspection, benchmark=benchmark, info=info, surveys=surveys,
        theme_names=THEME_NAMES, verdicts=(BETTER, SAME, WORSE), **context,
    )


@blueprint.get("/inspections/<int:inspection_id>/national-comparison/")
@requires(Role.INSPECTOR)
def national():
    """Show each question's and theme's percentage positive beside every other inspection's."""
    every = question_tallies()
    national, inspections = national_tallies(g.inspection, every)
    benchmark, info = _compare(every.get(g.inspection.id, {}), national)
    return _render("workspace/benchmark/national.html", benchmark, info, inspections=inspections,
                   earlier=earlier_inspection(g.inspection))


@blueprint.get("/inspections/<int:inspection_id>/national-comparison/earlier-inspection")
@requires(Role.INSPECTOR)
def earlier():
    """Show each question's and theme's percentage positive beside the partnership's earlier inspection."""
    before: Inspection | None = earlier_inspection(g.inspection)
    ids = [g.inspection.id] + ([before.id] if before else [])
    tallies = question_tallies(ids)
    benchmark, info = _compare(tallies.get(g.inspection.id, {}), tallies.get(before.id, {}) if before else {})
    return _render("workspace/benchmark/earlier.html", benchmark, info, earlier=before)
