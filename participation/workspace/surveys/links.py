"""Where a survey is answered: its respondent address, as text and as a QR code."""

from __future__ import annotations

from flask import current_app, request
from markupsafe import Markup

from participation.models import Survey
from participation.workspace.auth.two_factor import qr_code_svg

# What each survey is for, in plain words for a poster on a wall or a staff-room notice board.
PURPOSE = {
    "children": "Tell the inspectors what it is like for you. It is for children and young people "
    "who get help to stay safe. You do not have to give your name.",
    "parents": "If you are a parent or carer of a child who gets help to stay safe, tell the "
    "inspectors what it has been like for your family. You do not have to give your name.",
    "staff": "If you work with children and families in this area, tell the inspectors how "
    "services work together to keep children safe. You do not have to give your name.",
}


def respondent_base() -> str:
    """Return the respondent site's address: RESPONDENT_URL, or this host when mounted on it."""
    configured = current_app.config.get("RESPONDENT_URL", "")
    return (configured or request.host_url).rstrip("/")


def survey_url(survey: Survey) -> str:
    """Return the full address a respondent opens to answer the survey."""
    return f"{respondent_base()}/s/{survey.token}"


def survey_qr_code(survey: Survey, title: str) -> Markup:
    """Return the survey's address as an inline SVG QR code."""
    return qr_code_svg(survey_url(survey), title)
