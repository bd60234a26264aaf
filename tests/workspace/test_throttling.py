"""Sign-in throttling: a wait for one account from one address; from many addresses, slower answers
and an audit record, never a lock-out."""

from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.models import AuditRecord
from participation.workspace.auth import throttle
from tests.workspace.client import WORKSPACE


def actions(app, action: str) -> list[AuditRecord]:
    with app.app_context():
        rows = db.session.scalars(select(AuditRecord).where(AuditRecord.action == action)).all()
        db.session.expunge_all()
        return list(rows)


def test_five_failures_from_one_address_mean_a_fifteen_minute_wait_even_with_the_right_password(
    app, workspace, make_staff, inspection
):
    staff = make_staff("inspector", inspection)
    client = workspace("198.51.100.7")
    for _ in range(5):
        assert client.enter_password(staff.email, "wrong password!").status == 400
    refused = client.enter_password(staff.email, staff.password)
    assert refused.status == 429
    assert refused.errors() == ["You have tried to sign in too many times. Wait 15 minutes, then try again."]
    assert [r.actor for r in actions(app, "sign_in_wait")] == [staff.email]

    # The same person from another address is not held up.
    elsewhere = workspace("198.51.100.8")
    assert elsewhere.enter_password(staff.email, staff.password).location == f"{WORKSPACE}/two-factor"


def test_wrong_codes_count_towards_the_wait_too(app, workspace, make_staff, inspection):
    staff = make_staff("coordinator", inspection)
    client = workspace()
    client.enter_password(staff.email, staff.password)
    for _ in range(5):
        assert client.post("/two-factor", {"code": "123456"}).status == 400
    refused = client.post("/two-factor", {"code": staff.next_code()})
    assert refused.status == 429
    assert refused.h1 == "Sign in to the inspection workspace"
    assert len(actions(app, "two_factor_failed")) == 5


def test_failures_from_many_addresses_slow_down_and_are_recorded_but_never_lock_the_inspector_out(
    app, workspace, make_staff, inspection, monkeypatch
):
    staff = make_staff("inspector", inspection)
    delays = []
    monkeypatch.setattr(throttle, "slow_down", delays.append)
    threshold = app.config["WORKSPACE_SLOW_DOWN_AFTER"]
    for number in range(threshold + 3):
        page = workspace(f"203.0.113.{number + 1}").enter_password(staff.email, "a stranger's guess")
        assert page.status == 400
    assert delays == [0.25, 0.5, 0.75]  # only past the threshold, growing
    [alarm] = actions(app, "sign_in_failures_many_addresses")
    assert alarm.actor == staff.email

    # The inspector, at their own desk, still signs in at once.
    home = workspace("192.0.2.99").sign_in(staff)
    assert home.h1 == "Your inspections"


def test_the_counters_keep_no_email_address(app, workspace, make_staff, inspection):
    staff = make_staff("volunteer", inspection)
    workspace().enter_password(staff.email, "wrong password!")
    from participation.workspace.extensions import workspace_limiter

    stored = repr(vars(workspace_limiter.storage))
    assert "sign-in-pair:" in stored
    assert staff.email not in stored


def test_a_flood_of_sign_in_attempts_from_one_address_is_turned_away(app, workspace, monkeypatch):
    settings = app.extensions["workspace_app"].config
    monkeypatch.setitem(settings, "WORKSPACE_SIGN_IN_LIMIT_PER_ADDRESS", "3 per minute")
    client = workspace("198.51.100.99")
    for number in range(3):
        assert client.enter_password(f"person{number}@example.org", "a guess at a password").status == 400
    flooded = client.enter_password("person9@example.org", "a guess at a password")
    assert flooded.status == 429
    assert flooded.h1 == "Too many tries"
    assert workspace("198.51.100.100").enter_password("person9@example.org", "a guess").status == 400
