"""The agreement page: a random sample of the inspection's free-text answers, labelled by inspectors
who do not see the analysis's labels first, and how far the analysis agrees with them."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, redirect, render_template, url_for

from analysis.agreement import agreement
from participation.extensions import db
from participation.models import Role
from participation.workspace.access import requires
from participation.workspace.agreement.export import labelled_csv
from participation.workspace.agreement.figures import figure_rows, interval_note
from participation.workspace.agreement.forms import DrawForm
from participation.workspace.agreement.sample import SampledAnswer, draw, reviewed, sampled
from participation.workspace.answers.forms import ReviewForm
from participation.workspace.answers.one_answer import answer_or_404, save_labels, shown
from participation.workspace.answers.seen import record_answers_seen
from participation.workspace.audit import AuditAction, record
from participation.workspace.names import THEME_NAMES, TONE_NAMES

blueprint = Blueprint("agreement", __name__)
DEFAULT_DRAW = 50


def _page(draw_form: DrawForm, status: int = 200):
    sample = sampled(g.inspection.id)
    done = reviewed(g.inspection.id)
    figures = agreement(done) if len(done) else None
    return render_template(
        "workspace/agreement/index.html",
        inspection=g.inspection,
        sample=sample,
        reviewed=len(done),
        figures=figures,
        rows=figure_rows(figures) if figures else None,
        note=interval_note(figures) if figures else None,
        following=_next_to_review(sample),
        form=draw_form,
    ), status


@blueprint.get("/inspections/<int:inspection_id>/agreement")
@requires(Role.INSPECTOR)
def index():
    """Show the sample's progress and the analysis's agreement with the inspectors on it."""
    return _page(DrawForm(formdata=None, how_many=DEFAULT_DRAW))


@blueprint.post("/inspections/<int:inspection_id>/agreement/sample")
@requires(Role.INSPECTOR)
def draw_sample():
    """Draw answers at random into the sample (a first sample, or more of them)."""
    form = DrawForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    added = draw(g.inspection.id, form.how_many.data)
    record(
        AuditAction.REVIEW_SAMPLE_DRAWN,
        inspection=g.inspection,
        subject="review sample",
        detail=f"{added} answers added of {form.how_many.data} asked for",
    )
    db.session.commit()
    return redirect(url_for("agreement.index"))


def _next_to_review(sample: list[SampledAnswer]) -> SampledAnswer | None:
    """Return the first answer of the sample not yet labelled, if any."""
    return next((item for item in sample if item.label is None), None)


def _sampled_answer(answer_id: int):
    position = next((item for item in sampled(g.inspection.id) if item.answer_id == answer_id), None)
    found = answer_or_404(answer_id)
    if position is None:
        abort(404)
    return position, found


@blueprint.route(
    "/inspections/<int:inspection_id>/agreement/answers/<int:answer_id>", methods=["GET", "POST"]
)
@requires(Role.INSPECTOR)
def label(answer_id: int):
    """Label one sampled answer without seeing the analysis's labels; then show both."""
    position, found = _sampled_answer(answer_id)
    form = ReviewForm()
    if position.label is None and form.validate_on_submit():
        save_labels(found, form, safeguarding=form.safeguarding.data == "yes", from_review=True)
        return redirect(url_for("agreement.label", answer_id=answer_id))
    if position.label is not None and form.is_submitted():
        return redirect(url_for("agreement.label", answer_id=answer_id))  # labelled once, blind
    record_answers_seen([found], "review sample")
    db.session.commit()
    return render_template(
        "workspace/agreement/label.html",
        inspection=g.inspection,
        item=shown([found])[0],
        position=position,
        form=form,
        following=_next_to_review(sampled(g.inspection.id)),
        theme_names=THEME_NAMES,
        tone_names=TONE_NAMES,
        analysis_flagged=bool(found.reading and found.reading.safeguarding_flag),
    ), 400 if form.errors else 200


@blueprint.get("/inspections/<int:inspection_id>/agreement/reviewed.csv")
@requires(Role.INSPECTOR)
def download():
    """Download the reviewed answers, labelled as the inspectors said, for training the analysis."""
    done = reviewed(g.inspection.id)
    record(
        AuditAction.EXPORTED,
        inspection=g.inspection,
        subject="reviewed answers CSV",
        detail=f"{len(done)} reviewed answers",
    )
    db.session.commit()
    return Response(
        labelled_csv(done),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="reviewed-answers-{g.inspection.id}.csv"'},
    )
