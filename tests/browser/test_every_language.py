"""Every language, in a real browser: the children's survey in every age band and the parents'
survey, on the narrowest phones, with zero axe violations and no sideways scrolling; right-to-left
languages mirrored, with screenshots kept as test output; still usable with text at 200%."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_no_horizontal_scroll, assert_page_is_usable
from tests.journeys import definition

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "build" / "screenshots"
BANDS = ("5-7", "8-11", "12-17")


def languages(app) -> list[str]:
    return list(app.config["AVAILABLE_LANGUAGES"])


def one_of_each_kind(app, survey: str, band: str) -> list[int]:
    """Return the number of the first question of each kind (faces, radios, checkboxes, free text)."""
    seen: dict[str, int] = {}
    for number, question in enumerate(definition(app, survey).questions, start=1):
        if band not in question.wordings:
            band = next(iter(question.wordings))
        kind = question.type + ("-faces" if question.type != "free_text" and
                                question.wording(band).options[0].face else "")
        seen.setdefault(kind, number)
    return sorted(seen.values())


def start_in(page: Page, token: str, language: str) -> None:
    page.goto(f"/s/{token}?lang={language}")
    page.locator("form[action$='/begin'] button").click()
    page.wait_for_url("**/about" if "kids" in token or "staff" in token else "**/q/1")


def check_pages(page: Page, token: str, numbers: list[int]) -> None:
    for number in numbers:
        page.goto(f"/s/{token}/q/{number}")
        assert_page_is_usable(page)
    page.goto(f"/s/{token}/check")
    assert_page_is_usable(page)


@pytest.mark.parametrize("width", [320, 360])
def test_the_childrens_survey_in_every_language_and_age_band(app, surveys, new_context, width):
    token = surveys["children"]
    for language in languages(app):
        for band in BANDS:
            page = new_context(viewport={"width": width, "height": 740}).new_page()
            start_in(page, token, language)
            assert_page_is_usable(page)  # the about page
            page.locator(f"input[name=answer][value='{band}']").check()
            page.locator("form button.govuk-button").first.click()
            page.wait_for_url("**/q/1")
            expect(page.locator("html")).to_have_attribute("lang", language)
            numbers = one_of_each_kind(app, "children", band)
            # Every kind of question at the narrowest width; at 360 px, the first and the last kind
            # (the others share their layout), to keep the suite within its time.
            check_pages(page, token, numbers if width == 320 else [numbers[0], numbers[-1]])
            page.context.close()


def test_the_parents_survey_in_every_language(app, surveys, new_context):
    token = surveys["parents"]
    for language in languages(app):
        page = new_context(viewport={"width": 320, "height": 740}).new_page()
        start_in(page, token, language)
        check_pages(page, token, one_of_each_kind(app, "parents", "all"))
        page.context.close()


def side(page: Page, selector: str) -> str:
    box = page.locator(selector).first.bounding_box()
    middle = page.viewport_size["width"] / 2
    return "right" if box["x"] + box["width"] / 2 > middle else "left"


@pytest.mark.parametrize(("language", "start_side"), [("en", "left"), ("ar", "right"), ("ur", "right")])
def test_right_to_left_pages_are_mirrored(app, surveys, new_context, language, start_side):
    if language not in languages(app):
        pytest.skip(f"no {language} catalog")
    token = surveys["children"]
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    start_in(page, token, language)
    page.locator("input[name=answer][value='8-11']").check()
    page.locator("form button.govuk-button").first.click()
    page.wait_for_url("**/q/1")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if start_side == "right" else "ltr")
    assert side(page, ".govuk-back-link") == start_side
    assert side(page, ".govuk-radios__input") == start_side
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"question-{language}.png"), full_page=True)
    free_text = next(n for n, q in enumerate(definition(app, "children").questions, start=1)
                     if q.type == "free_text")
    page.goto(f"/s/{token}/q/{free_text}")
    box = page.locator("textarea")
    expect(box).to_have_attribute("dir", "auto")
    assert_page_is_usable(page)


def test_pages_stay_usable_with_text_at_twice_the_size(app, surveys, new_context):
    token = surveys["children"]
    # A bigger default text size is what a browser's text zoom sets; GOV.UK sizes text in rem, so
    # this doubles every piece of text. bypass_csp only lets the test add that one style rule.
    page = new_context(viewport={"width": 360, "height": 740}, bypass_csp=True).new_page()
    start_in(page, token, "en")
    page.locator("input[name=answer][value='8-11']").check()
    page.locator("form button.govuk-button").first.click()
    page.wait_for_url("**/q/1")
    for number in one_of_each_kind(app, "children", "8-11"):
        page.goto(f"/s/{token}/q/{number}")
        page.add_style_tag(content="html { font-size: 200% !important; }")
        assert_no_horizontal_scroll(page)
        expect(page.locator("form button.govuk-button").first).to_be_visible()
