"""The live responses page and the surveys page in a real browser, at 1280 and 320 pixels wide:
zero axe violations (WCAG 2.2 AA), no sideways scrolling, charts named and beside their tables."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from participation.extensions import db
from tests.browser.pages import assert_page_is_usable, expect_heading
from tests.browser.test_workspace_sign_in import WIDTHS
from tests.workspace.responses import add_responses


def sign_in(page, staff) -> None:
    page.goto("/workspace/sign-in")
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password", exact=True).fill(staff.password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Enter the code from your authenticator app").fill(staff.next_code())
    page.get_by_role("button", name="Sign in").click()
    expect_heading(page, "Your inspections")


@pytest.mark.browser
@pytest.mark.parametrize("role", ["inspector", "coordinator"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_live_responses_page_passes_axe_at_every_width(
    app, make_staff, inspection, new_context, width, role
):
    with app.app_context():
        day = dt.date.today() - dt.timedelta(days=6)
        for offset, number in enumerate((9, 14, 3, 0, 7, 11)):
            add_responses(inspection, "children", number, age_band="8-11", on=day + dt.timedelta(days=offset))
        add_responses(inspection, "parents", 12, on=day)
        add_responses(inspection, "staff", 4, agency="health", on=day, language="pl")
        add_responses(inspection, "staff", 21, agency="social_work", on=day + dt.timedelta(days=2))
        add_responses(inspection, "children", 3, sent=False)
        db.session.commit()
    staff = make_staff(role, inspection)
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, staff)

    page.get_by_role("link", name="Test inspection").click()
    expect_heading(page, "Test inspection")
    assert_page_is_usable(page)
    page.get_by_role("link", name="Responses").click()
    expect_heading(page, "Responses")
    expect(page.get_by_role("img", name="Responses by survey: Sent")).to_be_visible()
    if role == "coordinator":
        expect(page.locator("table", has_text="Staff responses by agency")).to_contain_text("fewer than 5")
    else:
        expect(page.get_by_role("img", name="Sent responses so far, by day and survey")).to_be_visible()
    assert_page_is_usable(page)

    page.get_by_role("link", name="Surveys, links and posters").click()
    expect_heading(page, "Surveys, links and posters")
    assert_page_is_usable(page)
