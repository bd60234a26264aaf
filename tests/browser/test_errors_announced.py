"""Errors are announced: the GOV.UK error summary appears, takes focus (GOV.UK Frontend's JavaScript
moves it there so a screen reader reads it at once), links to the problem and passes axe."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from participation.models import AnswerStatus
from tests.browser.pages import all_responses, assert_page_is_usable, begin_as_a_child
from tests.journeys import definition


def expect_announced_error(page: Page, message: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text(message)
    assert page.title().startswith("Error:")
    assert_page_is_usable(page)


@pytest.mark.browser
def test_an_answer_that_is_too_long_is_refused_with_a_focused_error_summary_and_kept(app, surveys, phone):
    token = surveys["children"]
    questions = definition(app, "children").questions
    number, question = next((n, q) for n, q in enumerate(questions, start=1) if q.type == "free_text")
    too_long = "I want to say this. " * (question.max_length // 20) + "And more."
    assert len(too_long) > question.max_length

    begin_as_a_child(phone, token)
    phone.goto(f"/s/{token}/q/{number}")
    phone.get_by_role("textbox").fill(too_long)
    expect(phone.locator(".govuk-character-count__status")).to_contain_text("too many")
    phone.get_by_role("button", name="Continue").click()

    expect_announced_error(phone, f"{question.max_length} characters or fewer")
    assert phone.url.endswith(f"/q/{number}")
    expect(phone.get_by_role("textbox")).to_have_value(too_long)  # nothing typed is lost
    # The summary's link takes the person to the box.
    phone.locator(".govuk-error-summary").get_by_role("link").click()
    expect(phone.get_by_role("textbox")).to_be_focused()
    [response] = all_responses(app)
    assert response.answers == []

    # Shortened, it is saved and the journey goes on.
    phone.get_by_role("textbox").fill("Shorter now")
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url(f"**/s/{token}/q/{number + 1}")
    [response] = all_responses(app)
    assert [(a.status, a.text) for a in response.answers] == [(AnswerStatus.ANSWERED, "Shorter now")]


@pytest.mark.browser
def test_a_stale_page_is_refused_with_a_focused_error_summary_and_a_way_back(
    app, surveys, phone, monkeypatch
):
    token = surveys["children"]
    begin_as_a_child(phone, token)
    first = definition(app, "children").questions[0].wording("8-11").options[0]
    # The page was left open longer than a form may live (6 hours in use; 1 second here).
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", 1)
    time.sleep(2.1)
    phone.get_by_text(first.label, exact=True).click()
    phone.get_by_role("button", name="Continue").click()

    expect_announced_error(phone, "This page timed out")
    expect(phone.locator("h1")).to_have_text("This page timed out")
    [response] = all_responses(app)
    assert response.answers == []  # the stale answer was not saved

    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", 6 * 60 * 60)
    phone.get_by_role("link", name="Go back to the page").click()
    phone.wait_for_url(f"**/s/{token}/q/1")
    phone.get_by_text(first.label, exact=True).click()
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url(f"**/s/{token}/q/2")
    [response] = all_responses(app)
    assert [a.option_keys for a in response.answers] == [[first.key]]
