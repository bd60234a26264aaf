"""The evaluation of a quality indicator, and an inspector's decision on a draft finding."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.reference.quality_framework import quality_framework
from participation.workspace.forms import strip

RATIONALE_LENGTH = 5000
FINDING_LENGTH = 2000
KEEP, DISCARD = "keep", "discard"


class EvaluationForm(FlaskForm):
    grade = RadioField(
        "Your evaluation",
        choices=[(str(grade.value), grade.name) for grade in quality_framework().scale],
        validators=[DataRequired("Choose an evaluation from Excellent to Unsatisfactory")],
    )
    rationale = TextAreaField(
        "Why you chose it",
        filters=[strip],
        validators=[
            DataRequired("Write why you chose this evaluation"),
            Length(max=RATIONALE_LENGTH,
                   message=f"Write the rationale in {RATIONALE_LENGTH:,} characters or fewer"),
        ],
    )


class FindingForm(FlaskForm):
    """Keep (as written in the box) or discard one draft; the key says which draft."""

    draft_key = HiddenField(validators=[DataRequired(), Length(max=200)])
    action = HiddenField(validators=[DataRequired()])
    text = TextAreaField(
        "Finding",
        filters=[strip],
        validators=[Length(max=FINDING_LENGTH,
                           message=f"Write the finding in {FINDING_LENGTH:,} characters or fewer")],
    )
