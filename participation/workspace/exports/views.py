"""Exports: an inspection's figures and answers, and every inspection's figures, as CSV (streamed)
or as an XLSX workbook (built in the background). Each download is in the audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
from flask import Blueprint, Response, abort, g, redirect, render_template, stream_with_context, url_for
from flask_login import current_user
from sqlalchemy import select

from participation.extensions import db
from participation.models import ExportJob, Role
from participation.workspace.access import inspector_anywhere, requires
from participation.workspace.audit import AuditAction, record
from participation.workspace.exports.answers import answer_batches, plan_export, survey_of
from participation.workspace.exports.figures import definitions, inspection_figures, min_n, national_figures
from participation.workspace.exports.forms import NationalWorkbookForm, WorkbookForm
from participation.workspace.exports.jobs import (
    KEEP_FOR,
    UNFINISHED,
    JobState,
    download_chunks,
    file_of,
    start_job,
    tidy_up,
)
from participation.workspace.exports.writers import csv_chunks

blueprint = Blueprint("exports", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIGURE_BATCH = 2000


def attachment(body, mimetype: str, filename: str) -> Response:
    """Return a download that is never cached (the file holds what respondents said)."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def file_name(kind: str, extension: str) -> str:
    scope = f"inspection-{g.inspection.id}" if "inspection" in g else "every-inspection"
    return f"{scope}-{kind}-{dt.date.today().isoformat()}.{extension}"


def _figure_batches(frame: pd.DataFrame) -> Iterator[list]:
    for start in range(0, len(frame), FIGURE_BATCH):
        part = frame.iloc[start:start + FIGURE_BATCH].astype(object)
        yield part.where(part.notna(), None).itertuples(index=False, name=None)


def figures_csv_response(frame: pd.DataFrame, scope: str) -> Response:
    record(AuditAction.EXPORTED, inspection=g.get("inspection"),
           detail=f"figures CSV of {scope}: {len(frame)} figures")
    db.session.commit()
    chunks = csv_chunks(list(frame.columns), _figure_batches(frame))
    return attachment(stream_with_context(chunks), "text/csv", file_name("figures", "csv"))


def _my_jobs() -> list[ExportJob]:
    since = dt.datetime.now(dt.UTC) - KEEP_FOR
    return db.session.scalars(
        select(ExportJob)
        .where(ExportJob.user_id == current_user.id, ExportJob.inspection_id == _inspection_id(),
               ExportJob.created_at >= since)
        .order_by(ExportJob.id.desc())
        .limit(10)
    ).all()


def _inspection_id() -> int | None:
    return g.inspection.id if "inspection" in g else None


def _start(form, page: str):
    if not form.validate_on_submit():
        return render_page(page, form), 400
    job = start_job(current_user.id, g.get("inspection"), form.kind.data)
    scope = g.inspection.name if "inspection" in g else "every inspection"
    record(AuditAction.EXPORTED, inspection=g.get("inspection"),
           detail=f"{form.kind.data} spreadsheet of {scope} asked for (job {job.id})")
    db.session.commit()
    endpoint = "exports.progress" if "inspection" in g else "exports.national_progress"
    return redirect(url_for(endpoint, job_id=job.id))


def _job(job_id: int) -> ExportJob:
    """Return the signed-in user's own job of this page's scope, or answer 404."""
    job = db.session.scalar(
        select(ExportJob).where(ExportJob.id == job_id, ExportJob.user_id == current_user.id,
                                ExportJob.inspection_id.is_(None) if "inspection" not in g
                                else ExportJob.inspection_id == g.inspection.id)
    )
    if job is None:
        abort(404)
    return job


def _progress(job_id: int):
    tidy_up()
    job = _job(job_id)
    return render_template("workspace/exports/progress.html", job=job, states=JobState,
                           unfinished=job.state in UNFINISHED, inspection=g.get("inspection"))


def _download(job_id: int):
    job = _job(job_id)
    path = file_of(job)
    if job.state == JobState.READY and (path is None or not path.exists()):
        job.state = JobState.EXPIRED  # removed by hand, or by another process's tidying
        db.session.commit()
    if job.state != JobState.READY:
        return _progress(job_id)
    record(AuditAction.EXPORTED, inspection=g.get("inspection"),
           detail=f"{job.kind} spreadsheet downloaded (job {job.id})")
    job.state = JobState.DOWNLOADED
    db.session.commit()
    return attachment(download_chunks(path), XLSX, file_name(job.kind, "xlsx"))


def render_page(page: str, form) -> str:
    surveys = definitions()
    inspection = g.get("inspection")
    choices = [(s, surveys[s.definition_key].title) for s in inspection.surveys
               if s.definition_key in surveys] if inspection else []
    return render_template(page, form=form, inspection=inspection, surveys=choices, jobs=_my_jobs(),
                           states=JobState, min_n=min_n())


# --- One inspection: its inspectors only ------------------------------------------------------


@blueprint.get("/inspections/<int:inspection_id>/exports/")
@requires(Role.INSPECTOR)
def index():
    """List the inspection's exports, and ask for a spreadsheet."""
    return render_page("workspace/exports/index.html", WorkbookForm())


@blueprint.get("/inspections/<int:inspection_id>/exports/figures.csv")
@requires(Role.INSPECTOR)
def figures_csv():
    """Download the inspection's figures, suppressed, as CSV."""
    return figures_csv_response(inspection_figures(g.inspection.id), g.inspection.name)


@blueprint.get("/inspections/<int:inspection_id>/exports/answers/<survey_key>.csv")
@requires(Role.INSPECTOR)
def answers_csv(survey_key: str):
    """Download a survey's answers, one row per response, as CSV streamed in batches."""
    survey = survey_of(g.inspection.id, survey_key)
    surveys = definitions()
    if survey is None or survey_key not in surveys:
        abort(404)
    export = plan_export(survey, surveys[survey_key], min_n())
    record(AuditAction.EXPORTED, inspection=g.inspection,
           detail=f"answers CSV of the {survey_key} survey: {export.total} responses")
    db.session.commit()
    chunks = csv_chunks(export.columns, answer_batches(export))
    return attachment(stream_with_context(chunks), "text/csv", file_name(f"{survey_key}-answers", "csv"))


@blueprint.post("/inspections/<int:inspection_id>/exports/spreadsheet")
@requires(Role.INSPECTOR)
def start_workbook():
    """Start building a spreadsheet of the inspection, and go to its progress page."""
    return _start(WorkbookForm(), "workspace/exports/index.html")


@blueprint.get("/inspections/<int:inspection_id>/exports/spreadsheet/<int:job_id>")
@requires(Role.INSPECTOR)
def progress(job_id: int):
    """Show how far the spreadsheet has got; it refreshes itself until it is ready."""
    return _progress(job_id)


@blueprint.get("/inspections/<int:inspection_id>/exports/spreadsheet/<int:job_id>/download")
@requires(Role.INSPECTOR)
def download(job_id: int):
    """Download the spreadsheet once; the file is deleted as it is sent."""
    return _download(job_id)


# --- Every inspection: admins and inspectors (figures only) -----------------------------------


@blueprint.get("/exports/")
@inspector_anywhere
def national():
    """List the exports of every inspection's figures."""
    return render_page("workspace/exports/national.html", NationalWorkbookForm())


@blueprint.get("/exports/figures.csv")
@inspector_anywhere
def national_figures_csv():
    """Download every inspection's figures pooled, suppressed, as CSV."""
    return figures_csv_response(national_figures(), "every inspection")


@blueprint.post("/exports/spreadsheet")
@inspector_anywhere
def national_start_workbook():
    """Start building a spreadsheet of every inspection's figures."""
    return _start(NationalWorkbookForm(), "workspace/exports/national.html")


@blueprint.get("/exports/spreadsheet/<int:job_id>")
@inspector_anywhere
def national_progress(job_id: int):
    """Show how far the spreadsheet has got."""
    return _progress(job_id)


@blueprint.get("/exports/spreadsheet/<int:job_id>/download")
@inspector_anywhere
def national_download(job_id: int):
    """Download the spreadsheet once."""
    return _download(job_id)
