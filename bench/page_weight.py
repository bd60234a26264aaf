"""Weigh every page of a respondent's journey as a phone receives it, beside the uncompressed baseline.

    .venv/bin/python bench/page_weight.py [--survey children] [--band 8-11]

Starts the app in-process on a scratch SQLite database, walks a whole survey (start, about, every
question page, check, done) with ``Accept-Encoding: gzip, br`` from an empty cache, and prints per page
the bytes on the wire (response bodies as sent):

- HTML: the page itself, compressed as negotiated;
- assets: everything the page loads that is not cached yet: stylesheets, scripts and the modules
  they import, icons and images, and every ``url()`` in the stylesheets;
- first visit: HTML and all its assets, from an empty cache;
- later visit: what the page costs after the earlier pages of the journey: the redirect that led
  to it, its HTML and any asset no earlier page loaded (assets have a year-long immutable cache).

The baseline, measured in the same run, is the same page sent uncompressed with all of GOV.UK
Frontend's CSS and JavaScript, as the service was built before it was trimmed.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

FIRST_VISIT_BUDGET = 15 * 1024
LATER_VISIT_BUDGET = 5 * 1024
ACCEPT = {"Accept-Encoding": "gzip, br"}
GOVUK_DIST = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
# What every page loaded before the trim: GOV.UK Frontend's whole stylesheet and script.
BASELINE_ASSETS = ("govuk-frontend.min.css", "govuk-frontend.min.js", "assets/images/favicon.svg")
FREE_TEXT = "My worker listens to me and I feel safer at home now"

CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']""")
JS_IMPORT = re.compile(r"""(?:\bimport|\bfrom)\s*\(?\s*["']([^"']+)["']""")


@dataclass
class PageWeight:
    """The bytes one page of the journey costs, on the wire and in the baseline."""

    name: str
    path: str
    html: int
    assets_first: int
    later: int | None  # None on the journey's first page, which is only ever a first visit
    baseline: int
    assets: list[str] = field(default_factory=list)

    @property
    def first_visit(self) -> int:
        return self.html + self.assets_first

    @property
    def within_budget(self) -> bool:
        later_ok = self.later is None or self.later <= LATER_VISIT_BUDGET
        return self.first_visit <= FIRST_VISIT_BUDGET and later_ok


def decoded(body: bytes, encoding: str | None) -> bytes:
    """Return a response body as the browser reads it, undoing gzip or brotli."""
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    return body


class PageParser(HTMLParser):
    """Collect what a page loads and the fields of its form that posts."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.action: str | None = None
        self.fields: dict[str, list[str]] = {}
        self.choices: dict[str, list[str]] = {}
        self.textareas: list[str] = []
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        rel = a.get("rel", "").split()
        if tag == "link" and {"stylesheet", "icon", "modulepreload", "preload"} & set(rel):
            self.loads.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.loads.append(a["src"])
        elif tag == "form" and a.get("method", "get").lower() == "post" and self.action is None:
            self.action = a.get("action", "")
            self._in_form = True
        elif self._in_form and tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                self.choices.setdefault(a["name"], []).append(a.get("value", "on"))
            elif kind == "hidden":
                self.fields.setdefault(a["name"], []).append(a.get("value", ""))
        elif self._in_form and tag == "textarea" and a.get("name"):
            self.textareas.append(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False

    def answers(self) -> dict[str, list[str]]:
        """Fill the form as a person would: the first choice of each group, a sentence in a box."""
        data = {name: list(values) for name, values in self.fields.items()}
        for name, values in self.choices.items():
            if name != "prefer_not_to_say":
                data[name] = values[:1]
        for name in self.textareas:
            data[name] = [FREE_TEXT]
        return data


class Browser:
    """A phone with an HTTP cache: counts each response body once, as sent."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.cached: set[str] = set()

    def get(self, url: str) -> tuple[int, bytes, str | None]:
        response = self.client.get(url, headers=ACCEPT)
        body = response.get_data()
        return response.status_code, body, response.headers.get("Content-Encoding")

    def asset_tree(self, url: str, seen: set[str]) -> dict[str, int]:
        """Return the wire size of an asset and of everything it loads in turn."""
        path = urlsplit(url).path
        if path in seen or path.startswith("data:"):
            return {}
        seen.add(path)
        status, body, encoding = self.get(path)
        if status != 200:
            raise AssertionError(f"{path} answered {status}")
        sizes = {path: len(body)}
        text = decoded(body, encoding).decode("utf-8", "replace")
        pattern = CSS_URL if path.endswith(".css") else JS_IMPORT if path.endswith((".js", ".mjs")) else None
        for match in pattern.finditer(text) if pattern else ():
            target = next(group for group in match.groups() if group)
            if not target.startswith(("data:", "#")):
                sizes.update(self.asset_tree(urljoin(path, target), seen))
        return sizes

    def visit(self, name: str, path: str, arrival: int | None) -> tuple[PageWeight, str]:
        """Load a page and its assets; return its weight and its HTML."""
        status, body, encoding = self.get(path)
        if status != 200:
            raise AssertionError(f"{path} answered {status}")
        html = decoded(body, encoding).decode()
        parser = PageParser()
        parser.feed(html)
        assets: dict[str, int] = {}
        seen: set[str] = set()
        for url in parser.loads:
            assets.update(self.asset_tree(urljoin(path, url), seen))
        new = sum(size for asset, size in assets.items() if asset not in self.cached)
        self.cached.update(assets)
        identity = self.client.get(path, headers={"Accept-Encoding": "identity"}).get_data()
        weight = PageWeight(
            name=name, path=path, html=len(body), assets_first=sum(assets.values()),
            later=None if arrival is None else arrival + len(body) + new,
            baseline=len(identity) + baseline_assets(), assets=sorted(assets),
        )
        return weight, html

    def submit(self, page: str, html: str, chosen: dict[str, list[str]]) -> tuple[str, int]:
        """Post a page's form filled in (with any chosen answers); return where it leads and the
        redirect's size."""
        parser = PageParser()
        parser.feed(html)
        if parser.action is None:
            raise AssertionError(f"{page} has no form that posts")
        data = parser.answers() | chosen
        response = self.client.post(urljoin(page, parser.action), data=data, headers=ACCEPT)
        if response.status_code != 302:
            raise AssertionError(f"posting {page} answered {response.status_code}")
        return urlsplit(response.headers["Location"]).path, len(response.get_data())


def baseline_assets() -> int:
    """Return the bytes of GOV.UK Frontend's whole CSS and JavaScript, uncompressed."""
    return sum((GOVUK_DIST / name).stat().st_size for name in BASELINE_ASSETS)


def page_name(path: str, token: str) -> str:
    """Name a journey page by its place: start, about, q3, check, done."""
    rest = path.removeprefix(f"/s/{token}").strip("/")
    return rest.replace("q/", "q") or "start"


def weigh_journey(client: FlaskClient, token: str, band: str | None = None) -> list[PageWeight]:
    """Walk a whole survey on one fresh phone and weigh every page on the way."""
    browser = Browser(client)
    path, arrival, weights = f"/s/{token}", None, []
    while True:
        weight, html = browser.visit(page_name(path, token), path, arrival)
        weights.append(weight)
        if weight.name == "done":
            return weights
        chosen = {"answer": [band]} if weight.name == "about" and band else {}
        path, arrival = browser.submit(path, html, chosen)
        if len(weights) > 100:
            raise AssertionError("the journey never reached the done page")


def open_survey(app: Flask, survey: str) -> str:
    """Open one inspection with the named survey; return its token."""
    from participation.extensions import db
    from participation.models import Inspection, Survey

    with app.app_context():
        db.create_all()
        inspection = Inspection(partnership="Weighing Partnership", name="Page weight", is_demo=True)
        db.session.add(inspection)
        db.session.flush()
        token = f"weigh-{survey}"
        db.session.add(Survey(inspection_id=inspection.id, definition_key=survey, token=token))
        db.session.commit()
    return token


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def report(weights: list[PageWeight]) -> str:
    """Lay the weights out as a table with the budgets and a pass or fail line."""
    lines = [
        f"{'page':<8} {'baseline':>9} {'HTML':>7} {'assets':>7} {'first':>7} {'later':>7}   (KB on the wire)",
        f"{'':<8} {'first':>9} {'':>7} {'first':>7} {'visit':>7} {'visit':>7}",
    ]
    for w in weights:
        flag = "" if w.within_budget else "  over budget"
        lines.append(
            f"{w.name:<8} {kb(w.baseline):>9} {kb(w.html):>7} {kb(w.assets_first):>7} "
            f"{kb(w.first_visit):>7} {'-' if w.later is None else kb(w.later):>7}{flag}"
        )
    heaviest_first = max(weights, key=lambda w: w.first_visit)
    heaviest_later = max(weights[1:], key=lambda w: w.later or 0)
    passed = all(w.within_budget for w in weights)
    lines.append(
        f"{'PASS' if passed else 'FAIL'}: heaviest first visit {kb(heaviest_first.first_visit)} KB "
        f"({heaviest_first.name}, budget {kb(FIRST_VISIT_BUDGET)}), heaviest later visit "
        f"{kb(heaviest_later.later or 0)} KB ({heaviest_later.name}, budget {kb(LATER_VISIT_BUDGET)}); "
        f"baseline first visit {kb(max(w.baseline for w in weights))} KB"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--survey", default="children", choices=["children", "parents", "staff"])
    parser.add_argument("--band", default="8-11", help="the age band chosen on a children's about page")
    parser.add_argument("--assets", action="store_true", help="list each page's assets too")
    args = parser.parse_args(argv)

    from participation import create_app
    from participation.config import TestConfig

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{Path(tempfile.mkdtemp(prefix='page-weight-')) / 'db'}"
    app = create_app(config)
    token = open_survey(app, args.survey)
    weights = weigh_journey(app.test_client(), token, args.band if args.survey == "children" else None)
    print(f"A {args.survey} survey{f' (ages {args.band})' if args.survey == 'children' else ''}, "
          f"walked with Accept-Encoding: gzip, br from an empty cache")
    print(report(weights))
    if args.assets:
        for w in weights:
            print(f"{w.name}: {', '.join(w.assets)}")
    return 0 if all(w.within_budget for w in weights) else 1


if __name__ == "__main__":
    sys.exit(main())
