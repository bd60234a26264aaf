"""Spreadsheets built in the background: the request that asks starts a thread and returns at
once; the thread writes the workbook under the instance folder and records its progress in an
`ExportJob` row, which the progress page reads. A file is deleted once downloaded, or after a day.

A thread (not a task queue) keeps the deployment simple: one process builds what it was asked
for. If that process stops, its unfinished jobs are marked failed after `STALE_AFTER`, and the
user can ask again.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import secrets
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
from flask import Flask, current_app
from sqlalchemy import select

from participation.extensions import db
from participation.models import ExportJob, Inspection, now_utc
from participation.workspace.exports.answers import answer_batches, plan_export, survey_of
from participation.workspace.exports.explained import definitions_rows, notes_rows
from participation.workspace.exports.figures import definitions, inspection_figures, min_n, national_figures
from participation.workspace.exports.writers import Sheet, write_workbook

log = logging.getLogger(__name__)

KEEP_FOR = dt.timedelta(days=1)
STALE_AFTER = dt.timedelta(hours=1)
KINDS = ("answers", "figures")


class JobState(enum.StrEnum):
    WAITING = "waiting"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"
    DOWNLOADED = "downloaded"
    EXPIRED = "expired"


UNFINISHED = (JobState.WAITING, JobState.BUILDING)


def export_folder() -> Path:
    """Return the folder the workbooks are written to (made, readable by this user only)."""
    folder = Path(current_app.config.get("EXPORT_FOLDER") or Path(current_app.instance_path) / "exports")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def file_of(job: ExportJob) -> Path | None:
    return export_folder() / job.filename if job.filename else None


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; every time stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _remove(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


def tidy_up() -> None:
    """Delete workbooks older than a day, and fail jobs whose builder has stopped."""
    now = now_utc()
    jobs = db.session.scalars(
        select(ExportJob).where(ExportJob.state.in_([*UNFINISHED, JobState.READY]))
    ).all()
    for job in jobs:
        age = now - _utc(job.created_at)
        if job.state == JobState.READY and age > KEEP_FOR:
            _remove(file_of(job))
            job.state = JobState.EXPIRED
        elif job.state in UNFINISHED and age > STALE_AFTER:
            _remove(file_of(job))
            job.state = JobState.FAILED
    db.session.commit()


def start_job(user_id: int, inspection: Inspection | None, kind: str) -> ExportJob:
    """Record a new job and start building it in a thread (the caller's audit record is committed too)."""
    if kind not in KINDS or (kind == "answers" and inspection is None):
        raise ValueError(f"no {kind} export of every inspection")
    tidy_up()
    job = ExportJob(user_id=user_id, inspection_id=inspection.id if inspection else None, kind=kind,
                    state=JobState.WAITING)
    db.session.add(job)
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    thread = threading.Thread(target=_run, args=(app, job.id), name=f"export-{job.id}", daemon=True)
    threads = app.extensions.setdefault("export_threads", [])
    threads[:] = [t for t in threads if t.is_alive()]
    threads.append(thread)
    thread.start()
    return job


def wait_for_jobs(app: Flask, timeout: float = 60) -> None:
    """Wait until every job this app started has finished (for tests and the benchmark)."""
    for thread in list(app.extensions.get("export_threads", [])):
        thread.join(timeout)


def _run(app: Flask, job_id: int) -> None:
    with app.app_context():
        job = db.session.get(ExportJob, job_id)
        try:
            build(job)
        except Exception:
            log.exception("export %s failed", job_id)
            db.session.rollback()
            job = db.session.get(ExportJob, job_id)
            _remove(file_of(job))
            job.state = JobState.FAILED
            job.finished_at = now_utc()
            db.session.commit()
        finally:
            db.session.remove()


def _frame_rows(frame: pd.DataFrame) -> Iterator[tuple]:
    yield tuple(frame.columns)
    for row in frame.astype(object).itertuples(index=False, name=None):
        yield tuple(None if value is None or value is pd.NA or value != value else value for value in row)


def _counted(job: ExportJob, header: list[str], batches: Iterable[list[list]]) -> Iterator[list]:
    """Yield a sheet's rows, recording the job's progress after each batch."""
    yield header
    for batch in batches:
        yield from batch
        job.rows_done += len(batch)
        db.session.commit()


def build(job: ExportJob) -> None:
    """Build the job's workbook (in the thread), then mark it ready."""
    surveys = definitions()
    inspection = db.session.get(Inspection, job.inspection_id) if job.inspection_id else None
    scope = f"{inspection.name} ({inspection.partnership})" if inspection else "Every inspection"
    job.state = JobState.BUILDING
    job.filename = f"{job.id}-{secrets.token_hex(8)}.xlsx"
    db.session.commit()
    if job.kind == "answers":
        used = [d for d in surveys.values() if survey_of(inspection.id, d.key) is not None]
        exports = [plan_export(survey_of(inspection.id, d.key), d, min_n()) for d in used]
        job.rows_total = sum(export.total for export in exports)
        db.session.commit()
        data = [Sheet(e.definition.key, _counted(job, e.columns, answer_batches(e))) for e in exports]
    else:
        frame = inspection_figures(inspection.id) if inspection else national_figures()
        used = list(surveys.values())
        data = [Sheet("figures", _frame_rows(frame))]
    answers = job.kind == "answers"
    sheets = [
        *data,
        Sheet("definitions", definitions_rows(used, answers=answers)),
        Sheet("notes", notes_rows(scope, used, min_n(), answers=answers)),
    ]
    partial = export_folder() / f"{job.filename}.part"
    try:
        write_workbook(partial, sheets)
        partial.rename(export_folder() / job.filename)
    finally:
        _remove(partial)
    job.state = JobState.READY
    job.finished_at = now_utc()
    db.session.commit()


def download_chunks(path: Path, size: int = 256 * 1024) -> Iterator[bytes]:
    """Yield a file's bytes, then delete it (it was for one download)."""
    try:
        with path.open("rb") as file:
            while chunk := file.read(size):
                yield chunk
    finally:
        _remove(path)
