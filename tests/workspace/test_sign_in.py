"""Signing in: password, then a TOTP code (or a recovery code); enrolment; a one-time password."""

from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.models import AuditRecord
from tests.workspace.conftest import WORKSPACE


def audit_actions(app) -> list[tuple[str, str | None]]:
    with app.app_context():
        return [(r.action, r.actor) for r in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))]


def test_an_inspector_signs_in_with_password_and_code_and_sees_their_inspection(app, workspace, make_staff, inspection):
    staff = make_staff("inspector", inspection)
    client = workspace()
    home = client.sign_in(staff)
    assert home.h1 == "Your inspections"
    links = {a.get_text(strip=True): a["href"] for a in home.soup.select("main a")}
    assert links["Test inspection"] == f"{WORKSPACE}/inspections/{inspection}/"
    assert ("signed_in", staff.email) in audit_actions(app)
