"""The audit is append-only: the code has no way to change it, and PostgreSQL refuses to."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from participation.extensions import db
from participation.models import AuditRecord
from participation.workspace.audit import AuditAction, record


def add_record(app) -> int:
    with app.app_context():
        entry = record(AuditAction.USER_CREATED, actor="someone@example.org", subject="new@example.org")
        db.session.commit()
        return entry.id


def test_the_orm_refuses_to_change_or_delete_an_audit_record(app):
    number = add_record(app)
    with app.app_context():
        entry = db.session.get(AuditRecord, number)
        entry.detail = "rewritten"
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(AuditRecord, number))
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(AuditRecord, number).detail is None


def test_postgresql_refuses_update_and_delete_on_the_audit_table(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the trigger is PostgreSQL's (set TEST_DATABASE_URL)")
    number = add_record(app)
    with app.app_context():
        for statement in ("UPDATE audit_record SET detail = 'rewritten'", "DELETE FROM audit_record"):
            with pytest.raises(DBAPIError, match="audit records cannot be changed or deleted"):
                db.session.execute(text(statement))
            db.session.rollback()
        assert db.session.scalar(select(AuditRecord.detail).where(AuditRecord.id == number)) is None


def test_an_unknown_action_is_refused(app):
    with app.app_context(), pytest.raises(ValueError):
        record("made_up")


def test_admins_read_and_filter_the_audit(app, signed_in, workspace, make_staff, inspection):
    staff = make_staff("inspector", inspection)
    workspace("203.0.113.5").enter_password(staff.email, "not the password")
    admin, _ = signed_in("admin")
    page = admin.get("/audit/?action=sign_in_failed")
    rows = [[cell.get_text(strip=True) for cell in row.select("td")] for row in page.soup.select("tbody tr")]
    assert [(row[1], row[2], row[5]) for row in rows] == [("sign_in_failed", staff.email, "203.0.113.5")]
    everyone = admin.get("/audit/")
    assert {"signed_in", "sign_in_failed"} <= {
        row.select("td")[1].get_text() for row in everyone.soup.select("tbody tr")
    }
    bad = admin.get("/audit/?since=yesterday")
    assert bad.status == 400
    assert bad.errors() == ["Not a valid date value."]
