"""Home, get help, the quick exit and the health check."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, redirect, render_template
from sqlalchemy import select, text

from participation.access import public
from participation.extensions import db
from participation.models import Inspection
from participation.respond import journey

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
