"""The signed-in session: idle and absolute time-outs, signing out, and its own cookie."""

from __future__ import annotations

from participation.workspace.auth import session as workspace_session
from tests.workspace.client import WORKSPACE


def test_thirty_idle_minutes_sign_the_user_out_on_that_device_only(app, signed_in, workspace, monkeypatch):
    laptop, staff = signed_in("inspector")
    phone = workspace("192.0.2.20")
    phone.sign_in(staff)
    start = workspace_session.clock()

    def minutes_later(minutes: int) -> None:
        monkeypatch.setattr(workspace_session, "clock", lambda: start + minutes * 60)

    minutes_later(29)
    assert laptop.get("/").status == 200  # still there at 29 minutes, and that counts as activity
    assert phone.get("/").status == 200
    minutes_later(45)
    assert phone.get("/").status == 200
    minutes_later(29 + 30 + 1)
    page = laptop.get("/")
    assert page.location == f"{WORKSPACE}/sign-in"
    banner = laptop.follow(page).soup.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert "signed out because you had not done anything for 30 minutes" in banner
    assert laptop.get("/").location.startswith(f"{WORKSPACE}/sign-in")
    assert phone.get("/").status == 200  # the phone, in use, carries on


def test_twelve_hours_sign_the_user_out_however_busy(app, signed_in, monkeypatch):
    client, _ = signed_in("coordinator")
    start = workspace_session.clock()
    for minutes in range(0, 12 * 60, 25):
        monkeypatch.setattr(workspace_session, "clock", lambda minutes=minutes: start + minutes * 60)
        assert client.get("/").status == 200
    monkeypatch.setattr(workspace_session, "clock", lambda: start + 12 * 3600 + 1)
    page = client.get("/")
    assert page.location == f"{WORKSPACE}/sign-in"
    assert "signed in for 12 hours" in client.follow(page).text


def test_signing_out_ends_the_session_and_a_copied_cookie_with_it(app, signed_in):
    client, _ = signed_in("volunteer")
    stolen = client.client.get_cookie("workspace_session", path=WORKSPACE).value
    page = client.post("/sign-out", csrf_from="/account")
    assert "You have signed out" in client.follow(page).text
    assert client.get("/").location.startswith(f"{WORKSPACE}/sign-in")
    thief = app.test_client()
    thief.set_cookie("workspace_session", stolen, path=WORKSPACE)
    assert thief.get(f"{WORKSPACE}/").headers["Location"].startswith(f"{WORKSPACE}/sign-in")


def test_the_workspace_cookie_is_its_own_and_never_sent_to_respondent_pages(app, signed_in, surveys):
    client, _ = signed_in("inspector")
    cookie = client.client.get_cookie("workspace_session", path=WORKSPACE)
    assert cookie is not None and cookie.path == WORKSPACE and cookie.http_only
    assert client.client.get_cookie("workspace_session", path="/") is None
    # A respondent page neither receives nor sets the workspace cookie.
    response = client.client.get(f"/s/{surveys['children']}")
    assert "workspace_session" not in response.request.headers.get("Cookie", "")
    assert "workspace_session" not in response.headers.get("Set-Cookie", "")


def test_a_session_signed_by_the_respondent_app_does_not_open_the_workspace(app, make_staff, inspection):
    staff = make_staff("inspector", inspection)
    with app.app_context():
        from participation.extensions import db
        from participation.models import User

        token = db.session.get(User, staff.id).session_token
    now = workspace_session.clock()
    contents = {"_user_id": f"{staff.id}:{token}", "_fresh": True, "signed_in_at": now, "seen_at": now}
    # What a signed-in session holds, signed with the respondent app's key: the workspace's own
    # (derived) key does not verify it, so a respondent's cookie can never read a workspace page.
    forged = app.session_interface.get_signing_serializer(app).dumps(contents)
    client = app.test_client()
    client.set_cookie("workspace_session", forged, path=WORKSPACE)
    assert client.get(f"{WORKSPACE}/").headers["Location"].startswith(f"{WORKSPACE}/sign-in")
    # The same contents signed with the workspace's key do open it: the test can tell the difference.
    workspace = app.extensions["workspace_app"]
    genuine = workspace.session_interface.get_signing_serializer(workspace).dumps(contents)
    client.set_cookie("workspace_session", genuine, path=WORKSPACE)
    assert client.get(f"{WORKSPACE}/").status_code == 200
