"""The audit, for admins to read and filter (there is no way to change it)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from participation.extensions import db
from participation.models import AuditRecord, Role
from participation.workspace.access import requires
from participation.workspace.audit import AuditAction
from participation.workspace.forms import strip

blueprint = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50


class AuditFilterForm(FlaskForm):
    """Filters read from the address (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    action = SelectField(
        _l("What happened"),
        choices=[SelectChoice("", _l("Anything"))] + [SelectChoice(a.value) for a in AuditAction],
        validators=[Optional()],
    )
    actor = StringField(_l("Who (email address, or part of it)"), validators=[Optional(), Length(max=254)],
                        filters=[strip])
    subject = StringField(
        _l("About (email address, or part of it)"), validators=[Optional(), Length(max=254)], filters=[strip]
    )
    since = DateField(_l("From (YYYY-MM-DD)"), validators=[Optional()], render_kw={"inputmode": "numeric"})
    until = DateField(_l("To (YYYY-MM-DD)"), validators=[Optional()])


def _filtered(form: AuditFilterForm):
    query = select(AuditRecord)
    if form.action.data:
        query = query.where(AuditRecord.action == form.action.data)
    if form.actor.data:
        query = query.where(AuditRecord.actor.contains(form.actor.data.strip().lower(), autoescape=True))
    if form.subject.data:
        query = query.where(AuditRecord.subject.contains(form.subject.data.strip().lower(), autoescape=True))
    if form.since.data:
        start = dt.datetime.combine(form.since.data, dt.time.min, tzinfo=dt.UTC)
        query = query.where(AuditRecord.at >= start)
    if form.until.data:
        end = dt.datetime.combine(form.until.data + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        query = query.where(AuditRecord.at < end)
    return query


@blueprint.get("/")
@requires(Role.ADMIN)
def index():
    """List audit records, newest first, filtered by what happened, who, about whom and when."""
    form = AuditFilterForm(request.args)
    valid = form.validate()
    query = _filtered(form) if valid else select(AuditRecord).where(AuditRecord.id.is_(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = max(1, request.args.get("page", 1, type=int) or 1)
    records = db.session.scalars(
        query.order_by(AuditRecord.at.desc(), AuditRecord.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    args = {key: value for key, value in request.args.items() if key != "page"}
    pages = {
        "previous": url_for("audit.index", **args, page=page - 1) if page > 1 else None,
        "next": url_for("audit.index", **args, page=page + 1) if page * PAGE_SIZE < total else None,
    }
    return render_template(
        "workspace/audit/index.html", form=form, records=records, total=total, page=page, pages=pages
    ), 200 if valid else 400
