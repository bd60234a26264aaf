"""People complete each survey, and what they chose is saved as option keys, exactly once."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from participation.extensions import db
from participation.models import Answer, AnswerStatus, Response, ResponseStatus
from tests.journeys import answer_everything, definition, first_option


def submitted_responses(app) -> list[Response]:
    with app.app_context():
        responses = db.session.scalars(
            select(Response).where(Response.status == ResponseStatus.SUBMITTED)
        ).all()
        for response in responses:
            _ = response.answers
        db.session.expunge_all()
        return responses


@pytest.mark.parametrize("band", ["5-7", "8-11", "12-17"])
def test_a_child_in_each_age_band_finishes_the_survey(app, surveys, respondent, band):
    child = respondent(surveys["children"])
    assert child.begin().location.endswith("/about")
    assert child.about(band).location.endswith("/q/1")
    survey = definition(app, "children")
    first = child.get(f"{child.base}/q/1")
    assert survey.questions[0].wording(band).text in first.text
    chosen = answer_everything(child, survey, band)
    sent = child.submit()
    assert sent.location.endswith("/done")
    done = child.get(sent.location)
    assert "Your answers have been sent" in done.html
    assert "0800 1111" in done.html

    [response] = submitted_responses(app)
    assert response.age_band == band
    assert response.respondent_group == "children"
    assert response.definition_version == survey.version
    assert response.language == "en"
    assert response.assisted is False
    stored = {answer.question_key: answer for answer in response.answers}
    assert set(stored) == {q.key for q in survey.questions}
    for question in survey.questions:
        if question.type == "free_text":
            assert stored[question.key].text == chosen[question.key]
        else:
            assert stored[question.key].option_keys == chosen[question.key]


def test_a_parent_finishes_the_survey_without_an_about_page(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    assert parent.begin().location.endswith("/q/1")
    answer_everything(parent, definition(app, "parents"), "all")
    assert parent.submit().location.endswith("/done")
    [response] = submitted_responses(app)
    assert response.respondent_group == "parents"
    assert response.age_band is None


def test_staff_give_their_agency_and_finish_the_survey(app, surveys, respondent):
    staff = respondent(surveys["staff"])
    staff.begin()
    assert staff.about("police").location.endswith("/q/1")
    answer_everything(staff, definition(app, "staff"), "all")
    assert staff.submit().location.endswith("/done")
    [response] = submitted_responses(app)
    assert response.agency == "police"
    assert len(response.answers) == len(definition(app, "staff").questions)


def test_skipped_and_rather_not_say_are_stored_differently(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    assert parent.answer(1).status == 302  # Continue with nothing chosen
    assert parent.answer(2, answer="prefer_not_to_say").status == 302
    parent.submit()
    [response] = submitted_responses(app)
    by_key = {a.question_key: a for a in response.answers}
    questions = definition(app, "parents").questions
    assert by_key[questions[0].key].status == AnswerStatus.SKIPPED
    assert by_key[questions[1].key].status == AnswerStatus.PREFER_NOT_TO_SAY
    assert by_key[questions[1].key].option_keys is None
    # Questions never reached are recorded as skipped on submit, so the record is complete.
    assert all(by_key[q.key].status == AnswerStatus.SKIPPED for q in questions[2:])


def test_each_page_saves_its_answer_before_the_survey_is_sent(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    question = definition(app, "parents").questions[0]
    parent.answer(1, answer=question.wording("all").options[0].key)
    with app.app_context():
        saved = db.session.scalars(select(Answer)).all()
        assert [(a.question_key, a.option_keys) for a in saved] == [
            (question.key, [question.wording("all").options[0].key])
        ]


def test_a_child_who_would_rather_not_give_an_age_still_gets_questions(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    assert child.about("prefer_not_to_say").location.endswith("/q/1")
    page = child.get(f"{child.base}/q/1")
    assert page.status == 200
    assert "Question 1 of" in page.html


def test_changing_an_answer_from_the_check_page_returns_there(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    questions = definition(app, "parents").questions
    options = questions[0].wording("all").options
    parent.answer(1, answer=options[0].key)
    check = parent.get(f"{parent.base}/check")
    assert f"{parent.base}/q/1?change=1" in check.html
    changed = parent.post(f"{parent.base}/q/1?change=1", {"answer": options[1].key})
    assert changed.location.endswith("/check")
    check = parent.get(f"{parent.base}/check")
    assert options[1].label in check.text


def test_the_home_page_links_to_each_open_survey_by_group(surveys, respondent):
    home = respondent("").get("/")
    assert "Children and young people's survey" in home.text
    assert "Parents and carers' survey" in home.text
    assert "Staff survey" in home.text
    for token in surveys.values():
        assert f'href="/s/{token}"' in home.html


def test_the_start_page_tells_respondents_what_happens(surveys, respondent):
    page = respondent(surveys["children"]).get(f"/s/{surveys['children']}")
    for words in ("not straight away", "skip any question", "stop at any time", "saved as soon as",
                  "0800 1111", "Exit this page"):
        assert words in page.html


def test_question_pages_are_numbered_with_a_back_link(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    total = len(definition(app, "parents").questions)
    page = parent.get(f"{parent.base}/q/2")
    assert f"Question 2 of {total}" in page.html
    assert f'href="{parent.base}/q/1"' in page.html
    assert "govuk-back-link" in page.html
    assert "I'd rather not say" in page.text


def test_a_page_that_is_only_shown_reads_outside_a_transaction_and_an_answer_saves_in_one(
    app, surveys, respondent
):
    """Showing a page sends no BEGIN or ROLLBACK; saving an answer stays one transaction."""
    child = respondent(surveys["children"])
    child.begin()
    child.about("8-11")
    choice = first_option(definition(app, "children").questions[0], "8-11")
    page = child.get(f"{child.base}/q/1")
    ran: list[tuple[str, str]] = []

    def record(connection, _cursor, statement, *_args) -> None:
        level = connection.get_execution_options().get("isolation_level", "default")
        ran.append((level, statement.split()[0]))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        child.client.get(f"{child.base}/q/1")
        shown, ran[:] = list(ran), []
        saved = child.client.post(f"{child.base}/q/1", data={
            "csrf_token": page.csrf(), "answer": choice})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert saved.status_code == 302
    assert shown and {level for level, _ in shown} == {"AUTOCOMMIT"}
    assert {kind for _, kind in shown} == {"SELECT"}
    assert "INSERT" in {kind for _, kind in ran}
    assert "AUTOCOMMIT" not in {level for level, _ in ran}
