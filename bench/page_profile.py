"""Where a question page's time goes, in-process, beside the bare insert of bench/ceiling.py.

    .venv/bin/python bench/page_profile.py [--requests 300]

Times (CPU) showing a question page, posting its answer, and the ceiling's one-row insert, each
through Flask's test client on a temporary SQLite file, then profiles the page and the post with
cProfile and adds up each function's own time by the part of the stack it belongs to (a builtin's
or a standard-library helper's time goes to the part that called it).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from participation import create_app  # noqa: E402
from participation.config import TestConfig  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.models import Inspection, Survey  # noqa: E402

# The first matching fragment of a function's file names its part of the stack.
PARTS = [
    ("templates: Jinja2, GOV.UK macros, escaping", ("jinja2", "govuk_frontend", "markupsafe", "templates/")),
    ("database: SQLAlchemy and the driver", ("sqlalchemy", "sqlite3", "psycopg")),
    ("forms and CSRF: WTForms, Flask-WTF, signing",
     ("wtforms", "flask_wtf", "itsdangerous", "hmac", "hashlib")),
    ("translations: Flask-Babel, Babel", ("babel",)),
    ("Flask and Werkzeug (routing, sessions, test client)", ("flask/", "werkzeug")),
    ("the app's own code", ("participation/",)),
    ("analysis of free text", ("analysis/",)),
]


def part_of(filename: str) -> str | None:
    for name, fragments in PARTS:
        if any(fragment in filename for fragment in fragments):
            return name
    return None


OTHER = "the rest (gunicorn is not in it: this is in-process)"


def cpu_ms(action, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        action()
    return (time.process_time() - started) / requests * 1000


def shares(action, requests: int) -> dict[str, float]:
    profile = cProfile.Profile()
    profile.runcall(lambda: [action() for _ in range(requests)])
    stats = pstats.Stats(profile).stats
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, own, _cum, callers) in stats.items():
        part = part_of(filename)
        if part is None and callers:
            # A builtin or a standard-library helper: its time belongs to whoever called it.
            by_caller = {caller: figures[2] for caller, figures in callers.items()}
            spent = sum(by_caller.values()) or 1.0
            for caller, share in by_caller.items():
                owner = part_of(caller[0]) or OTHER
                totals[owner] = totals.get(owner, 0.0) + own * share / spent
            continue
        totals[part or OTHER] = totals.get(part or OTHER, 0.0) + own
    whole = sum(totals.values())
    return {name: seconds / whole for name, seconds in totals.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    requests = parser.parse_args().requests
    scratch = Path(tempfile.mkdtemp(prefix="page-profile-"))
    os.environ["TEST_DATABASE_URL"] = f"sqlite:///{scratch / 'page.db'}"
    app = create_app(TestConfig())
    with app.app_context():
        db.create_all()
        inspection = Inspection(partnership="Profile", name="Profile")
        db.session.add(inspection)
        db.session.flush()
        db.session.add(Survey(inspection_id=inspection.id, definition_key="children", token="profile"))
        db.session.commit()
    client = app.test_client()
    start = client.get("/s/profile").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', start).group(1)
    key = re.search(r'name="start_key" type="hidden" value="([^"]+)"', start).group(1)
    client.post("/s/profile/begin", data={"csrf_token": csrf, "start_key": key})
    client.post("/s/profile/about", data={"csrf_token": csrf, "answer": "8-11"})

    question = client.get("/s/profile/q/1").get_data(as_text=True)
    option = re.search(r'name="answer" type="radio" value="([^"]+)"', question).group(1)

    def page():
        assert client.get("/s/profile/q/1").status_code == 200

    def blank_page():  # a question not yet answered, as every page of a first visit is
        assert client.get("/s/profile/q/2").status_code == 200

    def post():
        assert client.post("/s/profile/q/1", data={"csrf_token": csrf, "answer": option}).status_code == 302

    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'ceiling.db'}"
    from bench.ceiling import create_ceiling_app, create_table

    create_table(os.environ["DATABASE_URL"])
    bare = create_ceiling_app().test_client()

    def insert():
        assert bare.post("/insert").status_code == 201

    for action in (page, blank_page, post, insert):
        cpu_ms(action, 30)  # warm: templates compiled, statements cached
    timed = {name: cpu_ms(action, requests) for name, action in
             (("question page (GET)", page), ("unanswered question (GET)", blank_page),
              ("answer (POST)", post), ("bare insert (POST)", insert))}
    print(f"CPU a request, in-process, {requests} each; load average "
          f"{' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    for name, ms in timed.items():
        print(f"  {name:<27}{ms:7.2f} ms   ({ms / timed['bare insert (POST)']:.1f}x the bare insert)")
    page_shares, post_shares = shares(page, requests // 3), shares(post, requests // 3)
    print("\nShare of the profiled time (each function's own time, by part of the stack)")
    print(f"  {'part':<54}{'GET':>7}{'POST':>7}")
    for name in sorted(page_shares, key=page_shares.get, reverse=True):
        print(f"  {name:<54}{page_shares[name]:>7.0%}{post_shares.get(name, 0):>7.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
