"""The safeguarding queue and recording a decision in a real browser, at 1280 and 320 pixels wide:
zero axe violations (WCAG 2.2 AA) on the queue, an entry, its error summary and the whole response."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import assert_page_is_usable, expect_heading
from tests.browser.test_workspace_dashboard import sign_in
from tests.browser.test_workspace_sign_in import WIDTHS
from tests.workspace.flagged import DISCLOSURE, child_types_disclosure


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_an_inspector_triages_an_entry_in_the_browser(
    app, make_staff, inspection, respondent, new_context, width
):
    entry = child_types_disclosure(app, respondent)
    staff = make_staff("inspector", inspection)
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, staff)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 safeguarding entry to triage")

    page.get_by_role("link", name="1 safeguarding entry to triage").click()
    expect_heading(page, "Safeguarding queue")
    assert_page_is_usable(page)

    page.get_by_role("link", name=f"Entry {entry.id}").click()
    expect_heading(page, f"Safeguarding entry {entry.id}")
    expect(page.locator(".app-answer-text")).to_have_text(DISCLOSURE)
    assert_page_is_usable(page)

    page.get_by_role("radio", name="Passed to the partnership's lead officer").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say when it was passed to the lead officer")
    assert_page_is_usable(page)

    page.get_by_role("radio", name="Not a concern").check()
    page.get_by_label("Why it is not a concern").fill("The child was describing a film")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Not a concern")
    expect(page.locator("table")).to_contain_text("The child was describing a film")
    expect(page.locator(".govuk-notification-banner")).to_have_count(0)

    page.get_by_role("link", name="Read the whole response").click()
    expect_heading(page, f"Response {entry.response_id}")
    expect(page.get_by_role("button", name="This may be a disclosure")).to_be_visible()
    assert_page_is_usable(page)
