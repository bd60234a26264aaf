"""The triage form of a safeguarding entry and the one-button mark of a possible disclosure."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from participation.models import DecisionKind
from participation.workspace.forms import strip


def _at_most(most: int, what: str) -> Length:
    return Length(max=most, message=f"Write the {what} in {most:,} characters or fewer")


class PassedOnField(DateField):
    """The day a concern was passed on, with a message that says what to type when it is not a date."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter the date it was passed to the lead officer as a real date") from None


DECISIONS = (
    (DecisionKind.NOT_A_CONCERN.value, "Not a concern"),
    (DecisionKind.PASSED_TO_LEAD_OFFICER.value, "Passed to the partnership's lead officer"),
    (DecisionKind.CLOSED.value, "Closed"),
    (DecisionKind.NOTE.value, "Add a note (changes nothing else)"),
)


class DecisionForm(FlaskForm):
    kind = RadioField("What did you decide?", choices=DECISIONS,
                      validators=[DataRequired("Choose what you decided")])
    reason = TextAreaField("Why it is not a concern", filters=[strip],
                           validators=[_at_most(2000, "reason")])
    passed_on = PassedOnField("Date passed to the lead officer", format="%Y-%m-%d", validators=[Optional()])
    passed_to = StringField("Lead officer it was passed to", filters=[strip],
                            validators=[_at_most(200, "name")])
    reference = StringField("Referral reference (optional)", filters=[strip],
                            validators=[_at_most(100, "reference")])
    note = TextAreaField("Note", filters=[strip],
                         validators=[_at_most(2000, "note")])

    def validate_passed_on(self, field: DateField) -> None:
        # A day ahead allows for the server's clock being in UTC while the inspector's is not.
        if field.data and field.data > dt.date.today() + dt.timedelta(days=1):
            raise ValidationError("The date passed to the lead officer must not be in the future")
