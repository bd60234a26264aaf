"""The exports page and a spreadsheet's progress page in a real browser, at 1280 and 320 pixels
wide: zero axe violations (WCAG 2.2 AA), no sideways scrolling, and the progress page reloads
itself (no script) until the spreadsheet is ready."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.workspace.exports.jobs import wait_for_jobs
from tests.browser.pages import assert_page_is_usable, expect_heading
from tests.browser.test_workspace_dashboard import sign_in
from tests.browser.test_workspace_sign_in import WIDTHS
from tests.workspace.exports.answered import add_answered


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_exports_and_a_spreadsheets_progress_pass_axe(
        app, make_staff, inspection, new_context, width, tmp_path):
    workspace = app.extensions["workspace_app"]
    workspace.config["EXPORT_FOLDER"] = str(tmp_path)
    add_answered(app, inspection, "parents", 6, age_band=None)
    staff = make_staff("inspector", inspection)
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, staff)
    page.get_by_role("link", name="Test inspection").click()
    page.get_by_role("link", name="Exports").click()
    expect_heading(page, "Exports")
    assert_page_is_usable(page)

    page.get_by_role("button", name="Build the spreadsheet").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what the spreadsheet should hold")
    assert_page_is_usable(page)

    page.get_by_label("Figures", exact=False).check()
    page.get_by_role("button", name="Build the spreadsheet").click()
    wait_for_jobs(workspace)
    # Built or not when the page first loaded, the page reloads itself until it is ready.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your spreadsheet is ready", timeout=15_000)
    assert_page_is_usable(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the spreadsheet (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
