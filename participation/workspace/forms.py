"""Forms every workspace feature may use."""

from flask_wtf import FlaskForm

from participation.typed_text import without_controls


def strip(value: str | None) -> str | None:
    """Filter a field's value: leading and trailing spaces and control characters are never meant.

    (PostgreSQL refuses a NUL in text, so one typed into a form would otherwise fail its query.)
    """
    return without_controls(value).strip() if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
