"""The results by aim and quality indicator 2.1's page in a real browser, at 1280 and 320 pixels
wide: zero axe violations (WCAG 2.2 AA) and no sideways scrolling, before and after an evaluation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import assert_page_is_usable, expect_heading
from tests.browser.test_workspace_dashboard import sign_in
from tests.browser.test_workspace_sign_in import WIDTHS
from tests.workspace.test_questions import load


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_aims_view_and_quality_indicator_page_pass_axe_at_every_width(
    app, make_staff, inspection, new_context, width
):
    load(app, inspection)
    staff = make_staff("inspector", inspection)
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, staff)
    page.get_by_role("link", name="Test inspection").click()

    page.get_by_role("link", name="Results by aim").click()
    expect_heading(page, "Results by the inspection's aims")
    expect(page.get_by_role("heading", name="Aim 4")).to_be_visible()
    assert_page_is_usable(page)

    page.get_by_role("link", name="Quality indicator 2.1").click()
    expect_heading(page, "Quality indicator 2.1: Impact on children and young people")
    assert_page_is_usable(page)
    page.get_by_label("4 Good: Important strengths, with some areas for improvement").check()
    page.get_by_label("Why you chose it").fill("Most children feel safe where they live.")
    page.get_by_role("button", name="Record evaluation").click()
    expect(page.locator("table", has_text="Most children feel safe where they live.")).to_be_visible()
    assert_page_is_usable(page)

    page.get_by_role("link", name="Strengths and areas").click()
    expect_heading(page, "Strengths and areas for development")
    assert_page_is_usable(page)
