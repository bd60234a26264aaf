"""The youngest children (5 to 7): faces with their word under them, big targets, nothing to type,
and a "Read it to me" button that uses only a voice on the phone and stops at once on exit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_page_is_usable, begin_as_a_child
from tests.journeys import definition

pytestmark = pytest.mark.browser

# Stands in for the browser's speech: voices as the test says, and a record of what was spoken.
FAKE_SPEECH = """
window.__spoken = []; window.__cancelled = 0;
const voices = %s;
const fake = {
  speaking: false,
  getVoices: () => voices,
  speak: (utterance) => {
    window.__spoken.push({text: utterance.text, lang: utterance.lang});
    fake.speaking = true;
  },
  cancel: () => { window.__cancelled += 1; fake.speaking = false; },
  addEventListener: () => {},
};
Object.defineProperty(window, 'speechSynthesis', {value: fake});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
LOCAL_ENGLISH = '[{"lang": "en-GB", "localService": true, "name": "On the phone"}]'
ONLY_ONLINE = '[{"lang": "en-GB", "localService": false, "name": "In the cloud"}]'


def first_faces_question(app) -> int:
    questions = definition(app, "children").questions
    return next(n for n, q in enumerate(questions, start=1)
                if q.type != "free_text" and "5-7" in q.wordings and q.wording("5-7").options[0].face)


def young_child(new_context, voices: str) -> Page:
    context = new_context()
    context.add_init_script(FAKE_SPEECH % voices)
    return context.new_page()


def test_faces_have_their_word_under_them_and_big_targets(app, surveys, new_context):
    page = young_child(new_context, LOCAL_ENGLISH)
    begin_as_a_child(page, surveys["children"], "5 to 7 years old")
    page.goto(f"/s/{surveys['children']}/q/{first_faces_question(app)}")
    faces = page.locator(".app-faces--young .govuk-radios__item:has(svg.app-face)")
    assert faces.count() >= 3
    for index in range(faces.count()):
        item = faces.nth(index)
        face = item.locator("svg.app-face").bounding_box()
        word = item.locator(".govuk-radios__label span").bounding_box()
        assert word["y"] >= face["y"] + face["height"] - 1, "the word sits under its face"
        target = item.locator("input").bounding_box()
        assert target["width"] >= 44 and target["height"] >= 44
    assert_page_is_usable(page)


def test_read_it_to_me_reads_the_question_with_a_voice_on_the_phone(app, surveys, new_context):
    page = young_child(new_context, LOCAL_ENGLISH)
    begin_as_a_child(page, surveys["children"], "5 to 7 years old")
    number = first_faces_question(app)
    page.goto(f"/s/{surveys['children']}/q/{number}")
    button = page.get_by_role("button", name="Read it to me")
    expect(button).to_be_visible()
    assert button.bounding_box()["height"] >= 44
    button.click()
    spoken = page.evaluate("window.__spoken")
    wording = definition(app, "children").questions[number - 1].wording("5-7")
    assert wording.text in spoken[0]["text"]
    assert wording.options[0].label in spoken[0]["text"]
    assert spoken[0]["lang"] == "en-GB"
    assert_page_is_usable(page)


def test_exit_this_page_stops_the_reading_at_once(app, surveys, new_context):
    page = young_child(new_context, LOCAL_ENGLISH)
    begin_as_a_child(page, surveys["children"], "5 to 7 years old")
    page.goto(f"/s/{surveys['children']}/q/{first_faces_question(app)}")
    page.get_by_role("button", name="Read it to me").click()
    page.keyboard.press("Shift")
    assert page.evaluate("window.__cancelled") >= 1


def test_there_is_no_button_without_a_voice_on_the_phone(app, surveys, new_context):
    page = young_child(new_context, ONLY_ONLINE)
    begin_as_a_child(page, surveys["children"], "5 to 7 years old")
    page.goto(f"/s/{surveys['children']}/q/{first_faces_question(app)}")
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_role("button", name="Read it to me")).to_have_count(0)


def test_older_children_get_no_reading_button_or_its_script(app, surveys, new_context):
    page = young_child(new_context, LOCAL_ENGLISH)
    begin_as_a_child(page, surveys["children"])
    page.goto(f"/s/{surveys['children']}/q/1")
    expect(page.locator("script[src*='read-aloud']")).to_have_count(0)
    expect(page.get_by_role("button", name="Read it to me")).to_have_count(0)
