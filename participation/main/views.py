"""Home, get help, the quick exit and the health check."""

from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, current_app, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select, text

from participation.access import public
from participation.extensions import db
from participation.models import Inspection
from participation.respond import journey
from participation.respond.views import AGE_BAND_LABELS

blueprint = Blueprint("main", __name__)
log = logging.getLogger(__name__)

SURVEY_LINK_TEXT = {
    "children": "Children and young people's survey",
    "parents": "Parents and carers' survey",
    "staff": "Staff survey",
}


@blueprint.get("/")
@public
def home():
    """Say what the platform is and link to each open demo survey."""
    inspections = db.session.scalars(
        select(Inspection).where(Inspection.is_demo.is_(True)).order_by(Inspection.id)
    ).all()
    links = [
        (SURVEY_LINK_TEXT.get(survey.definition_key, survey.definition_key), survey.token)
        for inspection in inspections
        for survey in inspection.surveys
        if journey.is_open(survey) and survey.definition_key in current_app.extensions["survey_definitions"]
    ]
    return render_template("main/home.html", links=links)


@blueprint.get("/help")
@public
def get_help():
    """Say where to get help now: answers are not read straight away."""
    return render_template("main/help.html")



# The date this page's accessibility statement was last reviewed against the pages.
ACCESSIBILITY_REVIEWED_ON = dt.date(2026, 12, 6)


@blueprint.get("/privacy/children")
@public
def privacy_children():
    """Say, in plain words for the child's age, what is kept, who reads it and when it is passed on."""
    band = request.args.get("age", "8-11")
    if band not in AGE_BAND_LABELS:
        band = "8-11"
    bands = [(key, _("Ages %(band)s", band=_(label))) for key, label in AGE_BAND_LABELS.items()]
    return render_template("main/privacy_children.html", band=band, bands=bands,
                           retention_days=current_app.config["RETENTION_DAYS"])


@blueprint.get("/privacy")
@public
def privacy_adults():
    """Say, for parents, carers and staff, what is kept, who reads it, and when it is passed on."""
    return render_template("main/privacy_adults.html", retention_days=current_app.config["RETENTION_DAYS"],
                           resume_days=current_app.config["RESUME_CODE_DAYS"])


@blueprint.get("/accessibility")
@public
def accessibility():
    """Publish the accessibility statement: how accessible the pages are and how to report a problem."""
    return render_template("main/accessibility.html", prepared_on=ACCESSIBILITY_REVIEWED_ON,
                           contact_email=current_app.config["CONTACT_EMAIL"])


@blueprint.get("/leave")
@public
def leave():
    """Quick exit: end the respondent's session on the server and go to a neutral site."""
    journey.end_session()
    return redirect(current_app.config["QUICK_EXIT_URL"], code=303)


@blueprint.get("/healthz")
@public
def healthz():
    """Answer 200 after a real query to the database, 503 when it cannot be reached."""
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    except Exception:  # any failure to reach the database means unhealthy, whatever its type
        log.exception("health check failed")
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")
