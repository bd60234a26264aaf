"""The printed report in a real browser, at 1280 and 320 pixels wide: zero axe violations (WCAG 2.2
AA), no sideways scrolling, charts named; printed, it shows the report and none of the navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import assert_page_is_usable, expect_heading
from tests.browser.test_workspace_dashboard import sign_in
from tests.browser.test_workspace_sign_in import WIDTHS
from tests.workspace.test_report import KEPT, fill


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_passes_axe_and_prints_without_navigation(app, make_staff, inspection, new_context, width):
    fill(app, inspection)
    staff = make_staff("inspector", inspection)
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, staff)

    page.get_by_role("link", name="Test inspection").click()
    page.get_by_role("link", name="Report", exact=True).click()
    expect_heading(page, "Survey report")
    chart = "Percentage positive by question: Children and young people, wellbeing"
    expect(page.get_by_role("img", name=chart)).to_be_visible()
    expect(page.get_by_text(KEPT)).to_be_visible()
    pdf = page.get_by_role("link", name="Download the report as a PDF")
    expect(pdf).to_be_visible()
    assert_page_is_usable(page)

    page.emulate_media(media="print")
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_role("img", name=chart)).to_be_visible()
    for navigation in (".app-header", ".govuk-service-navigation", ".app-inspection-nav", ".govuk-footer"):
        expect(page.locator(navigation)).to_be_hidden()
    expect(pdf).to_be_hidden()
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("link", name="Summary by aim")).to_have_css("color", "rgb(0, 0, 0)")
