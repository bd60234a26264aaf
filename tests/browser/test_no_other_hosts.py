"""Respondent pages make no request to another host: no fonts, scripts, analytics or images from
elsewhere that could tell a third party (or a network log) who is answering."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.pages import begin_as_a_child
from tests.journeys import definition


@pytest.mark.browser
def test_a_whole_journey_only_ever_asks_our_own_server(app, surveys, phone, live_server):
    requested: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))
    token = surveys["children"]
    questions = definition(app, "children").questions

    begin_as_a_child(phone, token)
    phone.get_by_role("link", name="Get help now").first.click()
    phone.go_back()
    for number, question in enumerate(questions, start=1):
        phone.wait_for_url(f"**/s/{token}/q/{number}")
        if question.type == "free_text":
            phone.get_by_role("textbox").fill("It is good")
        else:
            phone.get_by_text(question.wording("8-11").options[0].label, exact=True).click()
        phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url(f"**/s/{token}/check")
    phone.get_by_role("button", name="Send my answers").click()
    phone.wait_for_url(f"**/s/{token}/done")
    expect(phone.locator("h1")).to_contain_text("Your answers have been sent")

    ours = urlsplit(live_server).netloc
    assert any(url.endswith(".css") for url in requested)  # the recording saw sub-resources too
    assert any(url.endswith(".js") for url in requested)
    elsewhere = sorted({url for url in requested if urlsplit(url).netloc != ours})
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in requested)
