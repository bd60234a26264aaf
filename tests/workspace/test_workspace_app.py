"""The workspace's shape: deny by default, role checks scoped to the URL's inspection, its own
policy, and what each role sees of an inspection."""

from __future__ import annotations

import pytest

from participation.config import TestConfig
from participation.models import Role
from participation.workspace import create_workspace_app
from participation.workspace.access import check_every_view_is_guarded, requires
from tests.workspace.client import WORKSPACE


def test_a_view_nobody_marked_is_refused_to_everyone(app):
    workspace = create_workspace_app(TestConfig())
    workspace.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    response = workspace.test_client().get("/forgotten")
    assert response.status_code == 403
    assert "secret" not in response.get_data(as_text=True)


def test_a_member_role_check_on_a_url_without_an_inspection_stops_the_app(app):
    workspace = create_workspace_app(TestConfig())
    workspace.add_url_rule("/loose", "loose", requires(Role.INSPECTOR)(lambda: "which inspection?"))
    with pytest.raises(RuntimeError, match="/loose checks membership but has no <int:inspection_id>"):
        check_every_view_is_guarded(workspace)


def test_each_app_has_its_own_content_security_policy(app, respondent, workspace):
    respondent_policy = respondent("").client.get("/").headers["Content-Security-Policy"]
    workspace_policy = workspace().client.get(f"{WORKSPACE}/sign-in").headers["Content-Security-Policy"]
    assert "img-src 'self' data:;" in respondent_policy
    assert "img-src 'self';" in workspace_policy
    assert "script-src 'self' 'nonce-" in workspace_policy


def test_the_home_page_links_to_the_workspace_for_staff(respondent):
    page = respondent("").get("/")
    assert f'<a class="govuk-link" href="{WORKSPACE}/">Sign in</a>' in page.html


def test_an_unknown_inspection_is_not_found(signed_in):
    client, _ = signed_in("inspector")
    assert client.get("/inspections/99999/").status == 404


@pytest.mark.parametrize(
    ("role", "sees_counts", "sees_team"),
    [("inspector", True, True), ("coordinator", True, False), ("volunteer", False, False)],
)
def test_what_each_member_sees_of_an_inspection(signed_in, inspection, role, sees_counts, sees_team):
    client, _ = signed_in(role)
    page = client.get(f"/inspections/{inspection}/")
    assert page.h1 == "Test inspection"
    # Counts live on the Responses page (suppressed for coordinators), reached from here.
    pages = [link.get_text(strip=True) for link in page.soup.select(".app-inspection-nav a")]
    assert ("Responses" in pages) is sees_counts
    assert (page.soup.find("h2", string="Team") is not None) is sees_team


def test_a_user_replaces_their_recovery_codes_and_changes_their_password(app, signed_in, workspace):
    client, staff = signed_in("volunteer")
    codes = client.post("/account/recovery-codes", csrf_from="/account")
    assert len(codes.soup.select("#recovery-codes li")) == 8
    assert client.get("/account").soup.find("dd", string=lambda s: s and s.strip() == "8") is not None

    other_device = workspace("192.0.2.77")
    other_device.sign_in(staff)
    wrong = client.post("/account/password", {"current": "nope", "password": "x" * 12, "confirm": "x" * 12})
    assert wrong.errors() == ["Your current password is not right"]
    changed = client.post(
        "/account/password",
        {"current": staff.password, "password": "a brand new passphrase",
         "confirm": "a brand new passphrase"},
    )
    assert changed.h1 == "Password changed"
    assert client.get("/").status == 200  # this session carries on
    assert other_device.get("/").location.startswith(f"{WORKSPACE}/sign-in")  # the other one ends
