"""Assisted responses: a volunteer's single-use link starts one response marked as assisted.

The link is spent when the respondent presses Start (a POST), not when the page is fetched, so a
link preview or a prefetch cannot use it up. Nothing about the volunteer reaches the response.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import get_locale

from participation.access import public
from participation.extensions import db
from participation.respond import journey
from participation.respond.assisted_links import is_usable, use_link
from participation.respond.forms import StartForm
from participation.respond.views import blueprint, has_about_page, not_saved, total_questions


@blueprint.route("/<token>/assisted/<code>", methods=["GET", "POST"])
@public
def assisted(token: str, code: str):
    """Show the start of an assisted response; on Start, spend the link and begin the response."""
    opened = journey.open_survey(token)
    form = StartForm(data={"start_key": journey.new_start_key()})
    if form.is_submitted():
        if not form.validate() or form.filled_by_bot():
            return not_saved(opened)
        if not use_link(opened.survey, code):
            db.session.rollback()
            return render_template("respond/assisted_used.html", opened=opened), 410
        # A shared device: whatever was in progress in this browser stays saved but is let go.
        journey.end_session()
        journey.begin_response(
            opened, language=str(get_locale()), start_key=journey.new_start_key(), assisted=True
        )
        if has_about_page(opened):
            return redirect(url_for("respond.about", token=token))
        return redirect(url_for("respond.question", token=token, number=1))
    if not is_usable(opened.survey, code):
        return render_template("respond/assisted_used.html", opened=opened), 410
    return render_template(
        "respond/start.html",
        opened=opened,
        form=form,
        in_progress=False,
        ended=False,
        assisted=True,
        start_action=url_for("respond.assisted", token=token, code=code),
        total=total_questions(opened),
    )
