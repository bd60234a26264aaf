"""The safeguarding queue, an entry with its triage form, and the whole response an entry is from.

Every page that shows an answer's words records who saw which answer (its number, never the text).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.models import (
    EntryState,
    Response,
    Role,
    SafeguardingEntry,
    Survey,
    User,
)
from participation.safeguarding import (
    DecisionError,
    entries_of_inspection,
    mark_by_inspector,
    record_decision,
    safeguarding_evidence,
)
from participation.workspace.access import requires
from participation.workspace.audit import AuditAction, record
from participation.workspace.forms import ActionForm
from participation.workspace.pagination import PAGE_SIZE, PageOf, pagination
from participation.workspace.safeguarding.forms import DECISIONS, DecisionForm

blueprint = Blueprint("safeguarding", __name__)

STATE_NAMES = {
    EntryState.NEW: "New",
    EntryState.NEEDS_TRANSLATION: "Needs translation",
    EntryState.NOT_A_CONCERN: "Not a concern",
    EntryState.PASSED_TO_LEAD_OFFICER: "Passed to lead officer",
    EntryState.CLOSED: "Closed",
}
REASON_NAMES = {
    "possible_disclosure": "Possible disclosure",
    "language": "Needs a person to read: not in English",
    "analysis_failed": "Needs a person to read: the analysis could not read it",
    "answer_of_concern": "An answer the survey marks of concern",
    "marked_by_inspector": "Marked by an inspector",
}


def _definitions() -> dict:
    return current_app.extensions["survey_definitions"]


def question_text(definition_key: str, question_key: str, age_band: str | None) -> str:
    """Return the words of a question as the respondent's band saw them (the key if unknown)."""
    definition = _definitions().get(definition_key)
    try:
        question = definition.question(question_key)
    except (AttributeError, KeyError):
        return question_key
    band = age_band if age_band in question.wordings else definition.bands[0]
    return question.wording(band).text


def _entry_or_404(entry_id: int) -> SafeguardingEntry:
    entry = db.session.scalar(
        select(SafeguardingEntry)
        .where(SafeguardingEntry.id == entry_id, SafeguardingEntry.inspection_id == g.inspection.id)
        .options(selectinload(SafeguardingEntry.decisions))
    )
    if entry is None:
        abort(404)
    return entry


def _survey_titles() -> dict[int, str]:
    surveys = db.session.scalars(select(Survey).where(Survey.inspection_id == g.inspection.id))
    return {survey.id: _title(survey) for survey in surveys}


@blueprint.get("/inspections/<int:inspection_id>/safeguarding/")
@requires(Role.INSPECTOR)
def queue():
    """List the inspection's entries, newest first, optionally of one state."""
    entries = entries_of_inspection(g.inspection.id)
    wanted = request.args.get("state", "")
    if wanted not in STATE_NAMES:
        wanted = ""
    shown = [entry for entry in entries if not wanted or entry.state == wanted]
    counts = {state: sum(1 for entry in entries if entry.state == state) for state in STATE_NAMES}
    page = PageOf(1, PAGE_SIZE, len(shown))
    number = request.args.get("page", 1, type=int) or 1  # anything but a number is the first page
    page = PageOf(min(max(number, 1), page.count), PAGE_SIZE, len(shown))
    args = {"state": wanted} if wanted else {}
    return render_template(
        "workspace/safeguarding/queue.html",
        inspection=g.inspection,
        entries=shown[page.offset:page.offset + page.size],
        page=page,
        pages=pagination(page, lambda n: url_for("safeguarding.queue", **args, page=n)),
        counts=counts,
        total=len(entries),
        wanted=wanted,
        surveys=_survey_titles(),
        state_names=STATE_NAMES,
        reason_names=REASON_NAMES,
    )


@blueprint.route(
    "/inspections/<int:inspection_id>/safeguarding/<int:entry_id>", methods=["GET", "POST"]
)
@requires(Role.INSPECTOR)
def entry(entry_id: int):
    """Show an entry as flagged, its decisions, and record a new decision or note."""
    item = _entry_or_404(entry_id)
    form = DecisionForm()
    problem = None
    if form.validate_on_submit():
        passed_at = (
            dt.datetime.combine(form.passed_on.data, dt.time(), tzinfo=dt.UTC)
            if form.passed_on.data
            else None
        )
        try:
            decision = record_decision(
                item, form.kind.data, current_user.id,
                reason=form.reason.data, passed_at=passed_at, passed_to=form.passed_to.data,
                reference=form.reference.data, note=form.note.data,
            )
        except DecisionError as error:
            db.session.rollback()
            problem = str(error)
        else:
            record(AuditAction.SAFEGUARDING_DECISION, inspection=g.inspection,
                   subject=f"safeguarding entry {item.id}", detail=f"{decision.kind}, decision {decision.id}")
            db.session.commit()
            return redirect(url_for("safeguarding.entry", entry_id=item.id))
    status = 400 if request.method == "POST" else 200
    item = _entry_or_404(entry_id)
    seen = f"answer {item.answer_id}" if item.answer_id else "its answer was deleted"
    record(AuditAction.ANSWER_VIEWED, inspection=g.inspection,
           subject=f"safeguarding entry {item.id}", detail=seen)
    db.session.commit()
    survey = db.session.get(Survey, item.survey_id)
    return render_template(
        "workspace/safeguarding/entry.html",
        inspection=g.inspection,
        entry=item,
        survey=survey,
        survey_title=_title(survey),
        question=question_text(survey.definition_key, item.question_key, item.age_band),
        evidence=safeguarding_evidence(item.evidence),
        options=option_labels(survey.definition_key, item.question_key, item.option_keys, item.age_band),
        form=form,
        problem=problem,
        state_names=STATE_NAMES,
        reason_names=REASON_NAMES,
        decision_names=dict(DECISIONS),
        people=_names(decision.decided_by for decision in item.decisions),
    ), status


def _names(user_ids) -> dict[str, str]:
    ids = {int(user_id) for user_id in user_ids if user_id and user_id.isdigit()}
    if not ids:
        return {}
    return {str(user.id): user.name for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def _title(survey: Survey) -> str:
    definition = _definitions().get(survey.definition_key)
    return definition.title if definition else survey.definition_key


@blueprint.get("/inspections/<int:inspection_id>/safeguarding/responses/<int:response_id>")
@requires(Role.INSPECTOR)
def response(response_id: int):
    """Show every answer of one response with its question; record a view of each answer with
    words or an entry in the queue."""
    found = _response_or_404(response_id)
    survey = found.survey
    definition = _definitions().get(survey.definition_key)
    order = {key: number for number, key in enumerate(definition.question_keys)} if definition else {}
    answers = sorted(found.answers, key=lambda answer: order.get(answer.question_key, len(order)))
    flagged = set(db.session.scalars(
        select(SafeguardingEntry.answer_id).where(SafeguardingEntry.response_id == found.id)
    ))
    rows = []
    for answer in answers:
        rows.append({
            "answer": answer,
            "question": question_text(survey.definition_key, answer.question_key, found.age_band),
            "options": option_labels(survey.definition_key, answer.question_key, answer.option_keys,
                                     found.age_band),
        })
        if answer.text or answer.id in flagged:
            record(AuditAction.ANSWER_VIEWED, inspection=g.inspection,
                   subject=f"response {found.id}", detail=f"answer {answer.id}")
    db.session.commit()
    return render_template(
        "workspace/safeguarding/response.html",
        inspection=g.inspection,
        found=found,
        survey_title=_title(survey),
        rows=rows,
        form=ActionForm(),
    )


def _response_or_404(response_id: int) -> Response:
    found = db.session.scalar(
        select(Response)
        .join(Survey, Response.survey_id == Survey.id)
        .where(Response.id == response_id, Survey.inspection_id == g.inspection.id)
        .options(selectinload(Response.answers))
    )
    if found is None:
        abort(404)
    return found


def option_labels(definition_key: str, question_key: str, keys: list[str] | None,
                  age_band: str | None) -> list[str]:
    """Return the words of the chosen options as the respondent saw them (a key if unknown)."""
    definition = _definitions().get(definition_key)
    try:
        question = definition.question(question_key)
        wording = question.wording(age_band if age_band in question.wordings else definition.bands[0])
    except (AttributeError, KeyError):
        return list(keys or [])
    labels = []
    for key in keys or []:
        try:
            labels.append(wording.option(key).label)
        except KeyError:
            labels.append(key)
    return labels


@blueprint.post(
    "/inspections/<int:inspection_id>/safeguarding/responses/<int:response_id>/answers/<int:answer_id>/mark"
)
@requires(Role.INSPECTOR)
def mark(response_id: int, answer_id: int):
    """Put one answer of the response in the queue by hand: "this may be a disclosure"."""
    found = _response_or_404(response_id)
    answer = next((a for a in found.answers if a.id == answer_id), None)
    if answer is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    entry = mark_by_inspector(answer, current_user.id)
    record(AuditAction.SAFEGUARDING_DECISION, inspection=g.inspection,
           subject=f"safeguarding entry {entry.id}",
           detail=f"marked by an inspector: answer {answer.id}; analysis missed it: {entry.analysis_missed}")
    db.session.commit()
    return redirect(url_for("safeguarding.entry", entry_id=entry.id))
