"""Quality indicator 2.1: its evidence and evaluations; the draft strengths and areas for development.

Evaluations and decisions on drafts are new rows, never changes, each recorded in the audit.
"""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from participation.extensions import db
from participation.models import Role
from participation.reference.quality_framework import quality_framework
from participation.workspace.access import requires
from participation.workspace.audit import AuditAction, record
from participation.workspace.evaluation.findings import KINDS, finding_items, origins
from participation.workspace.evaluation.forms import DISCARD, KEEP, EvaluationForm, FindingForm
from participation.workspace.evaluation.records import (
    DISCARDED,
    KEPT,
    add_decision,
    add_evaluation,
    evaluations,
)
from participation.workspace.questions.figures import min_n, tagged_figures

blueprint = Blueprint("evaluation", __name__)

# The indicator the published report evaluates on the six-point scale.
IMPACT_ON_CHILDREN = "2.1"


@blueprint.route("/inspections/<int:inspection_id>/quality-indicators/2.1", methods=["GET", "POST"])
@requires(Role.INSPECTOR)
def indicator():
    """Show the results tagged 2.1 and the evaluations so far; record a new evaluation."""
    framework = quality_framework()
    form = EvaluationForm()
    if form.validate_on_submit():
        grade = framework.grade(int(form.grade.data))
        evaluation = add_evaluation(g.inspection.id, IMPACT_ON_CHILDREN, grade.value, form.rationale.data)
        record(AuditAction.EVALUATION_RECORDED, inspection=g.inspection,
               subject=f"quality indicator {IMPACT_ON_CHILDREN}",
               detail=f"{grade.name} ({grade.value}), evaluation {evaluation.id}")
        db.session.commit()
        return redirect(url_for("evaluation.indicator", _anchor="history"))
    history = evaluations(g.inspection.id, IMPACT_ON_CHILDREN)
    return render_template(
        "workspace/evaluation/indicator.html",
        inspection=g.inspection,
        indicator=framework.indicator(IMPACT_ON_CHILDREN),
        scale=framework.scale,
        grades={grade.value: grade for grade in framework.scale},
        evidence=tagged_figures(lambda question: IMPACT_ON_CHILDREN in question.quality_indicators),
        history=history,
        form=form,
        min_n=min_n(),
    ), 400 if request.method == "POST" else 200


def _drafts_page(form: FindingForm, problem: str | None = None, problem_key: str | None = None,
                 status: int = 200):
    return render_template(
        "workspace/evaluation/drafts.html",
        inspection=g.inspection,
        kinds=KINDS,
        items=finding_items(),
        form=form,
        problem=problem,
        problem_key=problem_key,
        anchor=anchor,
        min_n=min_n(),
    ), status


@blueprint.get("/inspections/<int:inspection_id>/strengths-and-areas")
@requires(Role.INSPECTOR)
def drafts():
    """Show the draft strengths and areas for development, and what inspectors kept."""
    return _drafts_page(FindingForm())


@blueprint.post("/inspections/<int:inspection_id>/strengths-and-areas")
@requires(Role.INSPECTOR)
def decide():
    """Keep a draft (as edited in its box) or discard it."""
    form = FindingForm()
    if not form.validate_on_submit() or form.action.data not in (KEEP, DISCARD):
        message = form.text.errors[0] if form.text.errors else "Choose a finding to keep or discard"
        return _drafts_page(form, message, form.draft_key.data or None, 400)
    origin = origins().get(form.draft_key.data)
    if origin is None:
        return _drafts_page(form, "That draft is no longer one of this inspection's findings", status=400)
    text = form.text.data or ""
    if form.action.data == KEEP and not text:
        return _drafts_page(form, "Write the finding before you keep it", form.draft_key.data, 400)
    decision = KEPT if form.action.data == KEEP else DISCARDED
    row = add_decision(g.inspection.id, origin, decision, text or origin.text)
    record(AuditAction.FINDING_DECIDED, inspection=g.inspection, subject=f"draft {origin.key}"[:254],
           detail=f"{decision}, decision {row.id}")
    db.session.commit()
    return redirect(url_for("evaluation.drafts", _anchor=anchor(origin.key)))


def anchor(key: str) -> str:
    """Return the page anchor of a finding (its key with only letters, digits and hyphens)."""
    return "finding-" + "".join(c if c.isalnum() else "-" for c in key)
