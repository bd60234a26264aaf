"""The answers page's filters (read from the address) and the form that corrects an answer's labels."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from analysis.theme_list import THEMES
from participation.workspace.forms import strip
from participation.workspace.names import (
    AGE_BAND_NAMES,
    AUDIENCE_NAMES,
    LANGUAGE_NAMES,
    THEME_NAMES,
    TONE_NAMES,
)
from participation.workspace.pagination import MOST_PAGES

ANY = ("", "Any")


def listed(pairs) -> list[SelectChoice]:
    """Return (value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


RESPONDENTS = tuple(AUDIENCE_NAMES.items())
AGE_BANDS = tuple(AGE_BAND_NAMES.items())
FLAGS = (("flagged", "Flagged for safeguarding"), ("not_flagged", "Not flagged"))
ASSISTED = (("yes", "Answered with help"), ("no", "Answered without help"))
CARERS = (("parent", "Parents (not kinship carers)"), ("kinship_carer", "Kinship carers"))
SEARCH_LENGTH = 200


class ListField(SelectField):
    """A choice from a list, with a message that names what to choose when the value is not in it."""

    def __init__(self, label: str, what: str, choices=(), **kwargs) -> None:
        super().__init__(label, choices=listed([ANY, *choices]), validators=[Optional()], **kwargs)
        self.what = what

    def pre_validate(self, form) -> None:
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(f"Choose {self.what} from the list")


class WholeNumberField(IntegerField):
    """A positive whole number; anything else is a plain-English error, never a crash."""

    def __init__(self, label: str, what: str, most: int, *, required: bool = False, **kwargs) -> None:
        message = f"{what} must be a whole number from 1 to {most:,}"
        first = InputRequired(f"Enter {what[0].lower()}{what[1:]}") if required else Optional()
        super().__init__(label, validators=[first, NumberRange(1, most, message)], **kwargs)
        self.message = message

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.message) from None


class AnswerFilterForm(FlaskForm):
    """What to list (a GET form: it changes nothing, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(
        "Search the answers' words",
        filters=[strip],
        validators=[Length(max=SEARCH_LENGTH, message=f"Search for {SEARCH_LENGTH} characters or fewer")],
    )
    survey = ListField("Survey", "a survey")
    question = ListField("Question", "a question")
    theme = ListField("Theme", "a theme", [(theme, THEME_NAMES[theme]) for theme in THEMES])
    sentiment = ListField("Tone", "a tone", list(TONE_NAMES.items()))
    flag = ListField("Safeguarding", "flagged or not flagged", FLAGS)
    respondent = ListField("Respondents", "a respondent group", RESPONDENTS)
    age_band = ListField("Age band", "an age band", AGE_BANDS)
    agency = ListField("Staff agency", "an agency")
    carer = ListField("Parents or kinship carers", "parents or kinship carers", CARERS)
    language = ListField("Language", "a language", list(LANGUAGE_NAMES.items()))
    assisted = ListField("Help", "with or without help", ASSISTED)
    answer = WholeNumberField("Answer number", "The answer number", 2**31 - 1)
    page = WholeNumberField("Page", "The page number", MOST_PAGES)

    FILTERS = (
        "survey",
        "question",
        "theme",
        "sentiment",
        "flag",
        "respondent",
        "age_band",
        "agency",
        "carer",
        "language",
        "assisted",
    )


class ThemesField(SelectMultipleField):
    """Any number of themes (none is allowed); an unknown one is a plain-English error."""

    def pre_validate(self, form) -> None:
        known = {choice.value for choice in self.choices}
        if any(value not in known for value in self.data or ()):
            raise ValidationError("Choose themes from the list")


class LabelsForm(FlaskForm):
    """An inspector's reading of one answer: its themes and tone."""

    themes = ThemesField(
        "Themes", choices=listed((theme, THEME_NAMES[theme]) for theme in THEMES), validators=[Optional()]
    )
    sentiment = RadioField(
        "Tone", choices=listed(TONE_NAMES.items()), validators=[DataRequired("Choose the answer's tone")]
    )


class CorrectionForm(LabelsForm):
    """Correcting an answer while reading the answers: safeguarding is optional to say."""

    safeguarding = BooleanField("This answer needed safeguarding attention")


class ReviewForm(LabelsForm):
    """Labelling an answer of the review sample: every label must be given, safeguarding too."""

    safeguarding = RadioField(
        "Did this answer need safeguarding attention?",
        choices=listed([("yes", "Yes"), ("no", "No")]),
        validators=[DataRequired("Say whether the answer needed safeguarding attention")],
    )
