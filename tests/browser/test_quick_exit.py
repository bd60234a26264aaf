"""The quick exit leaves the site for a neutral one and ends the survey session on the server, so
going back (or opening a question's address again) shows no question and nothing that was typed."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import all_responses, begin_as_a_child
from tests.journeys import definition

NEUTRAL_PAGE = "<!DOCTYPE html><title>Weather</title><h1>Weather</h1>"
SECRET = "He shouts at me when mum is out"


def stand_in_for_the_neutral_site(page: Page, url: str) -> list[str]:
    """Answer for the neutral site ourselves (the network is closed here); return the URLs answered.

    Playwright's page.route is not enough: its handler is only called for the first URL of a
    redirect chain, and /leave reaches the neutral site by a 303 redirect (goto and the Shift
    shortcut then fail with ERR_NAME_NOT_RESOLVED). Chromium's own Fetch interception sees every hop.
    """
    answered: list[str] = []
    host = url.split("/")[2]
    cdp = page.context.new_cdp_session(page)
    body = base64.b64encode(NEUTRAL_PAGE.encode()).decode()

    def fulfil(event: dict) -> None:
        answered.append(event["request"]["url"])
        cdp.send("Fetch.fulfillRequest", {
            "requestId": event["requestId"],
            "responseCode": 200,
            "responseHeaders": [{"name": "Content-Type", "value": "text/html; charset=utf-8"}],
            "body": body,
        })

    cdp.on("Fetch.requestPaused", fulfil)
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": f"https://{host}/*"}]})
    return answered


def free_text_number(app) -> int:
    questions = definition(app, "children").questions
    return next(n for n, q in enumerate(questions, start=1) if q.type == "free_text")


def first_question_option(app, index: int) -> str:
    """Return the label of an answer to the first question, as an 8 to 11 year old sees it."""
    return definition(app, "children").questions[0].wording("8-11").options[index].label


def nothing_of_the_survey_is_shown(page: Page, app) -> None:
    body = page.locator("body").inner_text()
    assert SECRET not in body
    assert SECRET not in page.content()
    for question in definition(app, "children").questions:
        assert question.wording("8-11").text not in body
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.locator("input[type=radio]")).to_have_count(0)


@pytest.mark.browser
def test_exit_this_page_leaves_for_a_neutral_site_and_going_back_shows_nothing(
    app, surveys, phone, live_server
):
    exit_url = app.config["QUICK_EXIT_URL"]
    token = surveys["children"]
    answered = stand_in_for_the_neutral_site(phone, exit_url)
    begin_as_a_child(phone, token)
    phone.get_by_text(first_question_option(app, 0), exact=True).click()
    phone.get_by_role("button", name="Continue").click()
    number = free_text_number(app)
    question_url = f"/s/{token}/q/{number}"
    phone.goto(question_url)
    phone.get_by_role("textbox").fill(SECRET)  # typed, not yet sent

    # Named exactly: its hidden "Emergency" must be markup, not tags shown as text.
    exit_button = phone.get_by_role("button", name="Emergency Exit this page", exact=True)
    expect(exit_button).to_have_text("Emergency Exit this page")
    exit_button.click()
    phone.wait_for_url(f"{exit_url}**")
    assert phone.url.startswith(exit_url)
    expect(phone.locator("h1")).to_have_text("Weather")
    assert answered[0] == exit_url

    # The session is over on the server: the response is no longer tied to this browser, and
    # what was sent before the exit is kept (a disclosure may come just before it).
    [response] = all_responses(app)
    assert response.session_key_hash is None
    assert [a.question_key for a in response.answers] == [definition(app, "children").questions[0].key]

    phone.go_back()
    phone.wait_for_load_state()
    assert phone.url.startswith(f"{live_server}/s/{token}?ended=1")  # the start page, not the question
    nothing_of_the_survey_is_shown(phone, app)

    phone.goto(question_url)
    assert "/q/" not in phone.url  # sent to the start page instead
    expect(phone.get_by_text("That survey session has ended")).to_be_visible()
    nothing_of_the_survey_is_shown(phone, app)


@pytest.mark.browser
def test_pressing_shift_three_times_leaves_for_the_neutral_site(app, surveys, phone):
    exit_url = app.config["QUICK_EXIT_URL"]
    token = surveys["children"]
    stand_in_for_the_neutral_site(phone, exit_url)
    begin_as_a_child(phone, token)
    phone.get_by_text(first_question_option(app, 2), exact=True).click()  # chosen, not yet sent

    for _ in range(3):
        phone.keyboard.press("Shift")
    phone.wait_for_url(f"{exit_url}**")
    assert phone.url.startswith(exit_url)

    [response] = all_responses(app)
    assert response.session_key_hash is None
    phone.goto(f"/s/{token}/q/1")
    expect(phone.get_by_text("That survey session has ended")).to_be_visible()
    nothing_of_the_survey_is_shown(phone, app)
