"""Simulated respondents: each walks a survey over HTTP as a phone would, with its own cookies.

A respondent reads every form off its page (CSRF token, start and submit keys, the answers offered),
answers, posts, follows the redirect, and records how long each request took, which answers were
acknowledged (a 302 to the next page) and whether its submission was (a 302 to /done without
again=1). Under a fault it retries a cut request or a "please try again" page, as a person would.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import aiohttp

from bench.synthetic import synthetic_answers

TRY_AGAIN = "Sorry, please try again"
PREFER_NOT_TO_SAY = "prefer_not_to_say"
MAX_STEPS = 80  # well over a survey's pages: a loop that never reaches /done is a failure

FORM = re.compile(r'<form method="post"(?: action="([^"]*)")?')
HIDDEN = re.compile(r'<input id="(\w+)" name="\1" type="hidden" value="([^"]*)"')
CHOICE = re.compile(r'name="answer" type="(radio|checkbox)" value="([^"]*)"')
TEXTAREA = re.compile(r'<textarea[^>]*name="answer"')
QUESTION_PATH = re.compile(r"/q/(\d+)$")


class Failed(Exception):
    """The respondent met a page it should not have, or gave up retrying."""


@dataclass(frozen=True)
class Patience:
    """How a respondent meets trouble: how often it tries a request, and how long it waits between."""

    attempts: int = 1
    wait: float = 0.5
    reconnects: int = 1  # cut requests sent again at once, before counting as a try


@dataclass(frozen=True)
class Pauses:
    """Seconds a respondent spends reading and answering each page (drawn evenly from the range)."""

    low: float = 0.0
    high: float = 0.0

    def draw(self, rng: random.Random) -> float:
        return rng.uniform(self.low, self.high) if self.high else 0.0


@dataclass(frozen=True)
class Timing:
    method: str
    seconds: float
    status: int
    ended: float  # time.perf_counter() when the reply was read


@dataclass
class Respondent:
    """One person answering, with what happened to them."""

    number: int
    rng: random.Random
    texts: Sequence[str]
    pauses: Pauses = Pauses()
    patience: Patience = Patience()
    timings: list[Timing] = field(default_factory=list)
    # Question number -> the answer as it should be stored, once the server acknowledged it.
    answers: dict[int, tuple] = field(default_factory=dict)
    submit_key: str = ""
    began: bool = False
    paused: float = 0.0  # seconds spent on pages between requests
    outcome: str = "not sent"  # "sent", "sent again" (a repeat found it sent) or "not sent"
    cut: int = 0  # requests whose connection dropped before a reply (each was sent again)
    try_again: int = 0  # "please try again" pages seen
    problems: list[str] = field(default_factory=list)  # what stopped this respondent

    async def request(self, http: aiohttp.ClientSession, method: str, url: str,
                      data: dict | None = None) -> tuple[int, str, str]:
        """Send one request (again, after a cut or a "please try again" page, while patient)."""
        tries, reconnects = 0, self.patience.reconnects
        while True:
            started = time.perf_counter()
            try:
                async with http.request(method, url, data=data, allow_redirects=False) as reply:
                    body = await reply.text()
                    status, location = reply.status, reply.headers.get("Location", "")
            except (TimeoutError, aiohttp.ClientError) as error:
                self.cut += 1
                if reconnects:
                    # A browser sends again at once when a kept-alive connection turns out closed.
                    reconnects -= 1
                    continue
                tries += 1
                if tries >= self.patience.attempts:
                    raise Failed(f"{method} {urlsplit(url).path}: cut ({type(error).__name__}), "
                                 f"{tries} tries") from error
                await asyncio.sleep(self.patience.wait)
                continue
            ended = time.perf_counter()
            self.timings.append(Timing(method, ended - started, status, ended))
            if status == 503 and TRY_AGAIN in body:
                self.try_again += 1
                tries += 1
                if tries >= self.patience.attempts:
                    raise Failed(f"{method} {urlsplit(url).path}: still 503 after {tries} tries")
                await asyncio.sleep(self.patience.wait)
                continue
            return status, location, body

    def fill(self, page: str, path: str) -> dict[str, str | list[str]]:
        """Return the form's fields with an answer chosen, recording what should be stored."""
        fields: dict[str, str | list[str]] = dict(HIDDEN.findall(page))
        fields["website"] = ""  # the honeypot, left empty as people leave it
        choices = CHOICE.findall(page)
        offered = [value for _kind, value in choices if value != PREFER_NOT_TO_SAY]
        question = QUESTION_PATH.search(path)
        expected: tuple = ("skipped",)
        roll = self.rng.random()
        if roll < 0.08 and question:
            pass  # skipped: Continue without answering
        elif choices and roll < 0.14 and len(offered) < len(choices):
            fields["answer"] = PREFER_NOT_TO_SAY
            expected = (PREFER_NOT_TO_SAY,)
        elif choices and choices[0][0] == "checkbox":
            picked = self.rng.sample(offered, min(len(offered), self.rng.randint(1, 2)))
            fields["answer"] = picked
            expected = ("answered", sorted(picked))
        elif choices:
            picked = self.rng.choice(offered)
            fields["answer"] = picked
            expected = ("answered", [picked])
        elif TEXTAREA.search(page):
            text = self.rng.choice(self.texts)
            fields["answer"] = text
            expected = ("answered", text.strip())
        if question:
            self._pending = (int(question.group(1)), expected)
        return fields

    async def walk(self, http: aiohttp.ClientSession, start_url: str) -> None:
        """Answer the survey from its start page to the thank-you page."""
        url = start_url
        status, _location, page = await self.request(http, "GET", url)
        for _step in range(MAX_STEPS):
            path = urlsplit(url).path
            if status != 200:
                raise Failed(f"GET {path}: {status}")
            if path.endswith("/done"):
                return
            form = FORM.search(page)
            if form is None:
                raise Failed(f"GET {path}: no form on the page")
            action = urljoin(url, form.group(1) or url)
            self._pending = None
            fields = self.fill(page, path)
            if "submit_key" in fields:
                self.submit_key = str(fields["submit_key"])
            pause = self.pauses.draw(self.rng)
            self.paused += pause
            await asyncio.sleep(pause)
            if action.endswith("/begin"):
                self.began = True
            status, location, _body = await self.request(http, "POST", action, fields)
            if status != 302:
                raise Failed(f"POST {urlsplit(action).path}: {status}")
            if action.endswith("/submit"):
                self.outcome = "sent again" if "again=1" in location else "sent"
            elif self._pending:
                number, expected = self._pending
                self.answers[number] = expected
            url = urljoin(url, location)
            status, _location, page = await self.request(http, "GET", url)
        raise Failed(f"no thank-you page after {MAX_STEPS} pages")

    _pending: tuple[int, tuple] | None = None


def answer_texts(count: int = 400, seed: int = 2026) -> list[str]:
    """Return free-text answers with a realistic mix of lengths (the analysis runs on each)."""
    return list(synthetic_answers(count, seed=seed)["text"])


async def answer_once(respondent: Respondent, start_url: str, delay: float = 0.0) -> Respondent:
    """Let one respondent answer the survey in a browser of its own (its own cookies and connection)."""
    await asyncio.sleep(delay)
    jar = aiohttp.CookieJar(unsafe=True)  # unsafe: the server is a bare IP address (127.0.0.1)
    connector = aiohttp.TCPConnector(limit=1)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(cookie_jar=jar, connector=connector, timeout=timeout) as http:
        try:
            await respondent.walk(http, start_url)
        except Failed as failure:
            respondent.problems.append(str(failure))
    return respondent


def people(count: int, pauses: Pauses, patience: Patience, seed: int = 1) -> list[Respondent]:
    """Return `count` respondents, each with its own random choices."""
    texts = answer_texts()
    rng = random.Random(seed)
    return [Respondent(n, random.Random(rng.random()), texts, pauses, patience) for n in range(count)]


async def crowd(start_url: str, respondents: list[Respondent], stagger: float,
                seed: int = 1) -> list[Respondent]:
    """Let the respondents answer at once, each starting within `stagger` seconds."""
    rng = random.Random(seed)
    return await asyncio.gather(*(answer_once(p, start_url, rng.uniform(0, stagger)) for p in respondents))


async def relay(start_url: str, concurrency: int, journeys: int, seconds: float, patience: Patience,
                seed: int = 2) -> list[Respondent]:
    """Run up to `journeys` respondents, `concurrency` at a time with no pauses, for at most `seconds`."""
    texts = answer_texts()
    rng = random.Random(seed)
    finished: list[Respondent] = []
    deadline = time.monotonic() + seconds
    numbers = iter(range(journeys))

    async def lane() -> None:
        for number in numbers:
            if time.monotonic() > deadline:
                return
            person = Respondent(number, random.Random(rng.random()), texts, Pauses(), patience)
            finished.append(await answer_once(person, start_url))

    await asyncio.gather(*(lane() for _ in range(concurrency)))
    return finished
