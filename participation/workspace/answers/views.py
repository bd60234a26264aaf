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
    answers_numbered,
    count_answers,
    numbers_on_page,
)
from participation.workspace.answers.one_answer import answer_or_404, save_labels, shown
from participation.workspace.answers.presented import choices_for
from participation.workspace.answers.seen import record_answers_seen
from participation.workspace.pagination import PAGE_SIZE, PageOf, pagination
from participation.workspace.summaries import cached_under_data_version

blueprint = Blueprint("answers", __name__)


def _filter_form() -> AnswerFilterForm:
    form = AnswerFilterForm(request.args)
    choices_for(form, current_app.extensions["survey_definitions"], g.inspection)
    return form


def _chosen(form: AnswerFilterForm) -> dict[str, str]:
    """Return the filters and search in force, to carry into page links."""
    return {name: value for name in (*form.FILTERS, "q") if (value := getattr(form, name).data)}


def _page_of(filters: AnswerFilters, wanted: int) -> tuple[PageOf, list[int]]:
    """Return the page of answers asked for and the numbers of its answers, kept until the data
    changes (counting and finding them goes through every answer; what they show is read fresh)."""

    def make() -> tuple[PageOf, list[int]]:
        total = count_answers(g.inspection.id, filters)
        page = PageOf(min(wanted, PageOf(1, PAGE_SIZE, total).count), PAGE_SIZE, total)
        return page, numbers_on_page(g.inspection.id, filters, page)

    return cached_under_data_version("answers_pages", g.inspection.id, (filters, wanted), make)


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
    page, numbers = _page_of(filters, form.page.data or 1)
    listed = answers_numbered(g.inspection.id, numbers)
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
