"""Benchmark: read 250,000 answers' current readings, and re-analyse stored answers.

    .venv/bin/python bench/readings.py [--answers 250000] [--reanalyse 5000] [--database-url URL]

Reading: `current_readings()` (answers joined to their current AnalysisResult and response) beside
the baseline of reading the same answers and responses with no join to their readings, as when
the analysis columns sat on the answer row. Re-analysis: `reanalyse()` on --reanalyse stored
answers (reading, appending and committing in batches) beside `analysis.analyse_answer` alone on
the same texts. SQLite in a temporary file by default; --database-url takes a PostgreSQL URL
(its tables are dropped and made again).
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

from sqlalchemy import insert, select, update  # noqa: E402

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
        {"id": row["id"], "answer_id": row["id"], "version": "bench-old", "analysed": True,
         "theme_wellbeing": rng.random() < 0.3, "theme_relationships": rng.random() < 0.3,
         "theme_process": False, "theme_involvement": False, "theme_leadership": False,
         "sentiment_polarity": rng.uniform(-1, 1), "sentiment_label": "neutral",
         "safeguarding_flag": False, "evidence": "{}"}
        for row in rows
    ])
    db.session.execute(update(Answer).values(current_result_id=Answer.id))
    db.session.commit()


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
        baseline_query = (
            select(Answer.id, Answer.response_id, Answer.question_key, Answer.text,
                   Response.survey_id, Response.respondent_group, Response.language)
            .join(Response, Response.id == Answer.response_id)
            .order_by(Answer.id)
        )
        baseline, base_rows = timed(lambda: len(db.session.execute(baseline_query).all()))
        ours, our_rows = timed(lambda: len(db.session.execute(current_readings(1)).all()))
        print(f"{'':40}{'rows':>10}{'seconds':>10}")
        print(f"{'answers and responses, no readings':40}{base_rows:>10}{baseline:>10.3f}")
        print(f"{'current_readings(inspection)':40}{our_rows:>10}{ours:>10.3f}")

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
        print(f"{'analyse_answer alone':40}{len(texts):>10}{alone:>10.3f}")
        print(f"{'reanalyse() (read, append, commit)':40}{len(texts):>10}{stored:>10.3f}")
        db.session.remove()
        db.drop_all()


if __name__ == "__main__":
    main()
