"""The form that writes a "what you told us" page, and the approve button's form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from participation.told_us import MAX_FIGURES
from participation.workspace.forms import strip


def _at_most(most: int, what: str) -> Length:
    return Length(max=most, message=f"Write {what} in {most:,} characters or fewer")


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (the template draws them as GOV.UK checkboxes)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ToldUsForm(FlaskForm):
    told_us = TextAreaField(
        "What they told the inspection", filters=[strip],
        validators=[DataRequired("Write what they told the inspection"), _at_most(3000, "what they told")],
    )
    questions = CheckboxesField(
        f"Figures to show (up to {MAX_FIGURES})",
        validate_choice=True,
    )
    examples = TextAreaField(
        "Examples in your own words (optional)", filters=[strip],
        validators=[_at_most(2000, "the examples")],
    )
    will_do = TextAreaField(
        "What the partnership will do", filters=[strip],
        validators=[DataRequired("Write what the partnership will do"), _at_most(2000, "what they will do")],
    )

    def validate_questions(self, field: CheckboxesField) -> None:
        if len(field.data or []) > MAX_FIGURES:
            raise ValidationError(f"Choose {MAX_FIGURES} figures or fewer")


class ApproveForm(FlaskForm):
    """Approve the page as it was read: the revision shown travels with the button."""

    revision = HiddenField()
