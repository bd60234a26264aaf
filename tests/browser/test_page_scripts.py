"""Each page loads only the scripts of the components it shows, and each of them works in a real
browser; right-to-left pages get their own small stylesheet and still fit a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_page_is_usable
from tests.journeys import definition


def begin_as_staff(page: Page, token: str) -> None:
    page.goto(f"/s/{token}")
    page.locator("form[action$='/begin'] button").click()  # "Start now", in any language
    page.wait_for_url(f"**/s/{token}/about")


def question_number(app, kind: str) -> int:
    questions = definition(app, "staff").questions
    return next(n for n, q in enumerate(questions, start=1) if q.type == kind)


@pytest.mark.browser
def test_the_scripts_each_page_loads_on_its_own_do_their_work(app, surveys, phone):
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    token = surveys["staff"]
    begin_as_staff(phone, token)

    # Ticking "I'd rather not say" clears the other ticks (checkboxes.js).
    phone.goto(f"/s/{token}/q/{question_number(app, 'multiple_choice')}")
    boxes = phone.locator("input[name=answer]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    boxes.last.check()
    expect(boxes.nth(0)).not_to_be_checked()
    expect(boxes.nth(1)).not_to_be_checked()

    # The count of characters left follows the typing (character-count.js).
    phone.goto(f"/s/{token}/q/{question_number(app, 'free_text')}")
    phone.locator("textarea[name=answer]").fill("Good joint working")
    expect(phone.locator(".govuk-character-count__status")).to_contain_text("1,982 characters remaining")

    # A page with an error moves focus to its summary (error-summary.js).
    phone.locator("textarea[name=answer]").fill("x" * 2001)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.locator(".govuk-error-summary")).to_be_focused()
    assert errors == []


@pytest.mark.browser
def test_a_right_to_left_page_gets_its_stylesheet_and_fits_a_phone(app, surveys, phone, monkeypatch):
    languages = dict(app.config["AVAILABLE_LANGUAGES"])
    languages["ar"] = {"name": "العربية", "dir": "rtl"}
    monkeypatch.setitem(app.config, "AVAILABLE_LANGUAGES", languages)
    token = surveys["staff"]
    phone.goto(f"/s/{token}?lang=ar")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator("link[rel=stylesheet][href*='/rtl.']")).to_have_count(1)
    begin_as_staff(phone, token)
    for kind in ("multiple_choice", "free_text"):
        phone.goto(f"/s/{token}/q/{question_number(app, kind)}")
        box = phone.locator("input[type=checkbox]").first.bounding_box()
        assert box["x"] > 360 / 2, f"{kind}: the first tick box is not on the right, where reading starts"
        assert_page_is_usable(phone)
