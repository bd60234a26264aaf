"""Every free-text answer of an inspection, searched and filtered by the database, and an
inspector's correction of one answer's themes and tone. Every page of answers shown is audited by
the answers' numbers, never their words."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from participation.extensions import db
from participation.models import Role
from participation.workspace.access import requires
from participation.workspace.answers.corrections import corrections_of
from participation.workspace.answers.forms import AnswerFilterForm, CorrectionForm
from participation.workspace.answers.listing import (
    AnswerFilters,
    count_answers,
    page_of_answers,
)
from participation.workspace.answers.one_answer import answer_or_404, save_labels, shown
from participation.workspace.answers.presented import choices_for
from participation.workspace.answers.seen import record_answers_seen
from participation.workspace.pagination import PAGE_SIZE, PageOf, pagination

blueprint = Blueprint("answers", __name__)


def _filter_form() -> AnswerFilterForm:
    form = AnswerFilterForm(request.args)
    choices_for(form, current_app.extensions["survey_definitions"], g.inspection)
    return form


def _chosen(form: AnswerFilterForm) -> dict[str, str]:
    """Return the filters and search in force, to carry into page links."""
    return {name: value for name in (*form.FILTERS, "q") if (value := getattr(form, name).data)}


def _render(form: AnswerFilterForm, correction: CorrectionForm | None = None):
    """Render the answers page for a filter form; audit what it shows."""
    if not form.validate():
        return render_template(
            "workspace/answers/index.html",
            inspection=g.inspection,
            form=form,
            items=[],
            page=None,
            pages=None,
            one=None,
            chosen={},
        ), 400
    filters = AnswerFilters.of(form.data)
    total = count_answers(g.inspection.id, filters)
    page = PageOf(1, PAGE_SIZE, total)
    page = PageOf(min(form.page.data or 1, page.count), PAGE_SIZE, total)
    listed = page_of_answers(g.inspection.id, filters, page)
    chosen = _chosen(form)
    items = shown(listed)
    one = items[0] if filters.answer is not None and items else None
    history = corrections_of(one.answer_id) if one else []
    if one and correction is None:
        correction = CorrectionForm(formdata=None, themes=one.themes, sentiment=one.tone_key)
    record_answers_seen(listed, f"answers page {page.number}" if one is None else "one answer")
    db.session.commit()
    status = 400 if correction is not None and correction.errors else 200
    return render_template(
        "workspace/answers/index.html",
        inspection=g.inspection,
        form=form,
        items=items,
        page=page,
        chosen=chosen,
        one=one,
        history=history,
        correction=correction,
        pages=pagination(page, lambda number: url_for("answers.index", **chosen, page=number)),
    ), status


@blueprint.get("/inspections/<int:inspection_id>/answers")
@requires(Role.INSPECTOR)
def index():
    """List the inspection's free-text answers, filtered and searched; or one answer to correct."""
    return _render(_filter_form())


@blueprint.post("/inspections/<int:inspection_id>/answers/<int:answer_id>/corrections")
@requires(Role.INSPECTOR)
def correct(answer_id: int):
    """Save an inspector's themes and tone for one answer (and a safeguarding concern, if said)."""
    found = answer_or_404(answer_id)
    form = CorrectionForm()
    if not form.validate_on_submit():
        filters = AnswerFilterForm(MultiDict({"answer": str(answer_id)}))
        choices_for(filters, current_app.extensions["survey_definitions"], g.inspection)
        return _render(filters, form)
    save_labels(found, form, safeguarding=True if form.safeguarding.data else None, from_review=False)
    return redirect(url_for("answers.index", answer=answer_id))
