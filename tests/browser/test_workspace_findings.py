"""The findings page and a question's page in a real browser, at 1280 and 320 pixels wide: zero axe
violations (WCAG 2.2 AA), no sideways scrolling, charts named, the group filter working."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import assert_page_is_usable, expect_heading
from tests.browser.test_workspace_dashboard import sign_in
from tests.browser.test_workspace_sign_in import WIDTHS
from tests.workspace.test_findings import build


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_findings_page_passes_axe_at_every_width(app, make_staff, inspection, new_context, width):
    build(app, inspection)
    staff = make_staff("inspector", inspection)
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, staff)

    page.get_by_role("link", name="Test inspection").click()
    page.get_by_role("link", name="Findings").click()
    expect_heading(page, "Findings")
    chart = "Percentage positive by question: Children and young people, wellbeing"
    expect(page.get_by_role("img", name=chart)).to_be_visible()
    assert_page_is_usable(page)

    page.get_by_label("Show figures for").select_option(label="Children aged 8 to 11")
    page.get_by_role("button", name="Show findings").click()
    heading = "Who these figures are from: Children aged 8 to 11"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_page_is_usable(page)

    page.get_by_role("link", name="I feel safe where I live.").first.click()
    expect_heading(page, "I feel safe where I live.")
    assert_page_is_usable(page)
