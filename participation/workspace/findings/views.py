"""The findings page of an inspection, and the page of one choice question's answers."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from werkzeug.routing import BuildError

from analysis.suppression import DEFAULT_MIN_N
from participation.extensions import db
from participation.models import Role
from participation.workspace.access import requires
from participation.workspace.audit import AuditAction, record
from participation.workspace.findings.figures import (
    AUDIENCE_NAMES,
    THEME_NAMES,
    Links,
    respondents_by_survey,
    survey_name,
    themed_findings,
)
from participation.workspace.findings.groups import GroupChoice, chosen_group, group_choices
from participation.workspace.findings.options import option_tables
from participation.workspace.summaries import (
    cached_under_data_version,
    data_version,
    inspection_frame,
    inspection_summary,
    respondents_matching,
)

blueprint = Blueprint("findings", __name__)
BY = ("survey",)
ASSISTED_ON_ANSWERS = {"True": "yes", "False": "no"}


def answers_filter(group: GroupChoice | None) -> dict[str, str]:
    """Return the answers page's filters for a group: its column as the frame names it, except
    "with help" (yes/no there) and the carer group (parents, and which of them)."""
    if group is None:
        return {}
    if group.column == "assisted":
        return {"assisted": ASSISTED_ON_ANSWERS.get(group.value, group.value)}
    if group.column == "carer":
        return {"respondent": "parents", "carer": group.value}
    return {group.column: group.value}


def _min_n() -> int:
    return current_app.config.get("SUPPRESSION_MIN_N", DEFAULT_MIN_N)


def inspection_surveys() -> list[str]:
    """Return the inspection's survey keys that have a definition, children first."""
    definitions = current_app.extensions["survey_definitions"]
    keys = {survey.definition_key for survey in g.inspection.surveys}
    return [key for key in ("children", "parents", "staff") if key in keys and key in definitions] + sorted(
        key for key in keys if key in definitions and key not in AUDIENCE_NAMES
    )


def _frame_and_choices(definitions, min_n: int, version):
    """Return the inspection's frame and the groups it may be narrowed to, kept per data version
    (read before the frame, so the groups are never older than the version they are kept under)."""
    frame = inspection_frame(g.inspection.id, definitions, version=version)
    choices = cached_under_data_version("findings_groups", g.inspection.id, (min_n,),
                                        lambda: group_choices(frame, definitions, min_n), version=version)
    return frame, choices


def answers_link(**params) -> str | None:
    """Return the answers page's address for these filters, or None where it does not exist."""
    wanted = {name: value for name, value in params.items() if value is not None and value != ""}
    try:
        return url_for("answers.index", inspection_id=g.inspection.id, **wanted)
    except BuildError:
        return None


def _links(group: GroupChoice | None, frame) -> Links:
    extra = answers_filter(group)

    def answers(**params) -> str | None:
        return answers_link(**({} if "answer" in params else extra), **params)

    def question(survey: str, key: str) -> str:
        return url_for("findings.question", survey_key=survey, question_key=key,
                       group=group.key if group else None)

    def answer_of_quote(source, text: str) -> int | None:
        # The summary and the frame come from the same data version; check the words all the same,
        # so a quote never links to someone else's answer.
        if source not in frame.index or str(frame.at[source, "text"] or "").strip() != text:
            return None
        return int(frame.at[source, "answer_id"])

    return Links(answers, question, answer_of_quote)


def _read_choices(
    choices: list[GroupChoice], surveys: list[str]
) -> tuple[GroupChoice | None, str, list[tuple[str, str]]]:
    """Return the group and survey asked for, and the problems with them (for the error summary)."""
    problems = []
    try:
        group = chosen_group(request.args.get("group", ""), choices)
    except ValueError:
        group = None
        problems.append(("Choose a group from the list: that group is not offered, because it or the "
                         "people outside it are too few to show safely", "group"))
    survey = request.args.get("survey", "")
    if survey and survey not in surveys:
        survey = ""
        problems.append(("Choose a survey from the list", "survey"))
    return group, survey, problems


@blueprint.get("/inspections/<int:inspection_id>/findings")
@requires(Role.INSPECTOR)
def index():
    """Show each survey's findings on each theme, for everyone or one group."""
    definitions = current_app.extensions["survey_definitions"]
    min_n = _min_n()
    version = data_version(g.inspection.id)  # once: it reads every answer's number
    frame, choices = _frame_and_choices(definitions, min_n, version)
    surveys = inspection_surveys()
    group, survey, problems = _read_choices(choices, surveys)

    def findings():
        whole = inspection_summary(g.inspection.id, definitions, by=BY, min_n=min_n, version=version)
        part = whole
        if group is not None:
            part = inspection_summary(g.inspection.id, definitions, by=BY, filters=group.filters,
                                      min_n=min_n, version=version)
        shown = [survey] if survey else surveys
        respondents = respondents_by_survey(part, whole if group else None, shown, definitions)
        if group is not None and not survey:
            # A group from one survey (an age band, an agency) has nothing to say in the others.
            shown = [key for key, (_name, cell) in zip(shown, respondents, strict=True) if cell.value != 0]
            respondents = [(name, cell) for name, cell in respondents if cell.value != 0]
        themes = themed_findings(part, definitions, shown, _links(group, frame),
                                 whole=whole if group else None)
        return themes, respondents

    # What the page shows is the same until the data changes: keep it (links included) per version.
    themes, respondents = cached_under_data_version(
        "findings_pages", g.inspection.id, (group.key if group else "", survey, min_n,
                                            answers_link() is not None), findings, version=version)
    quote_count = sum(len(s.quotes) for theme in themes for s in theme.surveys)
    if quote_count:
        record(AuditAction.ANSWER_VIEWED, inspection=g.inspection,
               detail=f"findings: {quote_count} quotes" + (f" of {group.key}" if group else ""))
        db.session.commit()
    return render_template(
        "workspace/findings/index.html",
        inspection=g.inspection,
        themes=themes,
        respondents=respondents,
        choices=choices,
        group=group,
        survey=survey,
        surveys=[(key, survey_name(definitions[key])) for key in surveys],
        problems=problems,
        min_n=min_n,
    ), (400 if problems else 200)


@blueprint.get("/inspections/<int:inspection_id>/findings/<survey_key>/<question_key>")
@requires(Role.INSPECTOR)
def question(survey_key: str, question_key: str):
    """Show how many people chose each option of one choice question, for everyone or one group."""
    definitions = current_app.extensions["survey_definitions"]
    if survey_key not in inspection_surveys():
        abort(404)
    definition = definitions[survey_key]
    try:
        asked = definition.question(question_key)
    except KeyError:
        abort(404)
    if asked.type == "free_text":
        abort(404)
    min_n = _min_n()
    frame, choices = _frame_and_choices(definitions, min_n, data_version(g.inspection.id))
    group, _survey, problems = _read_choices(choices, inspection_surveys())
    band = definition.bands[-1]
    wording = asked.wording(band) if band in asked.wordings else next(iter(asked.wordings.values()))
    chosen = respondents_matching(frame, group.filters) if group else None
    extra = answers_filter(group)
    return render_template(
        "workspace/findings/question.html",
        inspection=g.inspection,
        survey_name=survey_name(definition),
        survey_key=survey_key,
        question=asked,
        wording=wording,
        theme_names=[(theme, THEME_NAMES.get(theme, theme)) for theme in asked.themes],
        tables=option_tables(frame, chosen, definition, asked, min_n),
        multiple=asked.type == "multiple_choice",
        group=group,
        choices=choices,
        problems=problems,
        answers_link=lambda **params: answers_link(**params, **extra),
        min_n=min_n,
    ), (400 if problems else 200)
