"""Forms every workspace feature may use."""

from flask_wtf import FlaskForm


def strip(value: str | None) -> str | None:
    """Filter a field's value: leading and trailing spaces are never meant."""
    return value.strip() if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
