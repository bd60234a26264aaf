"""Benchmark: an inspection of 100,000 sent responses exported as CSV (streamed) and as XLSX (the
background job's build), each beside pandas `to_csv` of the same wide frame.

    .venv/bin/python bench/export_bench.py [--responses 100000] [--seed 2026]

Builds a scratch SQLite database (a temporary file) by bulk inserts: one inspection, its three
surveys (35% children, 25% parents, 40% staff), every response answering each question much as
the demo data does (a few skips and "I'd rather not say", free text for about two in three), and
one safeguarding entry for every twenty children's free-text answers. Each measurement then runs
in a fresh subprocess, so its peak memory (the process's maximum resident set size) is its own.
Target: each export under 30 seconds and under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from bench.workspace_dashboard import SHARE, add_inspection  # noqa: E402
from participation import create_app  # noqa: E402
from participation.config import TestConfig  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.models import Answer, ExportJob, Response  # noqa: E402
from participation.surveys import PREFER_NOT_TO_SAY  # noqa: E402

LANGUAGES = ("en",) * 18 + ("pl", "uk")
TEXTS = (
    "my worker listens to me and I trust her", "nobody told me what was happening",
    "Too many changes of social worker", "Workload is too high and caseloads keep growing",
    "I feel safe at my foster home", "We waited months for CAMHS and it got worse",
    "Senior leaders are not visible", "=1+1 is what my teacher wrote", "dunno",
)
BATCH = 2000


def workspace(database: Path):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
    app = create_app(config)
    return app.extensions["workspace_app"]


def _answers(definition, band: str, response_id: int, rng: random.Random):
    for question in definition.questions:
        roll = rng.random()
        row = {"response_id": response_id, "question_key": question.key, "option_keys": None, "text": None}
        if roll < 0.03:
            yield {**row, "status": "skipped"}
        elif roll < 0.06:
            yield {**row, "status": "prefer_not_to_say", "option_keys": [PREFER_NOT_TO_SAY]}
        elif question.type == "free_text":
            if rng.random() < 0.35:
                yield {**row, "status": "skipped"}
            else:
                yield {**row, "status": "answered", "text": rng.choice(TEXTS)}
        else:
            keys = [o.key for o in question.wording(band).options if o.key != PREFER_NOT_TO_SAY]
            if question.type == "multiple_choice":
                chosen = rng.sample(keys, k=rng.randint(1, min(3, len(keys))))
            else:
                chosen = [rng.choice(keys)]
            yield {**row, "status": "answered", "option_keys": chosen}


def load(database: Path, responses: int, seed: int) -> int:
    """Fill the database; return the inspection's number."""
    app = workspace(database)
    rng = random.Random(seed)
    with app.app_context():
        db.create_all()
        definitions = app.extensions["survey_definitions"]
        inspection, surveys = add_inspection("bench-export")
        db.session.commit()
        for start in range(0, responses, BATCH):
            people, answers = [], []
            for number in range(start + 1, min(start + BATCH, responses) + 1):
                key = rng.choices(list(SHARE), weights=list(SHARE.values()))[0]
                definition = definitions[key]
                band = rng.choice(definition.bands)
                people.append({
                    "id": number, "survey_id": surveys[key], "definition_version": definition.version,
                    "respondent_group": key, "age_band": band if key == "children" else None,
                    "agency": rng.choice(definition.agencies).key if definition.agencies else None,
                    "language": rng.choice(LANGUAGES), "assisted": key != "staff" and rng.random() < 0.06,
                    "status": "submitted", "submit_key": f"bench-{number}",
                })
                answers.extend(_answers(definition, band, number, rng))
            db.session.execute(insert(Response), people)
            db.session.execute(insert(Answer), answers)
            db.session.commit()
        db.session.execute(text(
            "INSERT INTO safeguarding_entry (inspection_id, survey_id, response_id, answer_id, question_key, "
            "respondent_group, language, reason, needs_translation, flagged_on) "
            "SELECT :inspection, :survey, a.response_id, a.id, a.question_key, 'children', 'en', "
            "'possible_disclosure', 0, date('now') FROM answer a JOIN response r ON r.id = a.response_id "
            "WHERE r.survey_id = :survey AND a.text IS NOT NULL AND a.id % 20 = 0"
        ), {"inspection": inspection.id, "survey": surveys["children"]})
        db.session.commit()
        return inspection.id


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def measure(database: Path, inspection_id: int, mode: str) -> dict:
    """Run one export in this (fresh) process; return its seconds, size and peak memory."""
    import pandas as pd

    from participation.workspace.exports.answers import answer_batches, plan_export, survey_of
    from participation.workspace.exports.jobs import build, file_of
    from participation.workspace.exports.writers import csv_chunks

    app = workspace(database)
    with app.app_context():
        app.config["EXPORT_FOLDER"] = tempfile.mkdtemp(prefix="bench-export-files-")
        definitions = app.extensions["survey_definitions"]
        plans = [plan_export(survey_of(inspection_id, key), definitions[key]) for key in SHARE]
        before = peak_mb()
        started, cpu = time.perf_counter(), time.process_time()
        if mode == "csv":
            size = 0
            with open(Path(app.config["EXPORT_FOLDER"]) / "answers.csv", "w", encoding="utf-8") as out:
                for plan in plans:  # one file per survey, as the page offers them
                    for chunk in csv_chunks(plan.columns, answer_batches(plan)):
                        out.write(chunk)
                        size += len(chunk)
            result = {"seconds": time.perf_counter() - started, "bytes": size}
        elif mode == "xlsx":
            user = db.session.execute(text(
                "INSERT INTO user_account (email, name, password_hash, must_change_password, is_admin, "
                "active, session_token, created_at) VALUES (:email, 'Bench', 'x', 0, 0, 1, 'x', "
                "datetime('now')) RETURNING id"), {"email": f"bench-{time.time_ns()}@example.org"},
            ).scalar_one()
            job = ExportJob(user_id=user, inspection_id=inspection_id, kind="answers", state="waiting")
            db.session.add(job)
            db.session.commit()
            build(job)
            size = file_of(job).stat().st_size
            result = {"seconds": time.perf_counter() - started, "bytes": size, "state": job.state}
        else:
            frames = []
            for plan in plans:
                rows = [row for batch in answer_batches(plan) for row in batch]
                frames.append(pd.DataFrame(rows, columns=plan.columns))
            built = time.perf_counter() - started
            started, cpu = time.perf_counter(), time.process_time()
            size = sum(len(frame.to_csv(index=False)) for frame in frames)
            result = {"seconds": time.perf_counter() - started, "bytes": size, "frame_seconds": built}
        result["cpu_seconds"] = time.process_time() - cpu
        result.update(rows=sum(plan.total for plan in plans), peak_mb=peak_mb(), start_mb=before,
                      answers=db.session.scalar(select(db.func.count()).select_from(Answer)))
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--measure", choices=("csv", "xlsx", "pandas"), help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--inspection", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.database, args.inspection, args.measure)))
        return 0
    if args.responses < 1:
        print("--responses must be at least 1", file=sys.stderr)
        return 2
    database = Path(tempfile.mkdtemp(prefix="bench-export-")) / "bench.db"
    started = time.perf_counter()
    inspection = load(database, args.responses, args.seed)
    print(f"Loaded {args.responses:,} sent responses into SQLite in {time.perf_counter() - started:.0f} s "
          f"({database})")
    print("Target: each export under 30 s and under 500 MB peak memory (maximum resident set size)")
    print(f"{'export':<34}{'seconds':>10}{'CPU s':>8}{'peak MB':>10}{'before export':>15}{'file MB':>10}")
    labels = {"csv": "CSV, streamed in batches", "xlsx": "XLSX, openpyxl write-only (job)",
              "pandas": "pandas to_csv of the same frame"}
    for mode in ("csv", "xlsx", "pandas"):
        run = subprocess.run(
            [sys.executable, __file__, "--measure", mode, "--database", str(database),
             "--inspection", str(inspection)], capture_output=True, text=True, check=False)
        if run.returncode != 0:
            print(run.stderr[-2000:], file=sys.stderr)
            return 1
        figures = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"{labels[mode]:<34}{figures['seconds']:>10.1f}{figures['cpu_seconds']:>8.1f}"
              f"{figures['peak_mb']:>10.0f}{figures['start_mb']:>15.0f}{figures['bytes'] / 1e6:>10.1f}")
        if mode == "pandas":
            print(f"  (building that frame from the same batches took {figures['frame_seconds']:.1f} s; "
                  f"{figures['rows']:,} rows from {figures['answers']:,} answers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
