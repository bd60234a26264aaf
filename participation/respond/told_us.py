"""The survey's own link after it has closed and its inspection has published: what the people
who answered told the inspection, in the respondent's language (English when it has no page of its
own) and for their age band (chosen on the page when the survey has several).

Nothing here is shown unless `participation.told_us` says so; otherwise the link keeps saying the
survey has closed.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from participation import told_us
from participation.access import public
from participation.extensions import db
from participation.models import Survey, ToldUsPage
from participation.respond.journey import OpenSurvey, SurveyClosed, is_open


def _survey(token: str) -> OpenSurvey:
    """Return the survey behind a token with its definition (open or not), or answer 404."""
    survey = db.session.scalar(select(Survey).where(Survey.token == token))
    definitions = current_app.extensions["survey_definitions"]
    if survey is None or survey.definition_key not in definitions:
        abort(404)
    return OpenSurvey(survey, definitions[survey.definition_key])


def band_label(band: str) -> str | None:
    """Return how an age band reads ("8 to 11 years old"); None for a survey of one band."""
    from participation.respond.views import AGE_BAND_LABELS  # that module imports this one

    if band not in AGE_BAND_LABELS:
        return None
    return _("%(band)s years old", band=_(AGE_BAND_LABELS[band]))


def _render_band(found: OpenSurvey, page: ToldUsPage, several_bands: bool) -> str:
    return render_template(
        "respond/told_us.html",
        opened=found,
        content=told_us.content_of(page),
        band_label=band_label(page.band),
        in_other_language=page.language != str(get_locale()),
        figures=told_us.approved_figures(page, found.definition),
        choose_url=url_for("respond.start", token=found.survey.token) if several_bands else None,
    )


def closed_survey_page(token: str) -> str | None:
    """Return the page the link of a closed survey shows, or None to say it has closed.

    One band with a page shows that page; several show a choice of age first.
    """
    found = _survey(token)
    if not told_us.may_show(found.survey):
        return None
    bands = told_us.shown_bands(found.survey, found.definition, str(get_locale()))
    if not bands:
        return None
    if len(bands) == 1:
        page = told_us.shown_page(found.survey, bands[0], str(get_locale()))
        return _render_band(found, page, several_bands=False)
    return render_template(
        "respond/told_us_bands.html", opened=found, bands=[(band, band_label(band)) for band in bands]
    )


@public
def told_us_band(token: str, band: str):
    """Show what the people of one age band told the inspection."""
    found = _survey(token)
    if band not in found.definition.bands:
        abort(404)
    if is_open(found.survey):
        return redirect(url_for("respond.start", token=token))
    page = told_us.shown_page(found.survey, band, str(get_locale()))
    if page is None or not told_us.may_show(found.survey):
        raise SurveyClosed()
    several = len(told_us.shown_bands(found.survey, found.definition, str(get_locale()))) > 1
    return _render_band(found, page, several_bands=several)


def register(blueprint: Blueprint) -> None:
    """Add the page of one age band to the respondent blueprint."""
    blueprint.add_url_rule("/<token>/what-you-told-us/<band>", "told_us", told_us_band, methods=["GET"])
