"""Every respondent page works with JavaScript off: a person can answer and reach the check page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import begin_as_a_child
from tests.journeys import definition


@pytest.mark.browser
def test_with_javascript_off_a_child_answers_two_questions_and_reaches_the_check_page(
    app, surveys, new_context
):
    page = new_context(java_script_enabled=False).new_page()
    token = surveys["children"]
    questions = definition(app, "children").questions
    first, second = (q.wording("8-11").options[i] for q, i in zip(questions[:2], (0, 3), strict=True))

    begin_as_a_child(page, token)
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")  # really off
    # The quick exit is still a plain link (GOV.UK gives it the button role) to /leave.
    exit_button = page.get_by_role("button", name="Emergency Exit this page", exact=True)
    expect(exit_button).to_have_attribute("href", "/leave")

    page.get_by_text(first.label, exact=True).click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/q/2")
    page.get_by_text(second.label, exact=True).click()
    page.get_by_role("button", name="Continue").click()
    for number in range(3, len(questions) + 1):  # skip the rest, as the start page says they can
        page.wait_for_url(f"**/s/{token}/q/{number}")
        page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"**/s/{token}/check")
    expect(page.locator("h1")).to_have_text("Check your answers")
    rows = page.locator(".govuk-summary-list__row")
    expect(rows.filter(has_text=questions[0].wording("8-11").text)).to_contain_text(first.label)
    expect(rows.filter(has_text=questions[1].wording("8-11").text)).to_contain_text(second.label)
    expect(rows.filter(has_text="Not answered")).to_have_count(len(questions) - 2)
    expect(page.get_by_role("button", name="Send my answers")).to_be_visible()
