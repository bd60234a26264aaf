"""Benchmark: read 250,000 answers' current readings, and re-analyse stored answers.

    .venv/bin/python bench/readings.py [--answers 250000] [--reanalyse 5000] [--database-url URL]

Reading: `current_readings()` (answers joined to their current AnalysisResult and response) beside
the baseline of the layout before migration 0002, where the same columns sat on the answer row
(a copy of the table built for the run), read joined to the response. Re-analysis: `reanalyse()`
on --reanalyse stored answers (reading, appending and committing in batches) beside
`analysis.analyse_answer` alone on the same texts. SQLite in a temporary file by default;
--database-url takes a PostgreSQL URL (its tables are dropped and made again).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import (  # noqa: E402
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)

from participation import create_app  # noqa: E402
from participation.analysis_store import analysis_version, current_readings  # noqa: E402
from participation.config import TestConfig  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.models import AnalysisResult, Answer, Inspection, Response, Survey  # noqa: E402
from participation.reanalyse import reanalyse  # noqa: E402

TEXTS = [
    "My worker listens to me and I feel safer now", "Meetings are too long",
    "We waited months for CAMHS and it got worse", "Senior leaders are not visible",
    "Our social worker always listened to us and explained the plan", "nothing really",
]
PER_RESPONSE = 10


def fill(answers: int, seed: int = 2026) -> None:
    """Store `answers` free-text answers, each with one current reading."""
    rng = random.Random(seed)
    inspection = Inspection(partnership="Bench", name="Bench")
    db.session.add(inspection)
    db.session.flush()
    survey = Survey(inspection_id=inspection.id, definition_key="parents", token="bench")
    db.session.add(survey)
    db.session.flush()
    responses = answers // PER_RESPONSE
    db.session.execute(insert(Response), [
        {"id": n + 1, "survey_id": survey.id, "definition_version": 1, "respondent_group": "parents",
         "language": "en", "assisted": False, "status": "submitted", "submit_key": f"k{n}"}
        for n in range(responses)
    ])
    rows = [
        {"id": n + 1, "response_id": n // PER_RESPONSE + 1, "question_key": f"q{n % PER_RESPONSE}",
         "status": "answered", "text": rng.choice(TEXTS)}
        for n in range(responses * PER_RESPONSE)
    ]
    db.session.execute(insert(Answer), rows)
    db.session.execute(insert(AnalysisResult), [
        {"answer_id": row["id"], "version": "bench-old", "analysed": True,
         "theme_wellbeing": rng.random() < 0.3, "theme_relationships": rng.random() < 0.3,
         "theme_process": False, "theme_involvement": False, "theme_leadership": False,
         "sentiment_polarity": rng.uniform(-1, 1), "sentiment_label": "neutral",
         "safeguarding_flag": False, "evidence": "{}"}
        for row in rows
    ])
    db.session.execute(update(Answer).values(
        current_result_id=select(AnalysisResult.id).where(AnalysisResult.answer_id == Answer.id)
        .scalar_subquery()
    ))
    db.session.commit()


def one_table_layout() -> Table:
    """Copy answers with their current readings into one table, as stored before migration 0002."""
    skipped = ("id", "answer_id", "version", "made_on", "evidence")
    columns = [Column(c.name, c.type) for c in AnalysisResult.__table__.c if c.name not in skipped]
    table = Table(
        "bench_answer_before_0002", MetaData(),
        Column("id", Integer, primary_key=True), Column("response_id", Integer),
        Column("question_key", String(60)), Column("text", Text), *columns,
    )
    table.drop(db.engine, checkfirst=True)
    table.create(db.engine)
    names = [c.name for c in columns]
    db.session.execute(table.insert().from_select(
        ["id", "response_id", "question_key", "text", *names],
        select(Answer.id, Answer.response_id, Answer.question_key, Answer.text,
               *(AnalysisResult.__table__.c[name] for name in names))
        .join(AnalysisResult, AnalysisResult.id == Answer.current_result_id),
    ))
    db.session.commit()
    return table


def timed(run) -> tuple[float, int]:
    start = time.perf_counter()
    count = run()
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=250_000)
    parser.add_argument("--reanalyse", type=int, default=5_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = args.database_url or (
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-readings-')) / 'bench.db'}"
    )
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        fill(args.answers)
        before = one_table_layout()
        baseline_query = select(before, Response.survey_id, Response.respondent_group, Response.age_band,
                                Response.agency, Response.language, Response.status).join(
            Response, Response.id == before.c.response_id)
        baseline, base_rows = timed(lambda: len(db.session.execute(baseline_query).all()))
        ours, our_rows = timed(lambda: len(db.session.execute(current_readings(1)).all()))
        print(f"{'':44}{'rows':>10}{'seconds':>10}")
        print(f"{'before 0002: columns on the answer row':44}{base_rows:>10}{baseline:>10.3f}")
        print(f"{'current_readings(inspection)':44}{our_rows:>10}{ours:>10.3f}")

        import analysis

        texts = list(db.session.scalars(select(Answer.text).order_by(Answer.id).limit(args.reanalyse)))
        alone, _ = timed(lambda: len([analysis.analyse_answer(t, "parent", "q", "en") for t in texts]))
        # Only the first --reanalyse answers are out of date: the rest are made current.
        db.session.execute(
            update(AnalysisResult).where(AnalysisResult.answer_id > args.reanalyse)
            .values(version=analysis_version())
        )
        db.session.commit()
        stored, _ = timed(lambda: reanalyse().read)
        print(f"{'analyse_answer alone':44}{len(texts):>10}{alone:>10.3f}")
        print(f"{'reanalyse() (read, append, commit)':44}{len(texts):>10}{stored:>10.3f}")
        db.session.remove()
        before.drop(db.engine)
        db.drop_all()


if __name__ == "__main__":
    main()
