"""Benchmark: the findings pages of an inspection of 10,000 responses, right after a new answer and
when nothing changed, beside `analysis.summarise` called directly on the same frame.

    .venv/bin/python bench/workspace_findings.py [--responses 10000] [--requests 7] [--fresh 3]

Builds a scratch SQLite database (and, when PostgreSQL answers on 127.0.0.1:5432, a scratch
database of its own there, dropped afterwards) holding one inspection whose responses answer every
question of their survey as the demo's do (both free-text questions of a survey about nine times in
ten: about 19,000 free-text answers, each with its stored reading), signs in as an inspector
through the test client and prints server times (routing, access checks, the data version, the
cached frame and summaries, the template):

* the themed findings page and the page filtered to one group, unchanged (median of --requests);
* the same right after a new answer was sent (median of --fresh, a new answer before each);
* the answers page with a search and the aims page, when the app has them (their endpoints are
  looked up in the URL map at run time);
* beside them: building the answers frame, and `analysis.summarise` on that frame.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pyotp  # noqa: E402
from sqlalchemy import bindparam, insert, select, text, update  # noqa: E402
from workspace_dashboard import add_inspection, drop_postgres, postgres_url, sign_in  # noqa: E402

from analysis import summarise  # noqa: E402
from participation import create_app  # noqa: E402
from participation.analysis_store import read_text, store_reading  # noqa: E402
from participation.config import TestConfig  # noqa: E402
from participation.demo import SURVEY_SHARE, _demo_answers  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.models import (  # noqa: E402
    AnalysisResult,
    Answer,
    Response,
    Role,
    Survey,
)
from participation.workspace.frames import answers_frame  # noqa: E402
from participation.workspace.users.accounts import add_enrolled_user  # noqa: E402

PG_DATABASE = "workspace_findings_bench"
PASSWORD = "benchmark password, long enough"
AGENCIES = ("social_work", "health", "education", "police", "third_sector", "other")
LANGUAGES = ("en",) * 18 + ("pl", "uk")
FREE_TEXT_SHARE = 0.9
SEARCH = "worker"


def _reading(cache: dict, text_: str, group: str, question: str, language: str) -> dict:
    """Return the stored reading of a text, analysing each distinct one once (the demo's texts repeat)."""
    key = (text_, group, question, language)
    if key not in cache:
        cache[key] = read_text(text_, group, question, language)
    return cache[key]


def load(responses: int, seed: int) -> tuple[int, str, str]:
    """Add an inspection of `responses` sent responses with their answers and readings."""
    from flask import current_app

    rng = random.Random(seed)
    definitions = current_app.extensions["survey_definitions"]
    inspection, surveys = add_inspection("bench-findings")
    day = dt.date.today() - dt.timedelta(days=7)
    response_rows, answer_rows, result_rows = [], [], []
    readings: dict = {}
    next_answer = (db.session.scalar(select(db.func.max(Answer.id))) or 0) + 1
    next_response = (db.session.scalar(select(db.func.max(Response.id))) or 0) + 1
    for number in range(responses):
        key = rng.choices(list(SURVEY_SHARE), weights=list(SURVEY_SHARE.values()))[0]
        definition = definitions[key]
        band = rng.choice(definition.bands)
        language = rng.choice(LANGUAGES)
        response_id = next_response + number
        response_rows.append({
            "id": response_id, "survey_id": surveys[key], "definition_version": definition.version,
            "respondent_group": key, "age_band": band if key == "children" else None,
            "agency": rng.choice(AGENCIES) if key == "staff" else None, "language": language,
            "assisted": key != "staff" and rng.random() < 0.06, "status": "submitted",
            "started_on": day, "submitted_on": day, "submit_key": f"bench-findings-{number}",
        })
        for question, status, keys, written in _demo_answers(definition, band, rng):
            if question.type == "free_text" and rng.random() < FREE_TEXT_SHARE and not written:
                # The demo skips a third of free text; the benchmark wants most of it answered.
                written = rng.choice(["my worker listens to me", "meetings are too long",
                                      "nobody told me what was happening", "things are better now"])
                status = "answered"
            answer_id = next_answer
            next_answer += 1
            answer_rows.append({"id": answer_id, "response_id": response_id, "question_key": question.key,
                                "status": str(status), "option_keys": keys, "text": written})
            if written:
                wording = question.wordings[next(iter(question.wordings))].text
                reading = _reading(readings, written, key, wording, language)
                result_rows.append({"answer_id": answer_id, "version": "bench", **reading})
    db.session.execute(insert(Response), response_rows)
    for start in range(0, len(answer_rows), 20_000):
        db.session.execute(insert(Answer), answer_rows[start:start + 20_000])
    db.session.execute(insert(AnalysisResult), result_rows)
    db.session.flush()
    current = db.session.execute(
        select(AnalysisResult.answer_id, AnalysisResult.id).where(AnalysisResult.version == "bench")).all()
    db.session.connection().execute(
        update(Answer.__table__).where(Answer.__table__.c.id == bindparam("aid"))
        .values(current_result_id=bindparam("rid")),
        [{"aid": answer, "rid": result} for answer, result in current],
    )
    if db.engine.dialect.name == "postgresql":  # ids were given: move the sequences past them
        for table in ("response", "answer"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT max(id) FROM {table}))"))
    secret = pyotp.random_base32()
    add_enrolled_user("inspector@findings.bench.example.org", "Bench", PASSWORD, Role.INSPECTOR,
                      inspection.id, totp_secret=secret)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Autovacuum would gather the planner's statistics within a minute of a bulk load; a
        # real inspection's answers arrive over weeks. Without them PostgreSQL guesses a few
        # rows per table and picks plans that go through every response.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    print(f"  loaded {responses:,} responses, {len(answer_rows):,} answers, "
          f"{len(result_rows):,} free-text answers", file=sys.stderr)
    return inspection.id, "inspector@findings.bench.example.org", secret


def send_one_answer(inspection_id: int, rng: random.Random) -> None:
    """Send one new response with a free-text answer, as a child would (its reading stored)."""
    from flask import current_app

    definition = current_app.extensions["survey_definitions"]["children"]
    survey = db.session.scalar(select(Survey).where(Survey.inspection_id == inspection_id,
                                                    Survey.definition_key == "children"))
    response = Response(survey_id=survey.id, definition_version=definition.version,
                        respondent_group="children", age_band="8-11", language="en", status="submitted",
                        started_on=dt.date.today(), submitted_on=dt.date.today(),
                        submit_key=f"bench-new-{rng.random()}")
    db.session.add(response)
    db.session.flush()
    question = next(q for q in definition.questions if q.type == "free_text")
    answer = Answer(response_id=response.id, question_key=question.key, status="answered",
                    text="my worker helps me a lot now")
    db.session.add(answer)
    db.session.flush()
    store_reading(answer, read_text(answer.text, "children", question.wordings["8-11"].text, "en"))
    db.session.commit()


def median_ms(action, repeats: int, before=None) -> tuple[float, float]:
    """Return the median wall-clock and CPU time of `action` in ms (after one warm-up when
    `before` is None; else `before` runs, untimed, before each). CPU time is this process's: on a
    shared machine it is the figure to compare (PostgreSQL's own work is not in it)."""
    if before is None:
        action()
    walls, cpus = [], []
    for _ in range(repeats):
        if before is not None:
            before()
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def measure(url: str, responses: int, repeats: int, fresh: int, seed: int) -> dict:
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    app = create_app(config)
    workspace = app.extensions["workspace_app"]
    rng = random.Random(seed + 1)
    with app.app_context():
        db.drop_all()
        db.create_all()
        inspection, email, secret = load(responses, seed)
        client = app.test_client()
        sign_in(client, email, secret)
        base = f"/workspace/inspections/{inspection}"
        endpoints = {rule.endpoint: rule for rule in workspace.url_map.iter_rules()}

        def page(path: str):
            def get() -> None:
                answer = client.get(path)
                if answer.status_code != 200:
                    raise SystemExit(f"{path} answered {answer.status_code}")
            return get

        findings = page(f"{base}/findings")
        filtered = page(f"{base}/findings?group=language:pl")
        new_answer = lambda: send_one_answer(inspection, rng)  # noqa: E731
        definitions = app.extensions["survey_definitions"]
        figures: dict[str, tuple[float, float] | None] = {
            "findings, unchanged": median_ms(findings, repeats),
            "findings, new answer": median_ms(findings, fresh, before=new_answer),
            "filtered, unchanged": median_ms(filtered, repeats),
            "filtered, new answer": median_ms(filtered, fresh, before=new_answer),
            "answers frame": median_ms(lambda: answers_frame(inspection, definitions), fresh),
        }
        frame = answers_frame(inspection, definitions)
        figures["summarise"] = median_ms(lambda: summarise(frame, by=("survey",)), fresh)
        figures["answers search, unchanged"] = figures["answers search, new answer"] = None
        if "answers.index" in endpoints:
            search = page(f"{base}/answers?q={SEARCH}")
            figures["answers search, unchanged"] = median_ms(search, repeats)
            figures["answers search, new answer"] = median_ms(search, fresh, before=new_answer)
        # The aims view, wherever its blueprint lives (questions.aims when this was written).
        aims = next((rule for name, rule in endpoints.items() if "aims" in name.split(".")
                     and rule.arguments == {"inspection_id"} and "GET" in rule.methods), None)
        figures["aims, unchanged"] = figures["aims, new answer"] = None
        if aims is not None:
            adapter = workspace.url_map.bind("localhost")
            view = page("/workspace" + adapter.build(aims.endpoint, {"inspection_id": inspection}))
            figures["aims, unchanged"] = median_ms(view, repeats)
            figures["aims, new answer"] = median_ms(view, fresh, before=new_answer)
        db.session.remove()
        db.drop_all()
    return figures


ROWS = (
    ("findings page", "findings"),
    ("findings filtered to a group", "filtered"),
    ("answers page, search", "answers search"),
    ("aims page", "aims"),
)


def main() -> int:
    logging.getLogger("participation.requests").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=7)
    parser.add_argument("--fresh", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    if min(args.responses, args.requests, args.fresh) < 1:
        print("--responses, --requests and --fresh must be at least 1", file=sys.stderr)
        return 2
    targets = {"SQLite": f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-findings-')) / 'bench.db'}"}
    pg = None if args.sqlite_only else postgres_url(PG_DATABASE)
    if pg:
        targets["PostgreSQL"] = pg
    print(f"Findings of one inspection of {args.responses:,} responses, signed in as an inspector: median "
          f"server time of {args.requests} requests when nothing changed, and of {args.fresh} each right "
          "after a new answer (targets: under 300 ms unchanged, under 1.5 s after a new answer)")
    try:
        for name, url in targets.items():
            figures = measure(url, args.responses, args.requests, args.fresh, args.seed)
            print(f"\n{name}")
            print(f"  {'(wall / CPU ms)':<32}{'unchanged':>18}{'new answer':>20}")
            for label, key in ROWS:
                unchanged, fresh = figures[f"{key}, unchanged"], figures[f"{key}, new answer"]
                if unchanged is None:
                    print(f"  {label:<32}{'not in this app':>38}")
                    continue
                print(f"  {label:<32}{unchanged[0]:>9.0f} / {unchanged[1]:>5.0f}"
                      f"{fresh[0]:>11.0f} / {fresh[1]:>5.0f}")
            for label, key in (("answers frame", "answers frame"), ("analysis.summarise", "summarise")):
                wall, cpu = figures[key]
                print(f"  {'beside them: ' + label:<32}{'':>18}{wall:>11.0f} / {cpu:>5.0f}")
    finally:
        if pg:
            drop_postgres(PG_DATABASE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
