"""The form that asks for a spreadsheet."""

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

ANSWERS = ("answers", "Answers: one row for each response, one sheet for each survey")
FIGURES = ("figures", "Figures: counts and percentages by theme and group, small numbers withheld")


class WorkbookForm(FlaskForm):
    """Choose what the spreadsheet holds."""

    kind = RadioField(
        "What should the spreadsheet hold?",
        choices=[ANSWERS, FIGURES],
        validators=[InputRequired("Choose what the spreadsheet should hold")],
    )


class NationalWorkbookForm(FlaskForm):
    """Every inspection's spreadsheet holds figures only."""

    kind = RadioField(
        "What should the spreadsheet hold?",
        choices=[FIGURES],
        validators=[InputRequired("Choose what the spreadsheet should hold")],
    )
