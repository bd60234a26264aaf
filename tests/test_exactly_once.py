"""A double click, a refresh after submit or going back and submitting again never makes a second
response and never loses the first."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.extensions import db
from participation.models import Answer, Response, ResponseStatus
from tests.conftest import SUBMIT_KEY
from tests.journeys import answer_everything, definition


def count_submitted(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Response).where(Response.status == ResponseStatus.SUBMITTED)
        )


def ready_to_send(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    answer_everything(parent, definition(app, "parents"), "all")
    check = parent.get(f"{parent.base}/check")
    form = {"csrf_token": check.csrf(), "submit_key": SUBMIT_KEY.search(check.html).group(1)}
    return parent, form


def test_a_double_click_on_send_makes_one_response(app, surveys, respondent):
    parent, form = ready_to_send(app, surveys, respondent)
    first = parent.post(f"{parent.base}/submit", form)
    second = parent.post(f"{parent.base}/submit", form)
    assert first.location.endswith("/done")
    assert second.location.endswith("/done?again=1")
    assert count_submitted(app) == 1


def test_going_back_and_sending_again_keeps_the_first_response(app, surveys, respondent):
    parent, form = ready_to_send(app, surveys, respondent)
    parent.post(f"{parent.base}/submit", form)
    with app.app_context():
        answers_before = db.session.scalar(select(func.count()).select_from(Answer))
    # The browser's back button shows the old check page; its form is posted again.
    again = parent.post(f"{parent.base}/submit", form)
    assert again.status == 302
    assert "already had these answers" in parent.get(again.location).html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == answers_before
    assert count_submitted(app) == 1


def test_a_question_page_posted_after_sending_saves_nothing(app, surveys, respondent):
    parent, form = ready_to_send(app, surveys, respondent)
    parent.post(f"{parent.base}/submit", form)
    # The back button shows an old question page; its form (with a token of the ended session) is posted.
    late = parent.post(f"{parent.base}/q/1", {"answer": "prefer_not_to_say"}, csrf_from=parent.base)
    assert late.status == 302 and "ended=1" in late.location
    with app.app_context():
        [response] = db.session.scalars(select(Response)).all()
        first_key = definition(app, "parents").questions[0].key
        first = next(a for a in response.answers if a.question_key == first_key)
        assert first.status == "answered"


def test_posting_the_same_answer_twice_keeps_one_answer(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    parent.answer(1, answer="prefer_not_to_say")
    parent.answer(1, answer="prefer_not_to_say")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 1


def test_starting_twice_in_one_session_carries_on_with_the_same_response(app, surveys, respondent):
    parent = respondent(surveys["parents"])
    parent.begin()
    parent.answer(1, answer="prefer_not_to_say")
    parent.begin()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 1
