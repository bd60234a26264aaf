"""Signing in to the workspace with two-factor in a real browser, at 1280 and 320 pixels wide, with
zero axe violations (WCAG 2.2 AA) and no sideways scrolling on every page on the way."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import Page, expect

from participation.extensions import db
from participation.workspace.users import accounts
from tests.browser.pages import assert_page_is_usable, expect_heading

WIDTHS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}, "is_mobile": False, "has_touch": False},
    "narrow phone": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
}


def go_to(page: Page, link: str) -> None:
    """Follow a service navigation link (through the Menu button where the screen is narrow)."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    page.locator(".govuk-service-navigation").get_by_role("link", name=link).click()


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_an_admin_signs_in_with_two_factor_and_every_page_passes_axe(
    app, make_staff, inspection, new_context, width
):
    staff = make_staff("admin")
    page = new_context(**WIDTHS[width]).new_page()
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    expect_heading(page, "Sign in to the inspection workspace")
    assert_page_is_usable(page)

    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password", exact=True).fill("not my password")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert page.title().startswith("Error: Sign in")
    assert_page_is_usable(page)

    page.get_by_label("Password", exact=True).fill(staff.password)
    page.get_by_role("button", name="Continue").click()
    expect_heading(page, "Enter the code from your authenticator app")
    assert_page_is_usable(page)
    page.get_by_label("Enter the code from your authenticator app").fill(staff.next_code())
    page.get_by_role("button", name="Sign in").click()
    expect_heading(page, "Your inspections")
    assert_page_is_usable(page)

    for link, heading in (("Users", "Users"), ("Audit", "Audit"), ("Your account", "Your account")):
        go_to(page, link)
        expect_heading(page, heading)
        assert_page_is_usable(page)
    go_to(page, "Users")
    page.get_by_role("button", name="Add a user").click()
    expect_heading(page, "Add a user")
    page.get_by_label("Full name").fill("Nia Volunteer")
    page.get_by_label("Email address").fill(f"nia.{width.replace(' ', '')}@example.org")
    page.get_by_role("button", name="Add user").click()
    expect_heading(page, "Nia Volunteer")
    expect(page.locator("#one-time-password")).to_be_visible()
    assert_page_is_usable(page)

    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    page.get_by_role("button", name="Sign out").click()
    expect_heading(page, "Sign in to the inspection workspace")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out.")
    assert_page_is_usable(page)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_a_new_user_enrols_two_factor_and_chooses_a_password_in_the_browser(
    app, inspection, new_context, width
):
    with app.app_context():
        _, one_time = accounts.create_user("first.time@example.org", "First Time")
        db.session.commit()
    page = new_context(**WIDTHS[width]).new_page()
    page.goto("/workspace/sign-in")
    page.get_by_label("Email address").fill("first.time@example.org")
    page.get_by_label("Password", exact=True).fill(one_time)
    page.get_by_role("button", name="Continue").click()

    expect_heading(page, "Set up two-factor authentication")
    expect(page.get_by_role("img", name="QR code to set up your app")).to_be_visible()
    assert_page_is_usable(page)
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#secret").inner_text().replace(" ", "")
    page.get_by_label("Enter the 6-digit code the app shows").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()

    expect_heading(page, "Save your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(8)
    assert_page_is_usable(page)
    page.get_by_role("button", name="I have saved my codes, continue").click()

    expect_heading(page, "Choose your password")
    assert_page_is_usable(page)
    page.get_by_label("New password", exact=True).fill("three random words here")
    page.get_by_label("Confirm new password").fill("three random words here")
    page.get_by_role("button", name="Save password and sign in").click()
    expect_heading(page, "Your inspections")
    assert_page_is_usable(page)
