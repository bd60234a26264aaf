"""Fixtures: the app against a real database (SQLite always; PostgreSQL when TEST_DATABASE_URL is
set), a demo inspection with its three surveys, and a client helper that reads forms off pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db, limiter
from participation.models import Inspection, Survey

# The workspace's fixtures (staff in every role, a signed-in client), for its tests and the browser's.
pytest_plugins = ["tests.workspace.client"]

TOKENS = {"children": "kids-token-1", "parents": "parent-token-1", "staff": "staff-token-1"}


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    app = create_app(TestConfig())
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()


PRODUCTION_HOST = "survey.example.scot"


@pytest.fixture
def production_app(app: Flask, monkeypatch) -> Flask:
    """Build the app with the production configuration, on the test database, served over HTTPS."""
    from participation.config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-0123456789abcdef")
    monkeypatch.setenv("RESPONDENT_KEY", "another-long-random-respondent-key-9876543210zyxw")
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("TRUSTED_HOSTS", PRODUCTION_HOST)
    production = create_app(ProductionConfig())
    production.config["TESTING"] = True
    return production


@pytest.fixture(autouse=True)
def clean_database(request, app: Flask) -> Iterator[None]:
    """Give every test empty tables and fresh rate limits."""
    yield
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            if table.name == "audit_record" and db.engine.dialect.name == "postgresql":
                # Append-only: its trigger refuses DELETE; TRUNCATE fires no row trigger.
                db.session.execute(text("TRUNCATE audit_record"))
            else:
                db.session.execute(table.delete())
        db.session.commit()
        limiter.reset()
    # Numbers are reused once the tables are empty (SQLite): forget what was kept under them.
    workspace = app.extensions.get("workspace_app")
    if workspace is not None:
        from participation.workspace.benchmark.counts import forget_tallies
        from participation.workspace.summaries import clear_caches

        with workspace.app_context():
            forget_tallies()
            clear_caches()


@pytest.fixture
def surveys(app: Flask) -> dict[str, str]:
    """Open one inspection with the three surveys; return their tokens by survey key."""
    with app.app_context():
        inspection = Inspection(partnership="Test Partnership", name="Test inspection", is_demo=True)
        db.session.add(inspection)
        db.session.flush()
        for key, token in TOKENS.items():
            db.session.add(Survey(inspection_id=inspection.id, definition_key=key, token=token))
        db.session.commit()
    return dict(TOKENS)


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SUBMIT_KEY = re.compile(r'name="submit_key" type="hidden" value="([^"]+)"')


def check_page(status: int, headers, body: str) -> None:
    """Check what every HTML page must have: a title that starts with its one h1, an error summary
    when it refuses a form (400), and the response's CSP nonce on every inline script."""
    if not headers.get("Content-Type", "").startswith("text/html") or status in (301, 302, 303, 307, 308):
        return
    soup = BeautifulSoup(body, "html.parser")
    headings = soup.find_all("h1")
    assert len(headings) == 1, f"{len(headings)} h1 on a {status} page"
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    heading = headings[0].get_text(" ", strip=True)
    # Question pages keep a neutral title, their caption ("Question 3 of 20"), on purpose: someone
    # else may see the tab or the phone's history, and a question's words can say what it is about.
    captions = [caption.get_text(" ", strip=True) for caption in soup.select(".govuk-caption-m")]
    shown = title.split(" – ")[0].split(": ")[-1]
    assert any(text and (shown.startswith(text) or text.startswith(shown))
               for text in (heading, *captions)), (title, heading)
    if status == 400:
        assert soup.select_one(".govuk-error-summary"), "a refused form has no error summary"
        assert title.startswith("Error:"), title
    nonce = re.search(r"'nonce-([^']+)'", headers.get("Content-Security-Policy", ""))
    for script in soup.find_all("script"):
        if script.get("src"):
            assert script["src"].startswith("/") and not script["src"].startswith("//"), script["src"]
        else:
            assert nonce and script.get("nonce") == nonce.group(1), "an inline script without this nonce"


@dataclass
class Page:
    status: int
    html: str
    location: str | None

    @property
    def text(self) -> str:
        """The HTML with entities decoded, to compare with plain wording."""
        return html.unescape(self.html)

    def csrf(self) -> str:
        match = CSRF.search(self.html)
        assert match, "page has no CSRF token"
        return match.group(1)


class Respondent:
    """A person answering on one device: gets pages, and posts forms with the page's CSRF token."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client = client
        self.token = token

    def get(self, path: str) -> Page:
        return self.page(self.client.get(path))

    @staticmethod
    def page(response) -> Page:
        """Check the response as every page must pass, and keep what tests read of it."""
        body = response.get_data(as_text=True)
        check_page(response.status_code, response.headers, body)
        return Page(response.status_code, body, response.headers.get("Location"))

    def post(self, path: str, data: dict | None = None, *, csrf_from: str | None = None) -> Page:
        form = dict(data or {})
        if "csrf_token" not in form:
            form["csrf_token"] = self.get(csrf_from or path).csrf()
        return self.page(self.client.post(path, data=form))

    @property
    def base(self) -> str:
        return f"/s/{self.token}"

    def begin(self) -> Page:
        return self.post(f"{self.base}/begin", csrf_from=self.base)

    def about(self, choice: str) -> Page:
        return self.post(f"{self.base}/about", {"answer": choice})

    def answer(self, number: int, **fields) -> Page:
        return self.post(f"{self.base}/q/{number}", fields)

    def get_code(self, question: int = 1) -> Page:
        """Ask for a code to finish later, as the save page's button does."""
        page = f"{self.base}/save?q={question}"
        return self.post(f"{self.base}/save", {"question": str(question)}, csrf_from=page)

    def submit(self) -> Page:
        check = self.get(f"{self.base}/check")
        assert check.status == 200, check.html
        key = SUBMIT_KEY.search(check.html).group(1)
        return self.post(f"{self.base}/submit", {"csrf_token": check.csrf(), "submit_key": key})


@pytest.fixture
def respondent(app: Flask):
    """Make a respondent on a fresh device for a survey token."""

    def make(token: str) -> Respondent:
        return Respondent(app.test_client(), token)

    return make
