"""The "what you told us" pages of an inspection: write one per survey, age band and language,
preview it, approve it, and publish the approved pages on the links of closed surveys."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from participation import told_us
from participation.config import LANGUAGES
from participation.models import Role, Survey, ToldUsPage
from participation.respond.journey import is_open
from participation.surveys import SurveyDefinition
from participation.workspace.access import requires
from participation.workspace.forms import ActionForm
from participation.workspace.names import LANGUAGE_NAMES
from participation.workspace.summaries import inspection_frame
from participation.workspace.surveys.views import survey_of_inspection, title_of
from participation.workspace.told_us import pages, verbatim
from participation.workspace.told_us.forms import ApproveForm, ToldUsForm

blueprint = Blueprint("told_us", __name__)

PREFIX = "/inspections/<int:inspection_id>/what-you-told-us"
PAGE = PREFIX + "/<int:survey_id>/<band>/<language>"
BAND_NAMES = {"5-7": "Ages 5 to 7", "8-11": "Ages 8 to 11", "12-17": "Ages 12 to 17", "all": "Everyone"}


def _definition(survey: Survey) -> SurveyDefinition:
    definition = current_app.extensions["survey_definitions"].get(survey.definition_key)
    if definition is None:
        abort(404)
    return definition


def _page_address(survey_id: int, band: str, language: str) -> tuple[Survey, SurveyDefinition]:
    """Return the survey and definition a page's address names, or answer 404."""
    survey = survey_of_inspection(survey_id)
    definition = _definition(survey)
    if band not in definition.bands or language not in LANGUAGES:
        abort(404)
    return survey, definition


def _written_page(survey_id: int, band: str, language: str
                  ) -> tuple[Survey, SurveyDefinition, ToldUsPage | None]:
    """Return the survey and definition a page's address names, and the page if written."""
    survey, definition = _page_address(survey_id, band, language)
    return survey, definition, pages.find_page(survey, band, language)


def _names(survey: Survey, band: str, language: str) -> dict[str, str]:
    return {"survey_title": title_of(survey), "band_name": BAND_NAMES.get(band, band),
            "language_name": LANGUAGE_NAMES.get(language, language)}


@blueprint.get(PREFIX + "/")
@requires(Role.INSPECTOR)
def index():
    """List every survey's pages by age band and language, and whether they are published."""
    written = pages.pages_of(g.inspection)
    surveys = []
    for survey in g.inspection.surveys:
        definition = current_app.extensions["survey_definitions"].get(survey.definition_key)
        if definition is None:
            continue
        sent = told_us.sent_responses(survey)
        rows = [
            (band, [(language, written.get((survey.id, band, language))) for language in LANGUAGES])
            for band in definition.bands
        ]
        surveys.append({"survey": survey, "title": title_of(survey), "closed": not is_open(survey),
                        "rows": rows, "sent": sent})
    return render_template(
        "workspace/told_us/index.html",
        inspection=g.inspection,
        surveys=surveys,
        published=told_us.is_published(g.inspection.id),
        publication=pages.publication_of(g.inspection),
        language_names=LANGUAGE_NAMES,
        band_names=BAND_NAMES,
        is_current=told_us.is_current,
        form=ActionForm(),
    )


def _choices(survey: Survey, definition: SurveyDefinition, band: str) -> list[tuple[str, str, str]]:
    """Return (key, wording, figure as inspectors read it) for each question a figure can show."""
    questions = told_us.figure_questions(definition, band)
    figures = told_us.figures(survey, definition, band, [question.key for question in questions])
    return [
        (figure.question_key, figure.question,
         "Withheld: too few answered" if figure.withheld
         else f"{figure.percent}% positive, {figure.n} answered")
        for figure in figures
    ]


def refuse_copied_words(form: ToldUsForm) -> bool:
    """Put an error on each text field that repeats an answer's words; say whether any did.

    Every written answer of the inspection counts, whichever survey it was given to.
    """
    pieces = [
        (field, number, piece)
        for field, split in ((form.told_us, told_us.paragraphs), (form.examples, told_us.lines),
                             (form.will_do, told_us.paragraphs))
        for number, piece in enumerate(split(field.data or ""), start=1)
    ]
    if not pieces:
        return False
    frame = inspection_frame(g.inspection.id, current_app.extensions["survey_definitions"])
    answers = frame["text"].dropna().drop_duplicates()
    copied = [pieces[number - 1] for number in verbatim.copied_lines([p for *_, p in pieces], answers)]
    for field in dict.fromkeys(field for field, _number, _piece in copied):
        if field is form.examples:
            numbers = ", ".join(str(number) for copied_field, number, _ in copied if copied_field is field)
            field.errors = [f"Example {numbers} repeats the words of an answer. "
                            "Write each example in your own words"]
        else:
            field.errors = ["This repeats the words of an answer. Write it in your own words"]
    return bool(copied)


@blueprint.route(PAGE, methods=["GET", "POST"])
@requires(Role.INSPECTOR)
def edit(survey_id: int, band: str, language: str):
    """Write the page; saving a change means it needs approving again before anyone sees it."""
    survey, definition, page = _written_page(survey_id, band, language)
    english = pages.find_page(survey, band, told_us.FALLBACK_LANGUAGE) if language != "en" else None
    data = {}
    if page is not None:
        data = {"told_us": page.told_us, "examples": page.examples, "will_do": page.will_do,
                "questions": page.question_keys}
    elif english is not None:
        data = {"questions": english.question_keys}  # the same figures, unless changed
    form = ToldUsForm(data=data)
    choices = _choices(survey, definition, band)
    form.questions.choices = [(key, wording) for key, wording, _figure in choices]
    if request.method == "POST" and form.validate_on_submit() and not refuse_copied_words(form):
        draft = pages.Draft(form.told_us.data, form.examples.data or "", form.will_do.data,
                            [key for key, _wording, _figure in choices if key in form.questions.data])
        pages.save_page(survey, band, language, draft)
        return redirect(url_for("told_us.preview", survey_id=survey.id, band=band, language=language))
    return render_template(
        "workspace/told_us/edit.html",
        inspection=g.inspection,
        survey=survey,
        band=band,
        language=language,
        page=page,
        approved=page is not None and told_us.is_current(page, told_us.sent_responses(survey)),
        english=told_us.content_of(english) if english is not None else None,
        form=form,
        choices=choices,
        max_figures=told_us.MAX_FIGURES,
        **_names(survey, band, language),
    ), (400 if form.errors else 200)


def _render_preview(survey: Survey, definition: SurveyDefinition, page: ToldUsPage, form: ApproveForm,
                    problem: str | None = None):
    sent = told_us.sent_responses(survey)
    current = told_us.is_current(page, sent)
    return render_template(
        "workspace/told_us/preview.html",
        inspection=g.inspection,
        survey=survey,
        page=page,
        current=current,
        sent_since=sent - (page.responses_at_approval or 0) if page.approved and not current else 0,
        audience=definition.audience,
        content=told_us.content_of(page),
        figures=(told_us.approved_figures(page, definition) if current
                 else told_us.figures(survey, definition, page.band, page.question_keys)),
        shown=told_us.may_show(survey),
        form=form,
        problem=problem,
        **_names(survey, page.band, page.language),
    ), (400 if problem else 200)


@blueprint.get(PAGE + "/preview")
@requires(Role.INSPECTOR)
def preview(survey_id: int, band: str, language: str):
    """Show the page as the people who answered would read it, with the button to approve it."""
    survey, definition, page = _written_page(survey_id, band, language)
    if page is None:
        return redirect(url_for("told_us.edit", survey_id=survey.id, band=band, language=language))
    return _render_preview(survey, definition, page, ApproveForm(data={"revision": str(page.revision)}))


@blueprint.post(PAGE + "/approve")
@requires(Role.INSPECTOR)
def approve(survey_id: int, band: str, language: str):
    """Approve the page as the inspector read it; refuse if it changed since they opened it."""
    survey, definition, page = _written_page(survey_id, band, language)
    if page is None:
        abort(404)
    form = ApproveForm()
    if not form.validate_on_submit() or form.revision.data != str(page.revision):
        form.revision.data = str(page.revision)
        return _render_preview(
            survey, definition, page, form,
            problem="The page has changed since you opened it. Read it again, then approve it",
        )
    pages.approve_page(page, told_us.approval_figures(page, definition), told_us.sent_responses(survey))
    return redirect(url_for("told_us.preview", survey_id=survey.id, band=band, language=language))


def _publish(published: bool):
    if ActionForm().validate_on_submit():
        pages.set_published(g.inspection, published)
    return redirect(url_for("told_us.index"))


@blueprint.post(PREFIX + "/publish")
@requires(Role.INSPECTOR)
def publish():
    """Show the approved pages on the links of the inspection's closed surveys."""
    return _publish(True)


@blueprint.post(PREFIX + "/withdraw")
@requires(Role.INSPECTOR)
def withdraw():
    """Stop showing the pages: the links say the survey has closed again."""
    return _publish(False)
