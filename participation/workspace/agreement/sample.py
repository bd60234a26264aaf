"""The inspection's random review sample, and the labels inspectors gave its answers.

Only labels given while reviewing the sample (``AnswerCorrection.from_review``) count here:
answers corrected while browsing were chosen by a person, so they would bias the figures.
Each sampled answer is compared with the analysis's own reading (``Answer.current_result``),
never with a correction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select

from analysis.theme_list import THEMES
from participation.analysis_store import RESPONDENT_OF_GROUP
from participation.extensions import db
from participation.models import AnalysisResult, Answer, AnswerCorrection, Response, ReviewSampleAnswer
from participation.workspace.answers.listing import free_text_answers

_random = random.SystemRandom()


@dataclass(frozen=True)
class SampledAnswer:
    """One answer of the sample, in the order drawn, and the latest review label if it has one."""

    position: int
    answer_id: int
    label: AnswerCorrection | None


def sample_size(inspection_id: int) -> int:
    """Return how many answers the inspection's sample holds."""
    return db.session.scalar(
        select(func.count())
        .select_from(ReviewSampleAnswer)
        .where(ReviewSampleAnswer.inspection_id == inspection_id)
    )


def draw(inspection_id: int, how_many: int) -> int:
    """Add up to `how_many` answers, drawn at random from those not yet in the sample; return how many.

    Candidates are the sent free-text answers that the analysis has read. Flushed, not committed.
    """
    already = select(ReviewSampleAnswer.answer_id).where(ReviewSampleAnswer.inspection_id == inspection_id)
    candidates = list(
        db.session.scalars(
            free_text_answers(inspection_id)
            .with_only_columns(Answer.id)
            .where(Answer.current_result_id.is_not(None), Answer.id.not_in(already))
            .order_by(Answer.id)
        )
    )
    chosen = _random.sample(candidates, min(how_many, len(candidates)))
    start = db.session.scalar(
        select(func.coalesce(func.max(ReviewSampleAnswer.position), 0)).where(
            ReviewSampleAnswer.inspection_id == inspection_id
        )
    )
    for offset, answer_id in enumerate(chosen, start=1):
        db.session.add(
            ReviewSampleAnswer(inspection_id=inspection_id, answer_id=answer_id, position=start + offset)
        )
    db.session.flush()
    return len(chosen)


def review_labels(inspection_id: int) -> dict[int, AnswerCorrection]:
    """Return the latest label given while reviewing, by answer id."""
    labels = db.session.scalars(
        select(AnswerCorrection)
        .where(AnswerCorrection.inspection_id == inspection_id, AnswerCorrection.from_review.is_(True))
        .order_by(AnswerCorrection.id)
    )
    return {label.answer_id: label for label in labels}


def sampled(inspection_id: int) -> list[SampledAnswer]:
    """Return the sample in the order drawn, each answer with its latest review label."""
    labels = review_labels(inspection_id)
    rows = db.session.execute(
        select(ReviewSampleAnswer.position, ReviewSampleAnswer.answer_id)
        .where(ReviewSampleAnswer.inspection_id == inspection_id)
        .order_by(ReviewSampleAnswer.position)
    )
    return [SampledAnswer(position, answer_id, labels.get(answer_id)) for position, answer_id in rows]


def reviewed(inspection_id: int) -> pd.DataFrame:
    """Return one row per reviewed answer of the sample: the analysis's reading beside the review label.

    Columns: ``answer_id``, ``respondent`` (child, parent, staff), ``age_band``, ``text``,
    ``analysis_<theme>``/``person_<theme>`` for every theme, ``analysis_sentiment``,
    ``person_sentiment``, ``analysis_safeguarding``, ``person_safeguarding`` (the frame
    `analysis.agreement.agreement` reads).
    """
    labels = review_labels(inspection_id)
    rows = db.session.execute(
        select(
            ReviewSampleAnswer.answer_id,
            Answer.text,
            Response.respondent_group,
            Response.age_band,
            AnalysisResult,
        )
        .join(Answer, Answer.id == ReviewSampleAnswer.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .outerjoin(AnalysisResult, AnalysisResult.id == Answer.current_result_id)
        .where(
            ReviewSampleAnswer.inspection_id == inspection_id, ReviewSampleAnswer.answer_id.in_(list(labels))
        )
        .order_by(ReviewSampleAnswer.position)
    ).all()
    records = []
    for answer_id, text, group, age_band, reading in rows:
        label = labels[answer_id]
        record = {
            "answer_id": answer_id,
            "respondent": RESPONDENT_OF_GROUP.get(group, group),
            "age_band": age_band or "",
            "text": text or "",
            "analysis_sentiment": reading.sentiment_label if reading else None,
            "person_sentiment": label.sentiment_label,
            "analysis_safeguarding": bool(reading and reading.safeguarding_flag),
            "person_safeguarding": label.safeguarding,
        }
        for theme in THEMES:
            record[f"analysis_{theme}"] = bool(reading and getattr(reading, f"theme_{theme}"))
            record[f"person_{theme}"] = theme in (label.themes or ())
        records.append(record)
    columns = [
        "answer_id",
        "respondent",
        "age_band",
        "text",
        "analysis_sentiment",
        "person_sentiment",
        "analysis_safeguarding",
        "person_safeguarding",
        *(f"{side}_{theme}" for side in ("analysis", "person") for theme in THEMES),
    ]
    return pd.DataFrame.from_records(records, columns=columns)
