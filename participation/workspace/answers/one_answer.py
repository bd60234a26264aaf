"""One answer of the inspection in view, as the answers and agreement pages both use it: found by
its number, shown in words, and corrected with an inspector's labels."""

from __future__ import annotations

from flask import abort, current_app, g
from flask_login import current_user

from participation.extensions import db
from participation.workspace.answers.corrections import correct_answer, entries_of, record_correction
from participation.workspace.answers.forms import LabelsForm
from participation.workspace.answers.listing import AnswerFilters, ListedAnswer, page_of_answers
from participation.workspace.answers.presented import ShownAnswer, presented
from participation.workspace.pagination import PageOf


def answer_or_404(answer_id: int) -> ListedAnswer:
    """Return a free-text answer of the inspection in view; answer 404 if it has no such answer."""
    found = page_of_answers(g.inspection.id, AnswerFilters(answer=answer_id), PageOf(1, 1, 1))
    if not found:
        abort(404)
    return found[0]


def shown(listed: list[ListedAnswer]) -> list[ShownAnswer]:
    """Return the answers in the words the page shows, each with its safeguarding entry if any."""
    definitions = current_app.extensions["survey_definitions"]
    entries = entries_of([item.answer.id for item in listed])
    return [presented(item, definitions, entries.get(item.answer.id)) for item in listed]


def save_labels(
    found: ListedAnswer, form: LabelsForm, *, safeguarding: bool | None, from_review: bool
) -> None:
    """Store the inspector's themes and tone from the form as a correction, audit it and commit."""
    correction, entry = correct_answer(
        found.answer,
        g.inspection.id,
        themes=form.themes.data or [],
        sentiment=form.sentiment.data,
        safeguarding=safeguarding,
        from_review=from_review,
        user=current_user.user,
    )
    record_correction(correction, entry, g.inspection)
    db.session.commit()
