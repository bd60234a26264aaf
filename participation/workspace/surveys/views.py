"""The surveys page of an inspection: state, links, posters; opening, closing; assisted links."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, url_for
from sqlalchemy import select

from participation.extensions import db
from participation.models import Role, Survey
from participation.respond import assisted_links
from participation.respond.journey import is_open
from participation.workspace.access import current_role, requires
from participation.workspace.audit import AuditAction, record
from participation.workspace.auth.two_factor import qr_code_svg
from participation.workspace.forms import ActionForm
from participation.workspace.surveys.links import PURPOSE, respondent_base, survey_qr_code, survey_url

blueprint = Blueprint("surveys", __name__)


def survey_of_inspection(survey_id: int) -> Survey:
    """Return the survey if it belongs to the inspection in the URL, or answer 404."""
    survey = db.session.scalar(
        select(Survey).where(Survey.id == survey_id, Survey.inspection_id == g.inspection.id)
    )
    if survey is None:
        abort(404)
    return survey


def title_of(survey: Survey) -> str:
    definition = current_app.extensions["survey_definitions"].get(survey.definition_key)
    return definition.title if definition else survey.definition_key


@blueprint.get("/inspections/<int:inspection_id>/surveys/")
@requires(Role.INSPECTOR, Role.COORDINATOR, Role.VOLUNTEER)
def index():
    """List the surveys: whether each takes answers, its link and poster, and what the role may do."""
    return render_template(
        "workspace/surveys/index.html",
        inspection=g.inspection,
        role=current_role(),
        surveys=[
            (survey, title_of(survey), is_open(survey), survey_url(survey)) for survey in g.inspection.surveys
        ],
        form=ActionForm(),
    )


def _set_open(survey_id: int, open_now: bool):
    form = ActionForm()
    survey = survey_of_inspection(survey_id)
    if form.validate_on_submit() and survey.is_open != open_now:
        survey.is_open = open_now
        record(
            AuditAction.SURVEY_OPENED if open_now else AuditAction.SURVEY_CLOSED,
            inspection=g.inspection,
            detail=f"survey {survey.id} ({survey.definition_key})",
        )
        db.session.commit()
    return redirect(url_for("surveys.index"))


@blueprint.post("/inspections/<int:inspection_id>/surveys/<int:survey_id>/open", endpoint="open")
@requires(Role.INSPECTOR)
def open_(survey_id: int):
    """Let the survey take answers again."""
    return _set_open(survey_id, True)


@blueprint.post("/inspections/<int:inspection_id>/surveys/<int:survey_id>/close")
@requires(Role.INSPECTOR)
def close(survey_id: int):
    """Stop the survey taking answers: every respondent page of it says it has closed."""
    return _set_open(survey_id, False)


@blueprint.get("/inspections/<int:inspection_id>/surveys/<int:survey_id>/poster")
@requires(Role.INSPECTOR, Role.COORDINATOR)
def poster(survey_id: int):
    """Show an A4 poster of the survey: what it is for, its link and a QR code."""
    survey = survey_of_inspection(survey_id)
    title = title_of(survey)
    return render_template(
        "workspace/surveys/poster.html",
        inspection=g.inspection,
        survey=survey,
        title=title,
        purpose=PURPOSE.get(survey.definition_key, ""),
        url=survey_url(survey),
        qr_code=survey_qr_code(survey, f"QR code for the {title}"),
    )


@blueprint.post("/inspections/<int:inspection_id>/surveys/<int:survey_id>/assisted-link")
@requires(Role.VOLUNTEER, Role.INSPECTOR)
def assisted_link(survey_id: int):
    """Make a single-use link that starts one assisted response, and show it once."""
    form = ActionForm()
    survey = survey_of_inspection(survey_id)
    if not form.validate_on_submit():
        return redirect(url_for("surveys.index"))
    if not is_open(survey):
        return render_template(
            "workspace/surveys/assisted_link.html", inspection=g.inspection, title=title_of(survey), link=None
        )
    token, expires = assisted_links.make_link(survey)
    # That a link was made, for which survey: never which response it will start.
    record(
        AuditAction.ASSISTED_LINK_MADE,
        inspection=g.inspection,
        detail=f"survey {survey.id} ({survey.definition_key})",
    )
    db.session.commit()
    link = f"{respondent_base()}/s/{survey.token}/assisted/{token}"
    return render_template(
        "workspace/surveys/assisted_link.html",
        inspection=g.inspection,
        title=title_of(survey),
        link=link,
        qr_code=qr_code_svg(link, f"QR code of the assisted link for the {title_of(survey)}"),
        expires=expires,
    )
