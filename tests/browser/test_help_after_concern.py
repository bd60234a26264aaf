"""A child who answers that they never feel safe where they live sees where to get help on the
next page, on a phone, and that page passes the accessibility checks."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_page_is_usable, begin_as_a_child, expect_heading
from tests.journeys import question_number
from tests.stored import stored_entries


@pytest.mark.browser
def test_never_feeling_safe_shows_help_on_the_next_page(app, surveys, phone: Page):
    token = surveys["children"]
    number = question_number(app, "children", "feel_safe")
    begin_as_a_child(phone, token)
    phone.goto(f"/s/{token}/q/{number}")
    expect_heading(phone, "Do you feel safe where you live?")
    phone.get_by_text("Never", exact=True).tap()
    phone.get_by_role("button", name="Continue").tap()
    phone.wait_for_url(f"**/s/{token}/q/{number + 1}")

    banner = phone.get_by_role("region", name="Get help now")
    expect(banner).to_be_visible()
    expect(banner.get_by_text("Childline free on 0800 1111")).to_be_visible()
    expect_heading(phone, "Do you feel safe when you go out?")
    assert_page_is_usable(phone)

    [entry] = stored_entries(app)
    assert (entry.reason, entry.option_keys) == ("answer_of_concern", ["never"])

    phone.reload()
    expect(phone.get_by_role("region", name="Get help now")).to_have_count(0)
