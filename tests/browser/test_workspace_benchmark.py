"""The national comparison and the comparison with the earlier inspection in a real browser, at
1280 and 320 pixels wide: zero axe violations (WCAG 2.2 AA), no sideways scrolling, and every
table reachable and named."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.pages import assert_page_is_usable, expect_heading
from tests.browser.test_workspace_dashboard import sign_in
from tests.browser.test_workspace_sign_in import WIDTHS
from tests.workspace.test_benchmark import answer, make_earlier


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_comparison_pages_pass_axe_at_every_width(app, make_staff, inspection, other_inspection,
                                                      new_context, width):
    make_earlier(app, inspection, other_inspection, report_on=dt.date.today())
    with app.app_context():
        answer(inspection, "confident_identify_risk", {"agree": 45, "disagree": 5})
        answer(other_inspection, "confident_identify_risk", {"agree": 20, "disagree": 30})
        answer(inspection, "early_help", {"agree": 3})
        answer(other_inspection, "early_help", {"agree": 30, "disagree": 3})
        answer(inspection, "feel_safe", {"agree": 30, "disagree": 10}, survey="children")
        answer(other_inspection, "feel_safe", {"agree": 28, "disagree": 12}, survey="children")
    staff = make_staff("inspector", inspection)
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, staff)

    page.get_by_role("link", name="Test inspection").click()
    page.get_by_role("link", name="National comparison").click()
    expect_heading(page, "National comparison")
    questions = page.get_by_role("table", name="Staff survey: percentage positive by question")
    expect(questions).to_contain_text("Better")
    assert_page_is_usable(page)

    page.get_by_role("link", name="Compare with this partnership's earlier inspection").click()
    expect_heading(page, "Compared with the earlier inspection")
    questions = page.get_by_role("table", name="Staff survey: percentage positive by question")
    expect(questions).to_contain_text("Not compared: fewer than 5 answered here")
    assert_page_is_usable(page)
