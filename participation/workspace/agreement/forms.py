"""The form that draws answers into the review sample."""

from __future__ import annotations

from flask_wtf import FlaskForm

from participation.workspace.answers.forms import WholeNumberField

MOST_AT_ONCE = 500


class DrawForm(FlaskForm):
    """How many answers to draw at random into the sample."""

    how_many = WholeNumberField(
        "How many answers to draw", "How many answers to draw", MOST_AT_ONCE, required=True
    )
