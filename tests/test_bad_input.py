"""Bad input gets a clear message (a GOV.UK error summary or a friendly page), never a 500."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.extensions import db
from participation.models import Answer
from tests.journeys import definition


def started(surveys, respondent, key="parents"):
    person = respondent(surveys[key])
    person.begin()
    return person


def count_answers(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Answer))


def test_an_unknown_choice_gets_an_error_summary(app, surveys, respondent):
    parent = started(surveys, respondent)
    page = parent.answer(1, answer="definitely_not_an_option")
    assert page.status == 400
    assert "govuk-error-summary" in page.html
    assert 'href="#answer"' in page.html
    assert "Choose one of the answers on the page" in page.html
    assert page.html.count("<title>Error:") == 1
    assert count_answers(app) == 0


def test_a_forged_question_number_is_not_found(surveys, respondent):
    parent = started(surveys, respondent)
    for number in (0, 999):
        page = parent.post(f"{parent.base}/q/{number}", {"answer": "yes"}, csrf_from=f"{parent.base}/q/1")
        assert page.status == 404
        assert "Page not found" in page.html


def test_an_option_from_another_question_is_refused(app, surveys, respondent):
    parent = started(surveys, respondent)
    questions = definition(app, "parents").questions
    other = next(q for q in questions if q.type == "yes_no_not_sure")
    first_scale = next(i for i, q in enumerate(questions, start=1) if q.type == "scale")
    page = parent.answer(first_scale, answer=other.wording("all").options[0].key)
    scale_keys = [o.key for o in questions[first_scale - 1].wording("all").options]
    if other.wording("all").options[0].key in scale_keys:
        return  # the keys overlap; nothing to forge
    assert page.status == 400


def test_text_over_the_length_limit_is_refused_and_kept_on_the_page(app, surveys, respondent):
    parent = started(surveys, respondent)
    questions = definition(app, "parents").questions
    number = next(i for i, q in enumerate(questions, start=1) if q.type == "free_text")
    limit = questions[number - 1].max_length
    page = parent.answer(number, answer="a" * (limit + 1))
    assert page.status == 400
    assert f"{limit} characters or fewer" in page.html
    assert "a" * (limit + 1) in page.html  # what they typed is not lost
    assert count_answers(app) == 0


def test_text_and_rather_not_say_together_are_refused(app, surveys, respondent):
    parent = started(surveys, respondent)
    questions = definition(app, "parents").questions
    number = next(i for i, q in enumerate(questions, start=1) if q.type == "free_text")
    page = parent.answer(number, answer="Some words", prefer_not_to_say="y")
    assert page.status == 400
    assert "but not both" in page.html


def test_a_missing_csrf_token_gets_a_timed_out_page(app, surveys, respondent):
    parent = started(surveys, respondent)
    page = parent.post(f"{parent.base}/q/1", {"csrf_token": "", "answer": "prefer_not_to_say"})
    assert page.status == 400
    assert "This page timed out" in page.html
    assert "govuk-error-summary" in page.html
    assert count_answers(app) == 0


def test_a_stale_csrf_token_gets_a_timed_out_page(app, surveys, respondent):
    parent = started(surveys, respondent)
    stale = {"csrf_token": "IjEyMyI.old.token", "answer": "prefer_not_to_say"}
    page = parent.post(f"{parent.base}/q/1", stale)
    assert page.status == 400
    assert "This page timed out" in page.html


def test_a_timed_out_send_points_back_to_the_check_page(surveys, respondent):
    parent = started(surveys, respondent)
    page = parent.post(f"{parent.base}/submit", {"csrf_token": "nope", "submit_key": "x"})
    assert page.status == 400
    assert f'href="{parent.base}/check"' in page.html


def test_the_honeypot_turns_a_bot_away_without_saving(app, surveys, respondent):
    parent = started(surveys, respondent)
    page = parent.answer(1, answer="prefer_not_to_say", website="http://spam.example")
    assert page.status == 400
    assert "We could not save that page" in page.html
    assert count_answers(app) == 0


def test_a_request_that_is_too_large_gets_a_friendly_page(surveys, respondent):
    parent = started(surveys, respondent)
    page = parent.post(f"{parent.base}/q/1", {"answer": "x" * (70 * 1024)}, csrf_from=f"{parent.base}/q/1")
    assert page.status == 413
    assert "too long to send" in page.html


def test_an_unknown_survey_token_is_not_found(respondent):
    page = respondent("nope").get("/s/not-a-survey")
    assert page.status == 404


def test_a_closed_survey_says_kindly_that_it_has_closed(app, surveys, respondent):
    from participation.models import Survey

    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.token == surveys["staff"]))
        survey.is_open = False
        db.session.commit()
    page = respondent(surveys["staff"]).get(f"/s/{surveys['staff']}")
    assert page.status == 410
    assert "This survey has closed" in page.text


def test_question_pages_without_a_session_go_back_to_the_start(surveys, respondent):
    stranger = respondent(surveys["parents"])
    page = stranger.get(f"{stranger.base}/q/1")
    assert page.status == 302 and "ended=1" in page.location
    start = stranger.get(page.location)
    assert "That survey session has ended" in start.html
