"""The "what you told us" page of a closed, published survey in a real browser: the choice of age,
a band's page with figures and a band whose figure is withheld, in English and in Arabic (right to
left), on a 320 px phone and a 1280 px screen, with zero axe violations (WCAG 2.2 AA), the quick
exit, and no request to another host."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import assert_page_is_usable
from tests.told_us_pages import add_answers, close_and_publish, write_page

pytestmark = pytest.mark.browser

SCREENS = {
    320: {"viewport": {"width": 320, "height": 740}},
    1280: {"viewport": {"width": 1280, "height": 800}, "is_mobile": False, "has_touch": False},
}


def publish_pages(app, token: str) -> None:
    with app.app_context():
        # 8-11 the largest band: the 12-17 figure is the one withheld beside the small 5-7 one.
        add_answers(token, "8-11", "feel_overall",
                    ["very_happy", "happy", "happy", "sad", "okay", "happy", "sad"])
        add_answers(token, "12-17", "feel_overall", ["good", "very_good", "okay", "bad", "good", "good"])
        add_answers(token, "5-7", "feel_overall", ["happy", "sad"])
        figures = ["feel_overall", "life_better"]
        for band in ("5-7", "8-11", "12-17"):
            write_page(token, band, "en", question_keys=figures,
                       told_us="Most of you said you feel safe where you live.\n\n"
                               "Some of you want more time with your worker.",
                       examples="A young person wanted their worker to call back sooner.\n"
                                "Someone liked the group at school.",
                       will_do="Workers will call back within one working day.")
        write_page(token, "8-11", "ar", question_keys=figures,
                   told_us="قال معظمكم إنهم يشعرون بالأمان حيث يعيشون.",
                   examples="أراد شخص أن يتصل به العامل بسرعة أكبر.",
                   will_do="سيتصل العاملون خلال يوم عمل واحد.")
        close_and_publish(token)


@pytest.mark.parametrize("width", sorted(SCREENS))
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_page_is_accessible_in_english_and_arabic_on_a_phone_and_a_screen(
    app, surveys, new_context, live_server, width, language
):
    if language not in app.config["AVAILABLE_LANGUAGES"]:
        pytest.skip(f"no {language} catalog")
    token = surveys["children"]
    publish_pages(app, token)
    page = new_context(**SCREENS[width]).new_page()
    elsewhere: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(live_server)
            else elsewhere.append(request.url))

    page.goto(f"/s/{token}?lang={language}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".govuk-exit-this-page")).to_be_visible()
    assert_page_is_usable(page)  # the choice of age

    for band in ("8-11", "5-7"):
        page.locator(f"main a[href$='/what-you-told-us/{band}']").click()
        page.wait_for_url(f"**/what-you-told-us/{band}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator(".govuk-exit-this-page")).to_be_visible()
        assert_page_is_usable(page)
        page.go_back()
    # The Arabic page of 8 to 11 is Arabic; the 5 to 7 page falls back to English, marked as such.
    page.goto(f"/s/{token}/what-you-told-us/8-11")
    main = page.locator("main").inner_text()
    assert ("قال معظمكم" in main) is (language == "ar")
    assert "%" in main  # the 8 to 11 figure is shown
    assert not elsewhere, elsewhere
