"""Forms of an inspection: its details, and the numbers the coordinator expects."""

from __future__ import annotations

from itertools import pairwise

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.reference import local_authorities
from participation.workspace.forms import strip

MOST_EXPECTED = 100_000


def _date(label: str) -> DateField:
    return DateField(label, validators=[Optional()], format="%Y-%m-%d")


class InspectionForm(FlaskForm):
    name = StringField(
        "Inspection name",
        filters=[strip],
        validators=[DataRequired("Enter the inspection's name"), Length(max=200)],
    )
    partnership = StringField(
        "Partnership",
        filters=[strip],
        validators=[DataRequired("Enter the partnership's name"), Length(max=200)],
    )
    local_authority_code = SelectField(
        "Local authority",
        validators=[DataRequired("Choose the local authority")],
    )
    notified_on = _date("Notification date")
    phase_one_on = _date("Phase 1 starts")
    phase_two_on = _date("Phase 2 starts")
    report_on = _date("Report due")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.local_authority_code.choices = [("", "Choose a local authority")] + [
            (authority.code, authority.name) for authority in local_authorities()
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        in_order = [self.notified_on, self.phase_one_on, self.phase_two_on, self.report_on]
        given = [field for field in in_order if field.data is not None]
        for earlier, later in pairwise(given):
            if later.data < earlier.data:
                later.errors.append(f"{later.label.text} must be on or after {earlier.label.text.lower()}")
                valid = False
        return valid


class WholeNumberField(IntegerField):
    """A whole number whose error names the field, as the error summary lists it."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text}: enter a whole number, like 40") from None


def expected_form(fields: list[tuple[str, str]], values: dict[str, int]) -> FlaskForm:
    """Build a form with one whole-number field per (name, label); blank means not known."""

    class ExpectedNumbersForm(FlaskForm):
        pass

    for name, label in fields:
        setattr(
            ExpectedNumbersForm,
            name,
            WholeNumberField(
                label,
                validators=[
                    Optional(),
                    NumberRange(
                        0, MOST_EXPECTED, f"{label}: enter a whole number from 0 to {MOST_EXPECTED:,}"
                    ),
                ],
            ),
        )
    return ExpectedNumbersForm(data=values)
