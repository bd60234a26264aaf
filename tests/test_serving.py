"""Gunicorn as `make serve` runs it: a whole journey over real HTTP leaves no client address, survey token
or answer in its output, rate limits kept in Redis hold across two servers (and still hold in each
worker when Redis is down), and bad settings stop it with one line."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from participation.config import ROOT
from tests.conftest import Respondent
from tests.journeys import FREE_TEXT, answer_everything, definition

# Gunicorn listens on 127.0.0.1 (and says so when it starts); clients connect from another loopback
# address, so any trace of theirs in the output is a leak, not gunicorn's banner.
CLIENT = "127.0.0.42"
FORWARDED_CLIENT = "203.0.113.9"  # what the (pretend) proxy says the respondent's address is
REDIS_URL = "redis://127.0.0.1:6379/13"  # a database index of the tests' own
PER_CODE_LIMIT = 3
START_SECONDS = 30


def redis_or_skip():
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: the shared-limit tests need it")
    return connection


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """One gunicorn, started as `make serve` starts it, with its output kept in files."""

    port: int
    folder: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, environment: dict[str, str]) -> None:
        self.stdout = (self.folder / f"{self.port}.out").open("w+")
        self.stderr = (self.folder / f"{self.port}.err").open("w+")
        command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                   "--bind", f"127.0.0.1:{self.port}", "wsgi:app"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment,  # noqa: S603 (our command)
                                        stdout=self.stdout, stderr=self.stderr)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.read()
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:  # refused, reset or timed out while the worker boots
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer within {START_SECONDS} s:\n{self.read()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=40)
        self.stdout.close()
        self.stderr.close()

    def mark(self) -> tuple[int, int]:
        """Say where the output ends now, to read only what comes after."""
        return os.path.getsize(self.stdout.name), os.path.getsize(self.stderr.name)

    def read(self, since: tuple[int, int] = (0, 0)) -> str:
        texts = []
        for path, start in zip((self.stdout.name, self.stderr.name), since, strict=True):
            with open(path) as stream:
                stream.seek(start)
                texts.append(stream.read())
        return "\n".join(texts)


class FromAddress(urllib.request.HTTPHandler):
    """Open HTTP connections from a chosen local address."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req):
        return self.do_open(partial(http.client.HTTPConnection, source_address=(self.address, 0)), req)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None  # let the caller see the 302 and its Location, as the test client does


@dataclass
class HttpAnswer:
    """What a Respondent reads from a response, the same as from Flask's test client."""

    status_code: int
    body: str
    headers: dict

    def get_data(self, as_text: bool = True) -> str:
        return self.body


class HttpClient:
    """A browser for Respondent: cookies, no redirects, from CLIENT behind a proxy that forwards."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            FromAddress(CLIENT), NoRedirects(), urllib.request.HTTPCookieProcessor(CookieJar()))
        self.requests = 0

    def get(self, path: str) -> HttpAnswer:
        return self.open(urllib.request.Request(self.base_url + path))  # noqa: S310 (http://127.0.0.1)

    def post(self, path: str, data: dict) -> HttpAnswer:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self.open(urllib.request.Request(self.base_url + path, data=body, method="POST"))  # noqa: S310

    def open(self, request: urllib.request.Request) -> HttpAnswer:
        request.add_header("X-Forwarded-For", FORWARDED_CLIENT)
        request.add_header("X-Forwarded-Proto", "http")
        self.requests += 1
        try:
            with self.opener.open(request, timeout=10) as answer:
                return HttpAnswer(answer.status, answer.read().decode(), dict(answer.headers))
        except urllib.error.HTTPError as answer:
            return HttpAnswer(answer.code, answer.read().decode(), dict(answer.headers))


def server_environment(database_url: str, **extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    environment.update(
        APP_ENV="development", DATABASE_URL=database_url, PYTHONPATH=str(ROOT),
        SECRET_KEY="serving-test-secret-that-is-long-enough-0123456789",
        RESPONDENT_KEY="serving-test-respondent-key-long-enough-9876543210",
        WEB_CONCURRENCY="1", GUNICORN_THREADS="2", TRUSTED_PROXY_COUNT="1",
        RATELIMIT_STORAGE_URI=REDIS_URL, RESUME_LIMIT_PER_CODE=f"{PER_CODE_LIMIT} per hour",
    )
    environment.update(extra)
    return environment


@pytest.fixture(scope="module")
def servers(app, tmp_path_factory) -> Iterator[list[Server]]:
    """Two gunicorns (two hosts, as it were) on the suite's database, sharing one Redis."""
    connection = redis_or_skip()
    connection.flushdb()
    folder = tmp_path_factory.mktemp("gunicorn")
    running = [Server(free_port(), folder), Server(free_port(), folder)]
    environment = server_environment(app.config["SQLALCHEMY_DATABASE_URI"])
    for server in running:
        server.start(environment)
    try:
        for server in running:
            server.wait_until_up()
        yield running
    finally:
        for server in running:
            server.stop()
        connection.flushdb()


def test_a_journey_through_gunicorn_logs_routes_and_no_address_token_or_answer(app, surveys, servers):
    server = servers[0]
    since = server.mark()
    client = HttpClient(server.url)
    child = Respondent(client, surveys["children"])
    assert child.get(child.base).status == 200
    child.begin()
    child.about("12-17")
    answer_everything(child, definition(app, "children"), "12-17")
    sent = child.submit()
    assert child.get(sent.location).status == 200
    assert child.get(f"{child.base}/no-such-page").status == 404
    # A request gunicorn itself refuses, quoting a token in its request line.
    with socket.create_connection(("127.0.0.1", server.port), source_address=(CLIENT, 0)) as raw:
        raw.sendall(f"GET {child.base}/q/1 HTTP/9.9\r\nHost: x\r\n\r\n".encode())
        assert raw.recv(100).startswith(b"HTTP/1.1 400")

    time.sleep(0.2)  # the refused request's line is written after the answer is sent
    output = server.read(since)
    request_lines = [line for line in output.splitlines() if " route=" in line]
    assert len(request_lines) == client.requests, output  # one per request the app answered
    assert any("route=respond.question method=POST status=302" in line for line in request_lines)
    assert "Invalid request refused" in output
    for secret in (CLIENT, FORWARDED_CLIENT, *surveys.values(), *FREE_TEXT.values()):
        assert secret not in output, f"{secret!r} is in gunicorn's output:\n{output}"


def test_two_servers_share_one_limit_on_guessing_a_code(surveys, servers):
    first, second = servers
    token = surveys["parents"]
    on_first = Respondent(HttpClient(first.url), token)
    on_second = Respondent(HttpClient(second.url), token)
    tries = [on_first, on_second, on_first]
    assert [person.post(f"/s/{token}/resume", {"code": "AAAA-BBBB-CCCC"}).status
            for person in tries[:PER_CODE_LIMIT]] == [400] * PER_CODE_LIMIT
    assert on_second.post(f"/s/{token}/resume", {"code": "aaaa bbbb cccc"}).status == 429
    assert on_first.post(f"/s/{token}/resume", {"code": "AAAA-BBBB-CCCC"}).status == 429
    assert redis_or_skip().keys("LIMITS:*")  # the counts are in Redis, not in either process


def test_with_redis_down_the_limit_still_holds_in_each_worker(app, surveys, tmp_path):
    unreachable = f"redis://127.0.0.1:{free_port()}/0?socket_timeout=1&socket_connect_timeout=1"
    server = Server(free_port(), tmp_path)
    server.start(server_environment(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_STORAGE_URI=unreachable))
    try:
        server.wait_until_up()
        token = surveys["parents"]
        person = Respondent(HttpClient(server.url), token)
        statuses = [person.post(f"/s/{token}/resume", {"code": "AAAA-BBBB-CCCC"}).status
                    for _ in range(PER_CODE_LIMIT + 1)]
    finally:
        server.stop()
    assert statuses == [400] * PER_CODE_LIMIT + [429]  # no error page, and no unlimited guessing
    assert "falling back to in-memory storage" in server.read()


@pytest.mark.parametrize("setting, message", [
    ({"APP_ENV": "production", "SECRET_KEY": "short"},
     "SECRET_KEY must be set to a random value of at least 32 characters"),
    ({"WEB_CONCURRENCY": "0"}, "WEB_CONCURRENCY must be a whole number of at least 1, not '0'"),
    ({"GUNICORN_THREADS": "many"}, "GUNICORN_THREADS must be a whole number of at least 1, not 'many'"),
    ({"TRUSTED_PROXY_COUNT": "yes"}, "TRUSTED_PROXY_COUNT must be a whole number (0 or more), not 'yes'"),
])
def test_a_bad_setting_stops_gunicorn_with_one_line(tmp_path, setting, message):
    environment = server_environment(f"sqlite:///{tmp_path / 'unused.db'}", **setting)
    finished = subprocess.run(  # noqa: S603 (our command)
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind",
         f"127.0.0.1:{free_port()}", "wsgi:app"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=30)
    assert finished.returncode == 2
    assert finished.stderr.strip() == message
