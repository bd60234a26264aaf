"""Benchmark: the live responses page of an inspection of 10,000 responses, beside one plain SQL
GROUP BY of the same counts.

    .venv/bin/python bench/workspace_dashboard.py [--responses 10000] [--requests 15]

Builds a scratch SQLite database (and, when PostgreSQL answers on 127.0.0.1:5432, a scratch
database of its own there, dropped afterwards), signs in as an inspector through the test client,
and prints the median time of the dashboard request (server side: routing, access checks, the
query layer, suppression tables and the template) beside the median of the plain query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyotp  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

from participation import create_app  # noqa: E402
from participation.config import TestConfig  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.models import Inspection, Response, Role, SafeguardingEntry, Survey  # noqa: E402
from participation.workspace.dashboard.counts import inspection_counts  # noqa: E402
from participation.workspace.users.accounts import add_enrolled_user  # noqa: E402

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_DATABASE = "workspace_inspections_bench"
PASSWORD = "benchmark password, long enough"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SHARE = {"children": 0.35, "parents": 0.25, "staff": 0.40}
BANDS = ("5-7", "8-11", "12-17", None)
AGENCIES = ("social_work", "health", "education", "police", "third_sector", "other", None)
LANGUAGES = ("en",) * 18 + ("pl", "uk")

# The same counts as the page, in one statement: what a hand-written report would run.
PLAIN_GROUP_BY = text(
    "SELECT s.definition_key, r.status, r.age_band, r.agency, r.language, r.assisted, r.submitted_on, "
    "count(*) FROM response r JOIN survey s ON s.id = r.survey_id WHERE s.inspection_id = :inspection "
    "GROUP BY s.definition_key, r.status, r.age_band, r.agency, r.language, r.assisted, r.submitted_on"
)

# The queue's states in one statement: entries with and without a decision, by reason.
PLAIN_QUEUE_GROUP_BY = text(
    "SELECT e.reason, e.needs_translation, d.kind, count(*) FROM safeguarding_entry e "
    "LEFT JOIN safeguarding_decision d ON d.entry_id = e.id WHERE e.inspection_id = :inspection "
    "GROUP BY e.reason, e.needs_translation, d.kind"
)


def add_inspection(token_prefix: str) -> tuple[Inspection, dict[str, int]]:
    """Add the benchmark's inspection with its three surveys; return it and the surveys' ids by key."""
    inspection = Inspection(partnership="Benchmark Partnership", name="Benchmark inspection")
    db.session.add(inspection)
    db.session.flush()
    surveys = {}
    for key in SHARE:
        survey = Survey(inspection_id=inspection.id, definition_key=key, token=f"{token_prefix}-{key}")
        db.session.add(survey)
        db.session.flush()
        surveys[key] = survey.id
    return inspection, surveys


def load(responses: int, seed: int) -> tuple[int, str, str]:
    """Add an inspection of `responses` responses and an inspector; return its id and sign-in."""
    rng = random.Random(seed)
    inspection, surveys = add_inspection("bench")
    first_day = dt.date.today() - dt.timedelta(days=21)
    rows = []
    for number in range(responses):
        key = rng.choices(list(SHARE), weights=list(SHARE.values()))[0]
        sent = rng.random() > 0.08
        day = first_day + dt.timedelta(days=int(rng.triangular(0, 21, 4)))
        rows.append(
            {
                "survey_id": surveys[key],
                "definition_version": 1,
                "respondent_group": key,
                "age_band": rng.choice(BANDS) if key == "children" else None,
                "agency": rng.choice(AGENCIES) if key == "staff" else None,
                "language": rng.choice(LANGUAGES),
                "assisted": key != "staff" and rng.random() < 0.06,
                "status": "submitted" if sent else "in_progress",
                "started_on": day,
                "submitted_on": day if sent else None,
                "submit_key": f"bench-{number}",
            }
        )
    db.session.execute(insert(Response), rows)
    # About one response in twenty puts an entry in the safeguarding queue.
    entries = [
        {
            "inspection_id": inspection.id, "survey_id": surveys["children"],
            "question_key": "what_should_change", "respondent_group": "children",
            "age_band": rng.choice(BANDS), "language": "en", "reason": "possible_disclosure",
            "needs_translation": False, "text": "Someone at home hurts me",
            "flagged_on": first_day + dt.timedelta(days=rng.randint(0, 21)),
        }
        for _ in range(max(1, responses // 20))
    ]
    db.session.execute(insert(SafeguardingEntry), entries)
    secret = pyotp.random_base32()
    add_enrolled_user(
        "inspector@bench.example.org", "Bench", PASSWORD, Role.INSPECTOR, inspection.id, totp_secret=secret
    )
    db.session.commit()
    return inspection.id, "inspector@bench.example.org", secret


def sign_in(client, email: str, secret: str) -> None:
    page = client.get("/workspace/sign-in").get_data(as_text=True)
    client.post(
        "/workspace/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": CSRF.search(page).group(1)},
    )
    page = client.get("/workspace/two-factor").get_data(as_text=True)
    answer = client.post(
        "/workspace/two-factor",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": CSRF.search(page).group(1)},
    )
    if answer.status_code != 302:
        raise SystemExit("could not sign in as the benchmark's inspector")


def median_ms(action, repeats: int) -> float:
    action()  # warm: templates compiled, caches filled
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(url: str, responses: int, repeats: int, seed: int) -> dict[str, float]:
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        inspection, email, secret = load(responses, seed)
        client = app.test_client()
        sign_in(client, email, secret)
        path = f"/workspace/inspections/{inspection}/responses"

        def page() -> None:
            answer = client.get(path)
            if answer.status_code != 200:
                raise SystemExit(f"the dashboard answered {answer.status_code}")

        def plain() -> None:
            db.session.execute(PLAIN_GROUP_BY, {"inspection": inspection}).all()

        def queue() -> None:
            answer = client.get(f"/workspace/inspections/{inspection}/safeguarding/")
            if answer.status_code != 200:
                raise SystemExit(f"the safeguarding queue answered {answer.status_code}")

        def plain_queue() -> None:
            db.session.execute(PLAIN_QUEUE_GROUP_BY, {"inspection": inspection}).all()

        figures = {
            "dashboard page": median_ms(page, repeats),
            "its query layer": median_ms(lambda: inspection_counts(inspection), repeats),
            "plain GROUP BY": median_ms(plain, repeats),
            "queue page": median_ms(queue, repeats),
            "queue GROUP BY": median_ms(plain_queue, repeats),
        }
        db.session.remove()
        db.drop_all()
    return figures


def postgres_url(database: str = PG_DATABASE) -> str | None:
    """Make a benchmark's own PostgreSQL database; None when PostgreSQL does not answer."""
    try:
        engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {database}"))
            connection.execute(text(f"CREATE DATABASE {database}"))
        engine.dispose()
    except Exception as error:
        print(f"PostgreSQL not used: {type(error).__name__}", file=sys.stderr)
        return None
    return f"{PG_SERVER}/{database}"


def drop_postgres(database: str = PG_DATABASE) -> None:
    engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
    engine.dispose()


def main() -> int:
    logging.getLogger("participation.requests").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.responses < 1 or args.requests < 1:
        print("--responses and --requests must be at least 1", file=sys.stderr)
        return 2
    targets = {"SQLite": f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-workspace-')) / 'bench.db'}"}
    pg = postgres_url()
    if pg:
        targets["PostgreSQL"] = pg
    print(
        f"Live responses of one inspection of {args.responses:,} responses: median of {args.requests} "
        "requests, signed in as an inspector, and its safeguarding queue of one entry in twenty "
        "responses (target: each page under 300 ms)"
    )
    columns = ("dashboard page", "its query layer", "plain GROUP BY", "queue page", "queue GROUP BY")
    print(f"{'database':<12}" + "".join(f"{column:>18}" for column in columns))
    try:
        for name, url in targets.items():
            figures = measure(url, args.responses, args.requests, args.seed)
            print(f"{name:<12}" + "".join(f"{figures[column]:>15.1f} ms" for column in columns))
    finally:
        if pg:
            drop_postgres()
    return 0


if __name__ == "__main__":
    sys.exit(main())
