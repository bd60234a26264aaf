"""A question's answer field, rendered once per question, wording, language and age band.

The GOV.UK radios, checkboxes and character count of a question (nested macros, hundreds of
escaped fragments) are the largest part of a question page's time, yet a blank field depends
only on the question's wording, the language and whether the youngest children's faces are
shown. So a blank field's HTML is kept after its first rendering; a field holding an answer or
an error message is always rendered afresh. The cache lives on the app and is bounded by the
survey definitions it was built from (questions x bands x languages).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup

from participation.respond.forms import RespondentForm
from participation.surveys import Question, Wording

TEMPLATE = "components/question.html"


def _is_blank(form: RespondentForm) -> bool:
    if form.errors:
        return False
    answer = getattr(form, "answer", None)
    if answer is not None and answer.data not in (None, "", []):
        return False
    prefer_not = getattr(form, "prefer_not_to_say", None)
    return not (prefer_not is not None and prefer_not.data)


def _render(form: RespondentForm, question: Question, wording: Wording, audience: str | None,
            young: bool) -> Markup:
    macro = current_app.jinja_env.get_template(TEMPLATE).module.question_field
    return macro(form, question, wording, audience, young=young)  # already Markup: autoescaped


def question_field_html(form: RespondentForm, question: Question, wording: Wording,
                        audience: str | None = None, young: bool = False) -> Markup:
    """Return the question's answer field: from the cache when blank, else rendered now."""
    if not _is_blank(form):
        return _render(form, question, wording, audience, young)
    cache: dict = current_app.extensions.setdefault("blank_question_fields", {})
    # The definitions live as long as the app, so their objects' ids name a wording exactly.
    key = (id(question), id(wording), str(get_locale()), audience, young)
    html = cache.get(key)
    if html is None:
        html = cache[key] = _render(form, question, wording, audience, young)
    return html
