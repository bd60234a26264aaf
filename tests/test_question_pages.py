"""What respondents read around the questions, and the wording version a response keeps."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from participation.extensions import db
from participation.models import Response, ResponseStatus
from tests.journeys import answer_everything, definition, first_option

SECRET = "my stepdad shouts at night"


def parsed(page) -> BeautifulSoup:
    return BeautifulSoup(page.html, "html.parser")


def started_on(app, version: int) -> None:
    """Make the one response in progress look as if it began on an earlier published version."""
    with app.app_context():
        response = db.session.scalar(select(Response))
        response.definition_version = version
        db.session.commit()


def number_of(app, survey: str, key: str) -> int:
    return definition(app, survey).question_keys.index(key) + 1


def test_a_response_begun_on_an_earlier_version_finishes_on_that_wording(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("5-7")
    started_on(app, 1)
    earlier = app.extensions["survey_versions"]["children"][1]
    assert earlier.version < definition(app, "children").version

    first = parsed(child.get(f"{child.base}/q/1"))
    assert first.h1.get_text(strip=True) == "Do you feel safe at home?"
    assert f"Question 1 of {len(earlier.questions)}" in first.get_text()
    start = parsed(child.get(child.base))
    assert f"There are {len(earlier.questions)} questions." in start.get_text()

    answer_everything(child, earlier, "5-7")
    check = parsed(child.get(f"{child.base}/check"))
    asked = [key.get_text(strip=True) for key in check.select(".govuk-summary-list__key")][1:]
    assert asked == [question.wording("5-7").text for question in earlier.questions]
    assert child.submit().location.endswith("/done")

    with app.app_context():
        response = db.session.scalar(select(Response))
        assert (response.status, response.definition_version) == (ResponseStatus.SUBMITTED, 1)
        assert {answer.question_key for answer in response.answers} == set(earlier.question_keys)
        assert "know_advocate" in {answer.question_key for answer in response.answers}


def test_a_new_response_begins_on_the_current_wording(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("5-7")
    current = definition(app, "children")
    first = parsed(child.get(f"{child.base}/q/1"))
    assert first.h1.get_text(strip=True) == current.questions[0].wording("5-7").text
    with app.app_context():
        assert db.session.scalar(select(Response)).definition_version == current.version


def test_a_response_on_a_version_no_longer_loaded_still_gets_its_questions(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    started_on(app, 99)
    page = parent.get(f"{parent.base}/q/1")
    assert page.status == 200
    assert parsed(page).h1.get_text(strip=True) == definition(app, "parents").questions[0].wording("all").text


def test_the_check_page_folds_written_answers_away(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    parent.answer(1, answer="agree")
    parent.answer(number_of(app, "parents", "what_is_good"), answer=SECRET)
    check = parsed(parent.get(f"{parent.base}/check"))

    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row
        for row in check.select(".govuk-summary-list__row")
    }
    written = rows["Is there anything good about the help your family has had?"]
    value = written.select_one(".govuk-summary-list__value")
    assert value.p.get_text(strip=True) == "Written"
    details = value.find("details")
    assert details is not None and not details.has_attr("open")
    assert details.summary.get_text(strip=True) == "See what you wrote"
    assert SECRET in details.get_text()
    # The words appear nowhere on the page outside the folded details.
    details.decompose()
    assert SECRET not in check.get_text()
    # A choice is shown as it is, and an unanswered free-text question is not "Written".
    assert rows["Staff treat me with respect."].select_one(".govuk-summary-list__value").get_text(
        strip=True
    ) == "Agree"
    unanswered = rows["What should change to make help for families better?"]
    assert unanswered.find("details") is None
    assert unanswered.select_one(".govuk-summary-list__value").get_text(strip=True) == "Not answered"


@pytest.mark.parametrize(
    ("survey", "help_now"),
    [
        ("children", "Call Childline free on 0800 1111"),
        ("parents", "call Parentline Scotland free on 0800 028 2233"),
        ("staff", "follow your child protection procedures"),
    ],
)
def test_every_free_text_page_says_it_is_not_read_at_once_and_where_help_is(
    app, surveys, respondent, survey, help_now
):
    person = respondent(surveys[survey])
    person.begin()
    if survey != "parents":
        person.about("prefer_not_to_say")
    for number, question in enumerate(definition(app, survey).questions, start=1):
        page = parsed(person.get(f"{person.base}/q/{number}"))
        line = page.select_one(".app-not-read-at-once")
        if question.type == "free_text":
            assert line is not None, question.key
            assert "Nobody reads this straight away." in line.get_text()
            assert help_now in line.get_text()
        else:
            assert line is None, question.key


def test_each_question_page_says_how_to_skip_in_plain_words(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("5-7")
    page = parsed(child.get(f"{child.base}/q/1"))
    lines = [p.get_text(strip=True) for p in page.select("p.govuk-body")]
    assert "To skip a question, just press Continue." in lines


def test_a_blank_question_kept_from_its_first_rendering_reads_as_one_rendered_afresh(
        app, surveys, respondent):
    first_child, second_child = respondent(surveys["children"]), respondent(surveys["children"])
    for child in (first_child, second_child):
        child.begin()
        child.about("8-11")
    cache = app.extensions["blank_question_fields"]
    rendered_afresh = parsed(first_child.get(f"{first_child.base}/q/2")).select_one(".govuk-form-group")
    kept = len(cache)
    from_the_cache = parsed(second_child.get(f"{second_child.base}/q/2")).select_one(".govuk-form-group")

    assert len(cache) == kept  # the second child's page was drawn from what was kept
    assert rendered_afresh is not None and str(rendered_afresh) == str(from_the_cache)

    # An answer is never kept: the saved choice shows as chosen on the child's own page only.
    option = first_option(definition(app, "children").questions[1], "8-11")
    first_child.answer(2, answer=option)
    chosen = parsed(first_child.get(f"{first_child.base}/q/2")).find("input", {"value": option})
    assert chosen.has_attr("checked")
    unchosen = parsed(second_child.get(f"{second_child.base}/q/2")).find("input", {"value": option})
    assert not unchosen.has_attr("checked")
