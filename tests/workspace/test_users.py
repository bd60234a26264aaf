"""Admins add users and memberships and reset passwords and two-factor; never their own role."""

from __future__ import annotations

import re

from sqlalchemy import select

from participation.extensions import db
from participation.models import AuditRecord, Membership, User
from tests.workspace.client import WORKSPACE


def audit(app) -> list[tuple[str, str | None, str | None]]:
    with app.app_context():
        return [
            (r.action, r.actor, r.subject)
            for r in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))
        ]


def test_an_admin_adds_a_user_who_then_signs_in_and_enrols(app, signed_in, workspace, inspection):
    admin, admin_staff = signed_in("admin")
    added = admin.post("/users/new", {"name": "Ann Inspector", "email": "Ann@Example.org"})
    assert added.h1 == "Ann Inspector"
    password = added.soup.select_one("#one-time-password").get_text()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ann@example.org"))
    form = admin.post(
        f"/users/{user.id}/memberships",
        {"inspection": inspection, "role": "inspector"},
        csrf_from=f"/users/{user.id}",
    )
    assert form.location == f"{WORKSPACE}/users/{user.id}"
    with app.app_context():
        assert [
            (m.inspection_id, m.role)
            for m in db.session.scalars(select(Membership).filter_by(user_id=user.id))
        ] == [(inspection, "inspector")]
    assert ("membership_added", admin_staff.email, "ann@example.org") in audit(app)

    first_sign_in = workspace().enter_password("ann@example.org", password)
    assert first_sign_in.location == f"{WORKSPACE}/two-factor/set-up"


def test_an_admin_cannot_change_their_own_role_or_memberships(app, signed_in, inspection):
    admin, staff = signed_in("admin")
    own = admin.get(f"/users/{staff.id}")
    assert "You cannot change your own role" in own.text
    assert own.soup.find("button", string=re.compile("Remove admin role")) is None
    for path, data in (
        (f"/users/{staff.id}/admin/remove", {}),
        (f"/users/{staff.id}/access/deactivate", {}),
        (f"/users/{staff.id}/memberships", {"inspection": inspection, "role": "inspector"}),
    ):
        page = admin.post(path, data, csrf_from="/account")
        assert page.status == 400
        assert page.errors() == ["You cannot change your own role, memberships or access. Ask another admin"]
    with app.app_context():
        me = db.session.get(User, staff.id)
        assert me.is_admin and me.active and me.memberships == []


def test_a_password_reset_signs_the_user_out_and_gives_a_one_time_password(
    app, signed_in, workspace, make_staff, inspection
):
    admin, _ = signed_in("admin")
    inspector, staff = signed_in("inspector", "192.0.2.50")
    page = admin.post(f"/users/{staff.id}/reset-password", csrf_from=f"/users/{staff.id}")
    one_time = page.soup.select_one("#one-time-password").get_text()
    assert inspector.get("/").location.startswith(f"{WORKSPACE}/sign-in")  # signed out at once
    assert workspace().enter_password(staff.email, staff.password).status == 400
    again = workspace()
    assert again.enter_password(staff.email, one_time).location == f"{WORKSPACE}/two-factor"
    assert again.post("/two-factor", {"code": staff.next_code()}).location == f"{WORKSPACE}/choose-password"


def test_a_two_factor_reset_makes_the_user_enrol_again(app, signed_in, workspace, inspection):
    admin, _ = signed_in("admin")
    _, staff = signed_in("coordinator", "192.0.2.51")
    admin.post(f"/users/{staff.id}/reset-two-factor", csrf_from=f"/users/{staff.id}")
    page = workspace().enter_password(staff.email, staff.password)
    assert page.location == f"{WORKSPACE}/two-factor/set-up"
    assert any(action == "two_factor_reset" and subject == staff.email for action, _, subject in audit(app))


def test_flask_users_create_adds_a_member_and_prints_a_one_time_password(app, inspection):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "cli@example.org",
            "--role",
            "coordinator",
            "--inspection",
            str(inspection),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Added cli@example.org as coordinator in Test inspection" in result.output
    assert re.search(r"One-time password: [a-z2-9]{4}(-[a-z2-9]{4}){3}", result.output)
    refused = runner.invoke(args=["users", "create", "--email", "x@example.org", "--role", "inspector"])
    assert refused.exit_code == 2
    assert "give --inspection NUMBER" in refused.output
    twice = runner.invoke(args=["users", "create", "--email", "CLI@example.org", "--role", "admin"])
    assert twice.exit_code == 2
    assert "There is already a user with that email address" in twice.output


def test_demo_data_prints_a_sign_in_line_per_role_that_works(app, workspace):
    import pyotp

    result = app.test_cli_runner().invoke(args=["demo-data", "--responses", "0"])
    assert result.exit_code == 0, result.output
    lines = re.findall(r"^demo (\w+): (\S+) / (\S+) / TOTP secret ([A-Z2-7]+)$", result.output, re.MULTILINE)
    assert [line[0] for line in lines] == ["admin", "inspector", "coordinator", "volunteer"]
    for number, (_role, email, password, secret) in enumerate(lines):
        client = workspace(f"192.0.2.{100 + number}")
        assert client.enter_password(email, password).location == f"{WORKSPACE}/two-factor"
        assert client.post("/two-factor", {"code": pyotp.TOTP(secret).now()}).location == f"{WORKSPACE}/"
    again = app.test_cli_runner().invoke(args=["demo-data", "--responses", "0"])
    # A second run reuses the users and prints the same lines.
    expected = [
        f"demo {role}: {email} / {password} / TOTP secret {secret}" for role, email, password, secret in lines
    ]
    assert re.findall(r"^demo .*$", again.output, re.MULTILINE) == expected


def test_demo_data_is_refused_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 2
    assert result.output.strip() == "demo-data is for development only: it never runs in production"
