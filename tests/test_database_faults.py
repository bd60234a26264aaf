"""When the database is read-only, full or drops a connection, a respondent is asked to try again
(503) and nothing half-done is kept; once it is back, the same page saves."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import psycopg
import pytest
from sqlalchemy import event, select, text

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db
from participation.models import Answer, Response, ResponseStatus
from tests.journeys import definition, first_option

ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


class Headings(HTMLParser):
    """Collect the text of a page's h1."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.found = False, []

    def handle_starttag(self, tag, attrs) -> None:
        self.inside = self.inside or tag == "h1"

    def handle_endtag(self, tag) -> None:
        self.inside = self.inside and tag != "h1"

    def handle_data(self, data) -> None:
        if self.inside and data.strip():
            self.found.append(data.strip())


def heading(html: str) -> str:
    parser = Headings()
    parser.feed(html)
    return " ".join(parser.found)


@contextmanager
def every_connection(app, setup: Callable) -> Iterator[None]:
    """Run `setup` on each database connection a request takes, until the block ends."""
    with app.app_context():
        engine = db.engine

    def on_checkout(dbapi_connection, _record, _proxy) -> None:
        setup(dbapi_connection)

    event.listen(engine, "checkout", on_checkout)
    try:
        yield
    finally:
        event.remove(engine, "checkout", on_checkout)
        engine.dispose()  # the connections set up above go; new ones are as before


def read_only(connection) -> None:
    if ON_POSTGRES:
        connection.execute("SET SESSION default_transaction_read_only = on")
        connection.commit()  # from the next transaction, the request's own
    else:
        connection.execute("PRAGMA query_only = ON")


def full(connection) -> None:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")


def stored_answers(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(select(Answer.question_key, Answer.status)).all())


def assert_asked_to_try_again(page) -> None:
    assert page.status == 503
    assert heading(page.html) == "Sorry, please try again"


def first_answer(app) -> str:
    return first_option(definition(app, "children").questions[0], "8-11")


def started_child(surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("8-11")
    return child


def test_an_answer_posted_while_the_database_is_read_only_is_asked_again_and_then_saves(
        app, surveys, respondent):
    child = started_child(surveys, respondent)
    with every_connection(app, read_only):
        refused = child.answer(1, answer=first_answer(app))
    assert_asked_to_try_again(refused)
    assert stored_answers(app) == {}
    again = child.answer(1, answer=first_answer(app))
    assert again.status == 302 and again.location.endswith("/q/2")
    first = definition(app, "children").questions[0].key
    assert stored_answers(app) == {first: "answered"}


def test_sending_while_the_database_is_read_only_keeps_the_response_unsent_and_untouched(
        app, surveys, respondent):
    child = started_child(surveys, respondent)
    child.answer(1, answer=first_answer(app))
    with every_connection(app, read_only):
        refused = child.submit()
    assert_asked_to_try_again(refused)
    with app.app_context():
        [response] = db.session.scalars(select(Response)).all()
        assert response.status == ResponseStatus.IN_PROGRESS
        # None of the skipped answers that sending writes were kept without the sending.
        assert len(response.answers) == 1
    sent = child.submit()
    assert sent.status == 302 and sent.location.endswith("/done")


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's page limit stands in for a full disk")
def test_long_answers_posted_while_the_database_is_full_are_asked_again_and_none_is_half_kept(
        app, surveys, respondent):
    child = started_child(surveys, respondent)
    with app.app_context():
        db.session.execute(text("VACUUM"))  # no free pages left to reuse: growing is the only way
    questions = [number for number, question in
                 enumerate(app.extensions["survey_definitions"]["children"].questions, start=1)
                 if question.type == "free_text"]
    long_answer = "My worker listens to me and explains what happens next. " * 35
    # Each new wording adds a reading beside the answer, so the pages already there fill up and the
    # file has to grow; keep writing until it cannot.
    pages = []
    with every_connection(app, full):
        for attempt in range(60):
            number = questions[attempt % len(questions)]
            pages.append(child.answer(number, answer=f"{attempt} {long_answer}"[:2000]))
            if pages[-1].status != 302:
                break
    refused = [page for page in pages if page.status != 302]
    assert refused, "the database never ran out of room"
    for page in refused:
        assert_asked_to_try_again(page)
    assert len(refused) == 1 and len(stored_answers(app)) == len(questions)
    again = child.answer(questions[-1], answer=long_answer[:2000])
    assert again.status == 302


@pytest.mark.skipif(not ON_POSTGRES, reason="needs a database server that can close a connection")
def test_a_page_whose_connection_the_server_closes_before_it_ends_still_answers(surveys):
    fresh = create_app(TestConfig())

    @fresh.after_request
    def server_closes_the_connection(response):
        # As a restart does: the server ends this request's connection while a transaction is open.
        backend = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        url = os.environ["TEST_DATABASE_URL"].replace("+psycopg", "")
        with psycopg.connect(url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [backend])
        return response

    page = fresh.test_client().get(f"/s/{surveys['children']}")
    assert page.status_code == 200
    with fresh.app_context():
        db.engine.dispose()
