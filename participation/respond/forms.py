"""Forms of the respondent pages: each one CSRF-protected, length-capped and with a honeypot."""

from __future__ import annotations

from functools import cache

from babel.support import Translations
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import ValidationError

from participation.models import AnswerStatus
from participation.surveys import PREFER_NOT_TO_SAY, Question, Wording
from participation.typed_text import without_controls

# What the respondent's answer turned out to be: its status, option keys and text.
Parsed = tuple[AnswerStatus, list[str] | None, str | None]


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value




@cache
def wtforms_translations(locale: str) -> Translations:
    """Return WTForms' own messages in one language, read from its catalog once a process.

    Flask-WTF reads the catalog again on every request, which cost about a twentieth of a
    question page's time (bench/page_profile.py).
    """
    return Translations.load(messages_path(), [locale], domain="wtforms")


class RespondentForm(FlaskForm):
    """Base of every respondent form: a hidden field that people never fill in and bots do."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return wtforms_translations(str(get_locale()))

    # Named like a real field so simple bots fill it; hidden from people and screen readers.
    website = StringField()

    def filled_by_bot(self) -> bool:
        """Say whether the honeypot was filled in."""
        return bool((self.website.data or "").strip())


class StartForm(RespondentForm):
    """The start page's button, carrying the key of the response it starts (see begin_response)."""

    start_key = HiddenField()


class ChoiceForm(RespondentForm):
    """One answer from a list: scale, single choice, yes / no / not sure, age band, agency."""

    answer = StringField(filters=[_strip])

    def __init__(self, *args, allowed: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def validate_answer(self, field: StringField) -> None:
        if field.data and field.data not in self.allowed:
            raise ValidationError(_l("Choose one of the answers on the page"))

    def parsed(self) -> Parsed:
        """Return what was chosen: nothing means the question was skipped."""
        if not self.answer.data:
            return AnswerStatus.SKIPPED, None, None
        if self.answer.data == PREFER_NOT_TO_SAY:
            return AnswerStatus.PREFER_NOT_TO_SAY, None, None
        return AnswerStatus.ANSWERED, [self.answer.data], None


class MultipleChoiceForm(RespondentForm):
    """Any number of answers from a list, or "I'd rather not say" on its own."""

    answer = SelectMultipleField(validate_choice=False)

    def __init__(self, *args, allowed: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def validate_answer(self, field: SelectMultipleField) -> None:
        chosen = field.data or []
        if any(key not in self.allowed for key in chosen):
            raise ValidationError(_l("Choose one of the answers on the page"))
        if PREFER_NOT_TO_SAY in chosen and len(chosen) > 1:
            raise ValidationError(_l("Choose your answers, or choose “I’d rather not say”, but not both"))

    def parsed(self) -> Parsed:
        """Return the chosen keys in the order of the page."""
        chosen = self.answer.data or []
        if not chosen:
            return AnswerStatus.SKIPPED, None, None
        if chosen == [PREFER_NOT_TO_SAY]:
            return AnswerStatus.PREFER_NOT_TO_SAY, None, None
        return AnswerStatus.ANSWERED, [key for key in self.allowed if key in chosen], None


class FreeTextForm(RespondentForm):
    """A typed answer, or "I'd rather not say"."""

    answer = TextAreaField(filters=[without_controls, _strip])
    prefer_not_to_say = BooleanField()

    def __init__(self, *args, max_length: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_length = max_length

    def validate_answer(self, field: TextAreaField) -> None:
        if field.data and len(field.data) > self.max_length:
            raise ValidationError(
                _l("Your answer must be %(limit)s characters or fewer", limit=self.max_length)
            )
        if field.data and self.prefer_not_to_say.data:
            raise ValidationError(
                _l("Write your answer, or tick “I’d rather not say”, but not both")
            )

    def parsed(self) -> Parsed:
        """Return the typed text, or the choice not to say."""
        if self.prefer_not_to_say.data:
            return AnswerStatus.PREFER_NOT_TO_SAY, None, None
        if not self.answer.data:
            return AnswerStatus.SKIPPED, None, None
        return AnswerStatus.ANSWERED, None, self.answer.data


class ResumeForm(RespondentForm):
    """Where a respondent types the code to carry on."""

    code = StringField(filters=[_strip])

    def validate_code(self, field: StringField) -> None:
        if not field.data:
            raise ValidationError(_l("Enter the code you were given"))
        if len(field.data) > 40:
            raise ValidationError(_l("The code has 12 letters and numbers. Check it and try again"))


class SaveForm(RespondentForm):
    """The button that asks for a code to finish later, carrying the question to come back to."""

    question = HiddenField()


class SubmitForm(RespondentForm):
    """The check-your-answers page's send button, carrying the response's idempotency key."""

    submit_key = HiddenField()


def answer_form(question: Question, wording: Wording, formdata=None, **data) -> RespondentForm:
    """Build the form that reads an answer to this question."""
    keys = [option.key for option in wording.options]
    if question.type == "free_text":
        return FreeTextForm(formdata=formdata, max_length=question.max_length, **data)
    if question.type == "multiple_choice":
        return MultipleChoiceForm(formdata=formdata, allowed=keys, **data)
    return ChoiceForm(formdata=formdata, allowed=keys, **data)
