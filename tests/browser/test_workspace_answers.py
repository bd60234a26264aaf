"""The answers page, a correction and the agreement page's blind review in a real browser, at 1280
and 320 pixels wide: zero axe violations (WCAG 2.2 AA), no sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import assert_page_is_usable, expect_heading
from tests.browser.test_workspace_dashboard import sign_in
from tests.browser.test_workspace_sign_in import WIDTHS
from tests.workspace.written import Reading, add_written

KIND = "My worker is kind and always listens to me"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_an_inspector_reads_filters_and_corrects_answers_in_the_browser(
    app, make_staff, inspection, new_context, width
):
    with app.app_context():
        answer_id = add_written(
            inspection,
            "children",
            KIND,
            Reading(["relationships"], "positive", evidence={"relationships": ["worker + kind"]}),
            age_band="8-11",
        )
        add_written(
            inspection, "staff", "Managers support us", Reading(["leadership"], "positive"), agency="police"
        )
        add_written(
            inspection,
            "children",
            "Mój pracownik jest miły",
            Reading(
                [], "positive", flagged=True, evidence={"safeguarding": ["needs_human_read: not English"]}
            ),
            language="pl",
            age_band="12-17",
        )
    staff = make_staff("inspector", inspection)
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, staff)
    page.goto(f"/workspace/inspections/{inspection}/answers")
    expect_heading(page, "Answers")
    expect(page.locator("#answers-count")).to_have_text("Showing 1 to 3 of 3 answers")
    expect(page.locator(".app-not-analysed")).to_have_text("Not analysed: written in Polish")
    assert_page_is_usable(page)

    page.get_by_label("Search the answers' words").fill("kind")
    page.get_by_label("Theme").select_option("relationships")
    page.get_by_role("button", name="Show answers").click()
    expect(page.locator("#answers-count")).to_have_text("Showing 1 to 1 of 1 answers")
    page.get_by_role("link", name=f"Read and correct answer {answer_id}").click()
    expect(page.get_by_role("heading", name="Correct this answer")).to_be_visible()
    assert_page_is_usable(page)

    page.get_by_role("checkbox", name="Wellbeing").check()
    page.get_by_role("radio", name="Negative").check()
    page.get_by_role("button", name="Save correction").click()
    expect(page.locator(".app-tone")).to_contain_text("The analysis said: Positive")
    expect(page.locator("table")).to_contain_text("Reading the answers")
    assert_page_is_usable(page)

    page.get_by_role("link", name="Back to all answers").click()
    page.goto(f"/workspace/inspections/{inspection}/answers?page=x")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The page number must be a whole number")
    assert_page_is_usable(page)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_an_inspector_reviews_the_sample_blind_in_the_browser(
    app, make_staff, inspection, new_context, width
):
    with app.app_context():
        add_written(inspection, "parents", "The meetings are far too long", Reading(["process"], "negative"))
    staff = make_staff("inspector", inspection)
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, staff)
    page.goto(f"/workspace/inspections/{inspection}/agreement")
    expect_heading(page, "Agreement")
    page.get_by_label("How many answers to draw").fill("10")
    page.get_by_role("button", name="Draw a sample").click()
    expect(page.locator("#sample-count")).to_have_text("1 answers drawn, 0 reviewed.")
    assert_page_is_usable(page)

    page.get_by_role("link", name="Review the next answer").click()
    expect_heading(page, "Review answer 1 of the sample")
    page.get_by_role("button", name="Save review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the answer's tone")
    assert_page_is_usable(page)
    page.get_by_role("checkbox", name="Process experience").check()
    page.get_by_role("radio", name="Negative").check()
    page.locator("#safeguarding-2").check()
    page.get_by_role("button", name="Save review").click()
    expect(page.locator("#comparison")).to_contain_text("Process experience")
    assert_page_is_usable(page)

    page.get_by_role("link", name="Back to agreement").click()
    expect(page.locator("#agreement-themes")).to_contain_text("1.00")
    assert_page_is_usable(page)
