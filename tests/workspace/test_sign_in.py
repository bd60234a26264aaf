"""Signing in: password, then a TOTP code (or a recovery code); enrolment; a one-time password."""

from __future__ import annotations

import pyotp
from sqlalchemy import select

from participation.extensions import db
from participation.models import AuditRecord, User
from tests.workspace.client import WORKSPACE


def audit_actions(app) -> list[tuple[str, str | None]]:
    with app.app_context():
        return [(r.action, r.actor) for r in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))]


def test_an_inspector_signs_in_with_password_and_code_and_sees_their_inspection(
    app, workspace, make_staff, inspection
):
    staff = make_staff("inspector", inspection)
    client = workspace()
    home = client.sign_in(staff)
    assert home.h1 == "Your inspections"
    links = {a.get_text(strip=True): a["href"] for a in home.soup.select("main a")}
    assert links["Test inspection"] == f"{WORKSPACE}/inspections/{inspection}/"
    assert ("signed_in", staff.email) in audit_actions(app)


def test_a_new_user_enrols_an_app_saves_recovery_codes_and_chooses_a_password(app, workspace, inspection):
    from participation.workspace.users import accounts

    with app.app_context():
        _, one_time = accounts.create_user("new.person@example.org", "New Person")
        db.session.commit()
    client = workspace()
    page = client.enter_password("new.person@example.org", one_time)
    assert page.location == f"{WORKSPACE}/two-factor/set-up"
    setup = client.follow(page)
    assert setup.h1 == "Set up two-factor authentication"
    assert setup.soup.select_one("svg.app-qr-code[role=img] title").get_text() == "QR code to set up your app"
    secret = setup.soup.select_one("#secret").get_text().replace(" ", "")

    wrong = client.post("/two-factor/set-up", {"code": "000000"})
    assert wrong.status == 400
    assert wrong.errors() == ["The code is not right. Enter the code your app shows now"]

    codes_page = client.post("/two-factor/set-up", {"code": pyotp.TOTP(secret).now()})
    assert codes_page.h1 == "Save your recovery codes"
    codes = [li.get_text() for li in codes_page.soup.select("#recovery-codes li")]
    assert len(codes) == 8 and len(set(codes)) == 8
    next_link = codes_page.soup.find("a", string=lambda text: "continue" in (text or ""))
    assert next_link["href"] == f"{WORKSPACE}/choose-password"

    same = client.post("/choose-password", {"password": one_time, "confirm": one_time})
    assert same.errors() == ["Choose a password that is different from the one you were given"]
    short = client.post("/choose-password", {"password": "too short", "confirm": "too short"})
    assert short.errors() == ["Your password must be 12 characters or more"]
    done = client.post(
        "/choose-password", {"password": "a new long passphrase", "confirm": "a new long passphrase"}
    )
    assert done.location == f"{WORKSPACE}/"
    assert client.follow(done).h1 == "Your inspections"

    with app.app_context():
        stored = db.session.scalar(select(User).where(User.email == "new.person@example.org"))
        assert stored.totp_secret == secret and not stored.must_change_password
        assert all(code not in row.code_hash for row in stored.recovery_codes for code in codes)
    actions = [action for action, _ in audit_actions(app)]
    assert actions[-3:] == ["two_factor_enrolled", "password_changed", "signed_in"]


def test_a_code_cannot_be_used_twice(app, workspace, make_staff, inspection):
    staff = make_staff("inspector", inspection)
    code = staff.next_code()
    first = workspace("192.0.2.1")
    first.enter_password(staff.email, staff.password)
    assert first.post("/two-factor", {"code": code}).location == f"{WORKSPACE}/"
    second = workspace("192.0.2.2")
    second.enter_password(staff.email, staff.password)
    again = second.post("/two-factor", {"code": code})
    assert again.status == 400
    assert again.errors() == ["The code is not right. Enter the code your app shows now"]


def test_a_recovery_code_signs_in_once(app, workspace, make_staff, inspection):
    from participation.workspace.auth.two_factor import new_recovery_codes

    staff = make_staff("coordinator", inspection)
    with app.app_context():
        codes = new_recovery_codes(db.session.get(User, staff.id))
        db.session.commit()
    client = workspace()
    client.enter_password(staff.email, staff.password)
    page = client.post("/two-factor/recovery-code", {"code": codes[3].upper().replace("-", " ")})
    assert page.location == f"{WORKSPACE}/"
    assert "7 recovery codes left" in [r.detail for r in recorded(app, "recovery_code_used")]

    other = workspace()
    other.enter_password(staff.email, staff.password)
    reused = other.post("/two-factor/recovery-code", {"code": codes[3]})
    assert reused.status == 400
    assert reused.errors() == ["That recovery code is not right, or it has been used"]


def recorded(app, action: str) -> list[AuditRecord]:
    with app.app_context():
        rows = db.session.scalars(select(AuditRecord).where(AuditRecord.action == action)).all()
        db.session.expunge_all()
        return list(rows)


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(app, workspace, make_staff, inspection):
    staff = make_staff("inspector", inspection)
    client = workspace()
    for email, password in ((staff.email, "not the password"), ("nobody@example.org", staff.password)):
        page = client.enter_password(email, password)
        assert page.status == 400
        assert page.errors() == ["The email address or password is not right"]
    assert [r.actor for r in recorded(app, "sign_in_failed")] == [staff.email, "nobody@example.org"]
    empty = client.post("/sign-in", {"email": "", "password": ""})
    assert empty.errors() == ["Enter your email address", "Enter your password"]


def test_a_deactivated_user_cannot_sign_in(app, workspace, make_staff, inspection):
    staff = make_staff("volunteer", inspection)
    with app.app_context():
        db.session.get(User, staff.id).active = False
        db.session.commit()
    page = workspace().enter_password(staff.email, staff.password)
    assert page.status == 400


def test_a_password_typed_in_the_email_box_is_not_kept_in_the_audit(app, workspace, make_staff, inspection):
    staff = make_staff("inspector", inspection)
    workspace().enter_password(staff.password, staff.password)
    assert [r.actor for r in recorded(app, "sign_in_failed")] == ["(not an email address)"]
