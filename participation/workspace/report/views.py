"""The report of an inspection as a page (which prints well) and as a PDF to download."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from participation.extensions import db
from participation.models import Role
from participation.workspace.access import requires
from participation.workspace.audit import AuditAction, record
from participation.workspace.exports.views import attachment, file_name
from participation.workspace.report.contents import report_of_inspection
from participation.workspace.report.pdf import render_pdf

blueprint = Blueprint("report", __name__)


@blueprint.get("/inspections/<int:inspection_id>/report")
@requires(Role.INSPECTOR)
def show():
    """Show the inspection's report, ready to print."""
    report = report_of_inspection()
    record(AuditAction.REPORT_VIEWED, inspection=g.inspection, detail="report page")
    db.session.commit()
    return render_template("workspace/report/show.html", inspection=g.inspection, report=report)


@blueprint.get("/inspections/<int:inspection_id>/report.pdf")
@requires(Role.INSPECTOR)
def pdf():
    """Send the inspection's report as a PDF, drawn from the same contents as the page."""
    report = report_of_inspection()
    document = render_pdf(render_template("workspace/report/pdf.html", inspection=g.inspection,
                                          report=report))
    record(AuditAction.REPORT_DOWNLOADED, inspection=g.inspection,
           detail=f"report PDF, {len(document):,} bytes")
    db.session.commit()
    return attachment(document, "application/pdf", file_name("report", "pdf"))
