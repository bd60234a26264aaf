"""A child aged 8 to 11 completes the children's survey on a phone-sized screen, by touch and by
keyboard alone: every page passes axe-core's WCAG 2.2 AA rules and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from participation.models import AnswerStatus
from participation.surveys import PREFER_NOT_TO_SAY
from tests.browser.pages import (
    assert_page_is_usable,
    expect_heading,
    submitted_responses,
    tab_to,
)
from tests.journeys import definition

BAND = "8-11"
BAND_LABEL = "8 to 11 years old"
TYPED = {
    "what_is_good": "My worker listens to me and I feel safer now",
    "what_should_change": "Meetings are too long and I want to choose who comes",
}
SKIPPED_NUMBER = 2
RATHER_NOT_SAY_NUMBER = 3


def planned_answers(app) -> list[tuple[object, object]]:
    """Return (question, plan) for every question of the 8-11 survey.

    The plan is an option (tapped by its label), "skip", PREFER_NOT_TO_SAY, or text to type.
    """
    plan = []
    for number, question in enumerate(definition(app, "children").questions, start=1):
        options = [o for o in question.wording(BAND).options if o.key != PREFER_NOT_TO_SAY]
        if question.type == "free_text":
            plan.append((question, TYPED[question.key]))
        elif number == SKIPPED_NUMBER:
            plan.append((question, "skip"))
        elif number == RATHER_NOT_SAY_NUMBER:
            plan.append((question, PREFER_NOT_TO_SAY))
        else:
            plan.append((question, options[number % len(options)]))
    return plan


def assert_stored_once(app, plan) -> None:
    """One response, sent, holding exactly the chosen option keys, the choices not to say and the text."""
    [response] = submitted_responses(app)
    assert response.age_band == BAND
    assert response.respondent_group == "children"
    stored = {answer.question_key: answer for answer in response.answers}
    assert set(stored) == {question.key for question, _plan in plan}
    for question, choice in plan:
        answer = stored[question.key]
        if choice == "skip":
            assert answer.status == AnswerStatus.SKIPPED, question.key
            assert answer.option_keys is None
        elif choice == PREFER_NOT_TO_SAY:
            assert answer.status == AnswerStatus.PREFER_NOT_TO_SAY, question.key
            assert answer.option_keys is None
        elif isinstance(choice, str):
            assert (answer.status, answer.text) == (AnswerStatus.ANSWERED, choice), question.key
        else:
            assert (answer.status, answer.option_keys) == (AnswerStatus.ANSWERED, [choice.key]), question.key


@pytest.mark.browser
def test_a_child_aged_8_to_11_completes_the_survey_on_a_phone_with_no_accessibility_failures(
    app, surveys, phone: Page
):
    token = surveys["children"]
    plan = planned_answers(app)
    total = len(plan)

    phone.goto(f"/s/{token}")
    expect_heading(phone, "survey")
    assert_page_is_usable(phone)

    # Help is one tap away, and its page passes too.
    phone.get_by_role("link", name="Get help now").first.tap()
    expect_heading(phone, "Get help now")
    expect(phone.get_by_text("0800 1111")).not_to_have_count(0)
    assert_page_is_usable(phone)
    phone.go_back()

    phone.get_by_role("button", name="Start now").tap()
    phone.wait_for_url(f"**/s/{token}/about")
    expect_heading(phone, "How old are you?")
    assert_page_is_usable(phone)
    phone.get_by_text(BAND_LABEL, exact=True).tap()
    expect(phone.get_by_role("radio", name=BAND_LABEL)).to_be_checked()
    phone.get_by_role("button", name="Continue").tap()

    for number, (question, choice) in enumerate(plan, start=1):
        phone.wait_for_url(f"**/s/{token}/q/{number}")
        expect(phone.get_by_text(f"Question {number} of {total}")).to_be_visible()
        wording = question.wording(BAND)
        expect_heading(phone, wording.text)
        assert wording.text not in phone.title()  # neutral titles: someone may see the tab
        assert_page_is_usable(phone)
        if isinstance(choice, str) and choice not in ("skip", PREFER_NOT_TO_SAY):
            box = phone.get_by_role("textbox", name=wording.text)
            box.tap()
            box.press_sequentially(choice)  # key by key, as on the phone's keyboard
        elif choice == PREFER_NOT_TO_SAY:
            phone.get_by_text("I'd rather not say", exact=True).tap()
            expect(phone.get_by_role("radio", name="I'd rather not say")).to_be_checked()
        elif choice != "skip":
            phone.get_by_text(choice.label, exact=True).tap()  # the words beside the face
            expect(phone.get_by_role("radio", name=choice.label, exact=True)).to_be_checked()
        phone.get_by_role("button", name="Continue").tap()

    phone.wait_for_url(f"**/s/{token}/check")
    expect_heading(phone, "Check your answers")
    expect(phone.get_by_text(BAND_LABEL)).to_be_visible()
    # What a child wrote is folded away until they ask to see it: someone may see the screen.
    for text in TYPED.values():
        expect(phone.get_by_text(text)).to_be_hidden()
    for summary in phone.get_by_text("See what you wrote").all():
        summary.tap()
    for text in TYPED.values():
        expect(phone.get_by_text(text)).to_be_visible()
    assert_page_is_usable(phone)
    assert submitted_responses(app) == []  # nothing is sent before they press the button

    phone.get_by_role("button", name="Send my answers").tap()
    phone.wait_for_url(f"**/s/{token}/done")
    expect_heading(phone, "Your answers have been sent")
    expect(phone.get_by_text("0800 1111")).not_to_have_count(0)
    assert_page_is_usable(phone)

    assert_stored_once(app, plan)


@pytest.mark.browser
def test_a_child_completes_the_same_survey_by_keyboard_alone_with_focus_always_visible(
    app, surveys, phone: Page
):
    token = surveys["children"]
    questions = definition(app, "children").questions
    total = len(questions)
    keys = phone.keyboard

    phone.goto(f"/s/{token}")
    tab_to(phone, phone.get_by_role("button", name="Start now"))
    keys.press("Enter")

    phone.wait_for_url(f"**/s/{token}/about")
    tab_to(phone, phone.get_by_role("radio").first)  # the group takes focus on its first radio
    keys.press("ArrowDown")  # 5 to 7 -> 8 to 11, chosen as focus moves
    expect(phone.get_by_role("radio", name=BAND_LABEL)).to_be_checked()
    expect(phone.get_by_role("radio", name=BAND_LABEL)).to_be_focused()
    tab_to(phone, phone.get_by_role("button", name="Continue"))
    keys.press("Enter")

    chosen: dict[str, tuple[AnswerStatus, object]] = {}
    for number, question in enumerate(questions, start=1):
        phone.wait_for_url(f"**/s/{token}/q/{number}")
        expect(phone.get_by_text(f"Question {number} of {total}")).to_be_visible()
        continue_button = phone.get_by_role("button", name="Continue")
        options = question.wording(BAND).options
        if question.type == "free_text":
            box = phone.get_by_role("textbox")
            tab_to(phone, box)
            keys.type(TYPED[question.key])
            tab_to(phone, continue_button)
            chosen[question.key] = (AnswerStatus.ANSWERED, TYPED[question.key])
        elif number == SKIPPED_NUMBER:
            tab_to(phone, continue_button)  # past the radios without choosing
            chosen[question.key] = (AnswerStatus.SKIPPED, None)
        elif number == RATHER_NOT_SAY_NUMBER:
            first_radio = phone.get_by_role("radio").first
            tab_to(phone, first_radio)
            tab_to(phone, continue_button)
            tab_to(phone, first_radio, key="Shift+Tab")  # back to the group
            keys.press("ArrowUp")  # wraps round to the last answer
            expect(phone.get_by_role("radio", name="I'd rather not say")).to_be_checked()
            tab_to(phone, continue_button)
            chosen[question.key] = (AnswerStatus.PREFER_NOT_TO_SAY, None)
        else:
            tab_to(phone, phone.get_by_role("radio").first)
            if number % 2:
                keys.press("Space")  # choose the focused first answer
                key = options[0].key
            else:
                keys.press("ArrowDown")
                key = options[1].key
            expect(phone.locator(f"input[type=radio][value='{key}']")).to_be_checked()
            tab_to(phone, continue_button)
            chosen[question.key] = (AnswerStatus.ANSWERED, [key])
        keys.press("Enter")

    phone.wait_for_url(f"**/s/{token}/check")
    tab_to(phone, phone.get_by_role("button", name="Send my answers"))
    keys.press("Enter")
    phone.wait_for_url(f"**/s/{token}/done")
    expect_heading(phone, "Your answers have been sent")

    [response] = submitted_responses(app)
    assert response.age_band == BAND
    stored = {}
    for answer in response.answers:
        value = answer.text if answer.text is not None else answer.option_keys
        stored[answer.question_key] = (answer.status, value)
    assert stored == chosen
