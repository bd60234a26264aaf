"""Respondent pages: start, about you, one question a page, check answers, submit, resume.

Addresses and page titles are neutral (a survey token and a question number), because someone
else may pick up the phone.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from participation.access import public
from participation.extensions import limiter
from participation.limits import limiter_key
from participation.models import AnswerStatus, Response
from participation.respond import journey
from participation.respond.codes import format_resume_code, normalise_resume_code
from participation.respond.forms import (
    ChoiceForm,
    ResumeForm,
    SaveForm,
    StartForm,
    SubmitForm,
    answer_form,
)
from participation.respond.journey import OpenSurvey
from participation.respond.told_us import closed_survey_page
from participation.surveys import PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL, Question
from participation.surveys.models import N_

blueprint = Blueprint("respond", __name__, url_prefix="/s")


@blueprint.before_request
def read_pages_outside_a_transaction() -> None:
    """Let a page that is only shown (GET, HEAD) read without a transaction around its queries."""
    if request.method in ("GET", "HEAD"):
        journey.read_without_transaction()


@blueprint.before_request
def renew_the_session_with_each_form() -> None:
    """Restart the idle timeout with each answer or other form sent (not with a page shown)."""
    if request.method == "POST" and session:
        session.modified = True


# Marked for extraction (N_) and translated where shown.
AGE_BAND_LABELS = {"5-7": N_("5 to 7"), "8-11": N_("8 to 11"), "12-17": N_("12 to 17")}
# Used for wording when a child would rather not give their age: plain enough for most ages.
FALLBACK_BAND = "8-11"


def band_of(opened: OpenSurvey, response: Response) -> str:
    """Return the band whose wording this respondent sees."""
    bands = opened.definition.bands
    if response.age_band in bands:
        return response.age_band
    return FALLBACK_BAND if FALLBACK_BAND in bands else bands[0]


def not_saved(opened: OpenSurvey):
    """Turn away a form that a bot filled in or that failed its checks, saving nothing."""
    return render_template("respond/not_saved.html", opened=opened), 400


def has_about_page(opened: OpenSurvey) -> bool:
    """Say whether the survey asks age band (children) or agency (staff) before the questions."""
    return opened.definition.audience in ("children", "staff")


def require_response(opened: OpenSurvey) -> Response | WerkzeugResponse:
    """Return this session's response, or send the respondent back to the start page."""
    return _or_back_to_start(opened, journey.current_response(opened.survey))


def survey_and_response(token: str) -> tuple[OpenSurvey, Response | WerkzeugResponse]:
    """Return the open survey and this session's response, or the way back to the start page."""
    opened, response = journey.open_survey_and_response(token)
    return opened, _or_back_to_start(opened, response)


def _or_back_to_start(opened: OpenSurvey, response: Response | None) -> Response | WerkzeugResponse:
    if response is None:
        return redirect(url_for("respond.start", token=opened.survey.token, ended=1))
    return response


def total_questions(opened: OpenSurvey) -> int:
    return len(opened.definition.questions)


@blueprint.get("/<token>")
@public
def start(token: str):
    """Say what the survey is for, who reads it, and that it can be skipped and stopped.

    Once it has closed, show what the people who answered told the inspection, when published.
    """
    try:
        opened = journey.open_survey(token)
    except journey.SurveyClosed:
        page = closed_survey_page(token)
        if page is None:
            raise
        return page
    response = journey.current_response(opened.survey)
    in_progress = response is not None
    if in_progress:
        opened = journey.as_started(opened, response)
    return render_template(
        "respond/start.html",
        opened=opened,
        form=StartForm(data={"start_key": journey.new_start_key()}),
        in_progress=in_progress,
        ended=request.args.get("ended") == "1" and not in_progress,
        total=total_questions(opened),
    )


@blueprint.post("/<token>/begin")
@public
def begin(token: str):
    """Start (or carry on with) this session's response."""
    opened = journey.open_survey(token)
    form = StartForm()
    if not form.validate_on_submit() or form.filled_by_bot():
        return not_saved(opened)
    start_key = form.start_key.data or ""
    if not journey.is_start_key(start_key):
        start_key = journey.new_start_key()
    journey.begin_response(opened, language=str(get_locale()), start_key=start_key)
    if has_about_page(opened):
        return redirect(url_for("respond.about", token=token))
    return redirect(url_for("respond.question", token=token, number=1))


def about_choices(opened: OpenSurvey) -> list[tuple[str, str]]:
    """Return the (key, label) choices of the about page: age bands or agencies."""
    if opened.definition.audience == "children":
        return [(band, _("%(band)s years old", band=_(AGE_BAND_LABELS[band])))
                for band in opened.definition.bands]
    return [(agency.key, _(agency.label)) for agency in opened.definition.agencies]


@blueprint.route("/<token>/about", methods=["GET", "POST"])
@public
def about(token: str):
    """Ask a child's age band, or a member of staff's agency, before the questions."""
    opened = journey.open_survey(token)
    if not has_about_page(opened):
        abort(404)
    response = require_response(opened)
    if not isinstance(response, Response):
        return response
    opened = journey.as_started(opened, response)
    choices = about_choices(opened)
    allowed = [key for key, _label in choices] + [PREFER_NOT_TO_SAY]
    children = opened.definition.audience == "children"
    saved = response.age_band if children else response.agency
    form = ChoiceForm(allowed=allowed, data={"answer": saved or ""})
    if request.method == "POST":
        if form.validate_on_submit() and not form.filled_by_bot():
            status, keys, _text = form.parsed()
            chosen = keys[0] if status == AnswerStatus.ANSWERED and keys else None
            if children:
                journey.set_about(response, age_band=chosen)
            else:
                journey.set_about(response, agency=chosen)
            return redirect(next_url(opened, 0))
        if form.filled_by_bot():
            return not_saved(opened)
    return render_template(
        "respond/about.html",
        opened=opened,
        form=form,
        choices=choices,
        children=children,
        back_url=url_for("respond.start", token=token),
    ), (400 if form.errors else 200)


def next_url(opened: OpenSurvey, number: int) -> str:
    """Return where to go after question `number` (0 for the about page)."""
    token = opened.survey.token
    if request.args.get("change") == "1" or number >= total_questions(opened):
        return url_for("respond.check", token=token)
    return url_for("respond.question", token=token, number=number + 1)


def previous_url(opened: OpenSurvey, number: int) -> str:
    """Return the back link of question `number`."""
    token = opened.survey.token
    if request.args.get("change") == "1":
        return url_for("respond.check", token=token)
    if number > 1:
        return url_for("respond.question", token=token, number=number - 1)
    if has_about_page(opened):
        return url_for("respond.about", token=token)
    return url_for("respond.start", token=token)


def question_at(opened: OpenSurvey, number: int) -> Question:
    """Return question `number` (1-based) or answer 404."""
    questions = opened.definition.questions
    if not 1 <= number <= len(questions):
        abort(404)
    return questions[number - 1]


def saved_form_data(question: Question, answer) -> dict:
    """Return the saved answer as form data, to show it again within the same session."""
    if answer is None:
        return {}
    if answer.status == AnswerStatus.PREFER_NOT_TO_SAY:
        if question.type == "free_text":
            return {"prefer_not_to_say": True}
        if question.type == "multiple_choice":
            return {"answer": [PREFER_NOT_TO_SAY]}
        return {"answer": PREFER_NOT_TO_SAY}
    if question.type == "free_text":
        return {"answer": answer.text or ""}
    if question.type == "multiple_choice":
        return {"answer": answer.option_keys or []}
    return {"answer": (answer.option_keys or [""])[0]}


@blueprint.route("/<token>/q/<number:number>", methods=["GET", "POST"])
@public
def question(token: str, number: int):
    """Show one question; save its answer as soon as it is posted."""
    opened, response = survey_and_response(token)
    if not isinstance(response, Response):
        return response
    opened = journey.as_started(opened, response)
    current = question_at(opened, number)
    wording = current.wording(band_of(opened, response))
    if request.method == "POST":
        form = answer_form(current, wording, formdata=request.form)
        if form.filled_by_bot():
            return not_saved(opened)
        if form.validate_on_submit():
            status, keys, text = form.parsed()
            # The language the answer was given in, so a non-English answer is read by a person.
            response.language = str(get_locale())
            # Worked out before saving: the commit expires the survey, and reloading it costs a query.
            target = next_url(opened, number)
            journey.save_answer(response, current, status, option_keys=keys, text=text)
            return redirect(target)
    else:
        saved = journey.saved_answer(response, current.key)
        form = answer_form(current, wording, formdata=None, data=saved_form_data(current, saved))
    return render_template(
        "respond/question.html",
        opened=opened,
        form=form,
        question=current,
        wording=wording,
        number=number,
        total=total_questions(opened),
        band=band_of(opened, response),
        back_url=previous_url(opened, number),
        change=request.args.get("change") == "1",
    ), (400 if form.errors else 200)


def answer_summary(question: Question, wording, answer) -> str:
    """Return how a saved answer reads on the check page."""
    if answer is None or answer.status == AnswerStatus.SKIPPED:
        return _("Not answered")
    if answer.status == AnswerStatus.PREFER_NOT_TO_SAY:
        return _(PREFER_NOT_TO_SAY_LABEL)
    if question.type == "free_text":
        return answer.text or ""
    labels = {option.key: _(option.label) for option in wording.options}
    return ", ".join(labels.get(key, key) for key in answer.option_keys or [])


@blueprint.get("/<token>/check")
@public
def check(token: str):
    """List every answer with a link to change it, and the button that sends them."""
    opened, response = survey_and_response(token)
    if not isinstance(response, Response):
        return response
    opened = journey.as_started(opened, response)
    band = band_of(opened, response)
    saved = journey.answers_by_key(response)
    rows = []
    for number, item in enumerate(opened.definition.questions, start=1):
        wording = item.wording(band)
        answer = saved.get(item.key)
        rows.append({
            "number": number,
            "question": _(wording.text),
            "answer": answer_summary(item, wording, answer),
            "written": item.type == "free_text" and answer is not None and bool(answer.text),
            "change_url": url_for("respond.question", token=token, number=number, change=1),
        })
    about_row = None
    if has_about_page(opened):
        chosen = response.age_band if opened.definition.audience == "children" else response.agency
        labels = dict(about_choices(opened))
        about_row = {
            "answer": labels.get(chosen, _(PREFER_NOT_TO_SAY_LABEL)),
            "change_url": url_for("respond.about", token=token),
        }
    form = SubmitForm(data={"submit_key": response.submit_key})
    return render_template(
        "respond/check.html",
        opened=opened,
        rows=rows,
        about_row=about_row,
        form=form,
        back_url=url_for("respond.question", token=token, number=total_questions(opened)),
    )


@blueprint.post("/<token>/submit")
@public
def submit(token: str):
    """Send the answers exactly once, end the session, and say thank you."""
    opened = journey.open_survey(token)
    form = SubmitForm()
    if not form.validate_on_submit() or form.filled_by_bot():
        return not_saved(opened)
    response = journey.current_response(opened.survey)
    if response is None or response.submit_key != form.submit_key.data:
        return already_sent(token) or redirect(url_for("respond.start", token=token, ended=1))
    sent_now = journey.submit(response, journey.as_started(opened, response).definition)
    journey.end_session()
    # A racing send of the same form that lost sees the page a repeated send sees.
    return redirect(url_for("respond.done", token=token, **({} if sent_now else {"again": 1})))


def session_ended(token: str, **_ignored) -> WerkzeugResponse | None:
    """If this browser has no survey session any more, send it to the start page."""
    opened = journey.open_survey(token)
    if journey.current_response(opened.survey) is not None:
        return None
    return redirect(url_for("respond.start", token=token, ended=1))


def already_sent(token: str) -> WerkzeugResponse | None:
    """If the posted submit key belongs to a response already sent, show the thank-you page."""
    opened = journey.open_survey(token)
    if journey.submitted_with_key(opened.survey, request.form.get("submit_key", "")) is None:
        return None
    journey.end_session()
    return redirect(url_for("respond.done", token=token, again=1))


@blueprint.get("/<token>/done")
@public
def done(token: str):
    """Thank the respondent and repeat where to get help."""
    opened = journey.open_survey(token)
    return render_template("respond/done.html", opened=opened, again=request.args.get("again") == "1")


@blueprint.route("/<token>/save", methods=["GET", "POST"])
@public
def save(token: str):
    """Give a code to carry on later, on this or another device (only on a POST).

    Loading the page (a refresh, a restored tab) never replaces a code already written down.
    """
    opened = journey.open_survey(token)
    response = require_response(opened)
    if not isinstance(response, Response):
        return response
    opened = journey.as_started(opened, response)
    coming_from = return_question(opened, request.args.get("q"))
    form = SaveForm(data={"question": str(coming_from)})
    if request.method == "POST":
        if not form.validate_on_submit() or form.filled_by_bot():
            return not_saved(opened)
        number = return_question(opened, form.question.data)
        code, expires = journey.issue_resume_code(response)
        return render_template(
            "respond/save.html",
            opened=opened,
            code=format_resume_code(code),
            expires=expires,
            continue_url=url_for("respond.question", token=token, number=number),
        )
    return render_template(
        "respond/get_code.html",
        opened=opened,
        form=form,
        back_url=url_for("respond.question", token=token, number=coming_from),
    )


def return_question(opened: OpenSurvey, typed: str | None) -> int:
    """Return the question number to come back to: a number on the page, or the first question.

    Only a number is carried, never an address, so no link on the page can lead to another site.
    """
    if typed and typed.isascii() and typed.isdigit() and 1 <= int(typed) <= total_questions(opened):
        return int(typed)
    return 1


def typed_code_key() -> str:
    """Key the per-code limit on the code as it would be stored, however it was typed."""
    typed = request.form.get("code", "")
    return limiter_key("code", normalise_resume_code(typed) or typed.strip().upper()[:40])


def address_key() -> str:
    return limiter_key("address", request.remote_addr or "unknown")


def resume_limits() -> list:
    """Limits on guessing: per code, and per address (loose, for a school behind one address)."""
    def setting(name: str):
        return lambda: current_app.config[name]

    return [
        limiter.limit(setting("RESUME_LIMIT_PER_CODE"), key_func=typed_code_key, methods=["POST"]),
        limiter.limit(setting("RESUME_LIMIT_PER_ADDRESS"), key_func=address_key, methods=["POST"]),
    ]


@public
def resume(token: str):
    """Carry on with a response by typing its code."""
    opened = journey.open_survey(token)
    form = ResumeForm()
    problem = None
    if request.method == "POST":
        if form.filled_by_bot():
            return not_saved(opened)
        if form.validate_on_submit():
            result = journey.resume(opened, form.code.data)
            if result.response is not None:
                return redirect(first_unanswered_url(opened, result.response))
            problem = result.problem
            if problem == "expired":
                form.code.errors = [_("This code has expired. You can start the survey again")]
            else:
                form.code.errors = [_("We could not find that code. Check it and try again")]
    return render_template(
        "respond/resume.html", opened=opened, form=form,
        back_url=url_for("respond.start", token=token),
    ), (400 if form.errors or problem else 200)


def first_unanswered_url(opened: OpenSurvey, response: Response) -> str:
    """Return the first question without a saved answer, or the check page."""
    opened = journey.as_started(opened, response)
    saved = journey.answers_by_key(response)
    for number, item in enumerate(opened.definition.questions, start=1):
        if item.key not in saved:
            return url_for("respond.question", token=opened.survey.token, number=number)
    return url_for("respond.check", token=opened.survey.token)


def register_resume_route() -> None:
    """Attach the resume view with its limits (decorators need the limiter's lazy values)."""
    view = resume
    for limit in resume_limits():
        view = limit(view)
    view.is_public = True
    blueprint.add_url_rule("/<token>/resume", "resume", view, methods=["GET", "POST"])


register_resume_route()
