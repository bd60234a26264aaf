"""Workspace fixtures: staff in every role, and a client that signs in as one (password, then a
TOTP code from pyotp) and checks every page it gets: one h1, a title that starts with it, an error
summary on a 400, and the response's CSP nonce on every script."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyotp
import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select

from participation.extensions import db
from participation.models import Inspection, Survey, User
from participation.workspace.extensions import workspace_limiter
from participation.workspace.users.accounts import add_enrolled_user
from tests.conftest import Page as RespondentPage

WORKSPACE = "/workspace"
PASSWORD = "correct horse battery staple"
NONCE = re.compile(r"'nonce-([^']+)'")


@pytest.fixture(autouse=True)
def fresh_workspace_limits(app: Flask) -> Iterator[None]:
    yield
    workspace_limiter.reset()


@dataclass
class Staff:
    """A workspace user as a test knows them: what they type to sign in."""

    id: int
    email: str
    role: str
    secret: str | None
    password: str = PASSWORD
    last_step: int = field(default=-1)

    def next_code(self) -> str:
        """Return a TOTP code not used before (the next time step if this one was)."""
        step = max(int(time.time() // 30), self.last_step + 1)
        self.last_step = step
        return pyotp.TOTP(self.secret).generate_otp(step)


@dataclass
class Page(RespondentPage):
    """A workspace page, parsed."""

    @property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")

    @property
    def h1(self) -> str:
        return " ".join(self.soup.find("h1").get_text().split())

    def errors(self) -> list[str]:
        summary = self.soup.select_one(".govuk-error-summary")
        return [" ".join(item.get_text().split()) for item in summary.select("li")] if summary else []

    def csrf(self) -> str:
        token = self.soup.find("input", attrs={"name": "csrf_token"})
        assert token is not None, "page has no CSRF token"
        return token["value"]


def check_page(response, page: Page) -> None:
    """Every workspace HTML page: one h1, the title starts with it, errors summarised, scripts nonced."""
    if response.mimetype != "text/html" or page.location:
        return
    soup = page.soup
    headings = soup.find_all("h1")
    assert len(headings) == 1, f"{len(headings)} h1 elements on a {page.status} page"
    title = " ".join(soup.title.get_text().split()).removeprefix("Error: ")
    assert title.startswith(page.h1), f"title {title!r} does not start with h1 {page.h1!r}"
    if page.status == 400:
        assert soup.select_one(".govuk-error-summary"), "a 400 page without an error summary"
        assert soup.title.get_text().startswith("Error:"), "a 400 page whose title does not start with Error:"
    nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(1)
    for script in soup.find_all("script"):
        if not script.get("src"):
            assert script.get("nonce") == nonce, f"inline script without this response's nonce: {script}"
        else:
            assert script["src"].startswith("/"), f"script from another host: {script['src']}"


class WorkspaceClient:
    """One person's browser on the workspace, from one address."""

    def __init__(self, app: Flask, address: str = "192.0.2.10") -> None:
        self.client = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = address

    def _page(self, response) -> Page:
        # A download (a PDF) is not text: read it as text all the same, so any route can be requested.
        body = response.get_data().decode("utf-8", errors="replace")
        page = Page(response.status_code, body, response.headers.get("Location"))
        check_page(response, page)
        return page

    def get(self, path: str) -> Page:
        return self._page(self.client.get(WORKSPACE + path))

    def post(self, path: str, data: dict | None = None, *, csrf_from: str | None = None) -> Page:
        form = dict(data or {})
        if "csrf_token" not in form:
            form["csrf_token"] = self.get(csrf_from or path).csrf()
        return self._page(self.client.post(WORKSPACE + path, data=form))

    def follow(self, page: Page) -> Page:
        """Get the page a redirect points to."""
        assert page.location, f"not a redirect: {page.status}"
        return self._page(self.client.get(page.location))

    def enter_password(self, email: str, password: str) -> Page:
        return self.post("/sign-in", {"email": email, "password": password})

    def sign_in(self, staff: Staff) -> Page:
        """Sign in with password and a TOTP code; return the page signed in on."""
        page = self.enter_password(staff.email, staff.password)
        assert page.location == f"{WORKSPACE}/two-factor", page.errors() or page.status
        page = self.post("/two-factor", {"code": staff.next_code()})
        assert page.location == f"{WORKSPACE}/", page.errors() or page.status
        return self.follow(page)


@pytest.fixture
def workspace(app: Flask):
    """Make a client on the workspace (a fresh browser), optionally from a given address."""

    def make(address: str = "192.0.2.10") -> WorkspaceClient:
        return WorkspaceClient(app, address)

    return make


def add_inspection(name: str, token_prefix: str) -> int:
    inspection = Inspection(partnership=f"{name} Partnership", name=f"{name} inspection")
    db.session.add(inspection)
    db.session.flush()
    for key in ("children", "parents", "staff"):
        db.session.add(Survey(inspection_id=inspection.id, definition_key=key, token=f"{token_prefix}-{key}"))
    db.session.commit()
    return inspection.id


@pytest.fixture
def inspection(app: Flask) -> int:
    """An inspection with its three surveys; return its number."""
    with app.app_context():
        return add_inspection("Test", "test")


@pytest.fixture
def other_inspection(app: Flask) -> int:
    with app.app_context():
        return add_inspection("Other", "other")


@pytest.fixture
def make_staff(app: Flask):
    """Make a user (enrolled in two-factor unless told) in a role: admin, or a member of an inspection."""

    def make(
        role: str,
        inspection_id: int | None = None,
        *,
        email: str | None = None,
        enrolled: bool = True,
        must_change_password: bool = False,
    ) -> Staff:
        with app.app_context():
            count = db.session.scalar(select(db.func.count()).select_from(User))
            email = email or f"{role}{count}@example.org"
            user = add_enrolled_user(email, f"{role.title()} {count}", PASSWORD, role, inspection_id)
            user.must_change_password = must_change_password
            if not enrolled:
                user.totp_secret = None
            secret = user.totp_secret
            db.session.commit()
            return Staff(user.id, email, role, secret)

    return make


@pytest.fixture
def signed_in(workspace, make_staff, inspection):
    """Sign in a new user in a role (member of `inspection`); return (client, staff)."""

    def sign_in(role: str, address: str = "192.0.2.10"):
        staff = make_staff(role, inspection)
        client = workspace(address)
        client.sign_in(staff)
        return client, staff

    return sign_in
