"""Stored analysis results: the analysis version, reading one answer, and each answer's current reading.

Results are append-only: a new reading of an answer is a new ``AnalysisResult`` row and the
answer's ``current_result_id`` moves to it, so what an earlier version said is never lost.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Select, exists, select

from analysis.theme_list import THEME_COLUMNS
from participation.extensions import db
from participation.models import (
    AnalysisResult,
    Answer,
    Response,
    SafeguardingEntry,
    Survey,
)
from participation.safeguarding import flag_reading

log = logging.getLogger(__name__)

# The evidence a failed analysis leaves, in the words `analysis` itself uses for one.
FAILED_EVIDENCE = json.dumps({"safeguarding": ["needs_human_read: analysis failed"]})
# Respondent groups as `analysis` names them.
RESPONDENT_OF_GROUP = {"children": "child", "parents": "parent", "staff": "staff"}


@cache
def analysis_version() -> str:
    """Return the digest of what makes a reading: the code's version and the lexicon and model files.

    Computed once a process. Without an ``analysis.__version__`` the package's own source files
    stand for the code's version, so any change to them makes stored readings out of date. If the
    package cannot be read, readings are stored as "unavailable" (out of date for any real
    version) rather than an answer being lost.
    """
    try:
        return _digest_of_analysis()
    except Exception:  # an answer must be saved even when the analysis package is broken
        log.exception("cannot work out the analysis version")
        return "unavailable"


def _digest_of_analysis() -> str:
    import analysis

    package = Path(analysis.__file__).resolve().parent
    digest = hashlib.sha256()
    code_version = getattr(analysis, "__version__", None)
    parts: list[tuple[str, bytes]] = []
    if code_version is not None:
        parts.append(("__version__", str(code_version).encode()))
    else:
        parts.extend((path.name, path.read_bytes()) for path in sorted(package.glob("*.py")))
    data_files = sorted(path for path in (package / "data").iterdir() if path.is_file())
    parts.extend((f"data/{path.name}", path.read_bytes()) for path in data_files)
    for name, content in parts:
        # Name and length first, so moving bytes from one file to the next changes the digest.
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def read_text(text: str, respondent_group: str, question: str | None, language: str) -> dict[str, Any]:
    """Return what `analysis` makes of one text, as the columns of an ``AnalysisResult``.

    Never raises: a failed analysis comes back flagged, with ``analysed`` False, so a person
    reads the answer instead of it being lost or passed over.
    """
    try:
        from analysis import analyse_answer

        result = analyse_answer(
            text,
            respondent=RESPONDENT_OF_GROUP.get(respondent_group),
            question=question,
            language=language,
        )
        evidence = result["evidence"]
        return {
            **{name: bool(result[name]) for name in THEME_COLUMNS},
            "analysed": True,
            "sentiment_polarity": float(result["sentiment_polarity"]),
            "sentiment_label": str(result["sentiment_label"]),
            "safeguarding_flag": bool(result["safeguarding_flag"]),
            "evidence": evidence if isinstance(evidence, str) else json.dumps(evidence),
        }
    except Exception:  # a failed analysis must never lose or hide an answer
        log.exception("analysis failed; the answer is flagged for a person to read")
        # Read as `analysis` reads an answer it fails on: no theme, neutral, flagged.
        return {
            **dict.fromkeys(THEME_COLUMNS, False),
            "analysed": False,
            "sentiment_polarity": 0.0,
            "sentiment_label": "neutral",
            "safeguarding_flag": True,
            "evidence": FAILED_EVIDENCE,
        }


def store_reading(
    answer: Answer, reading: dict[str, Any], version: str | None = None
) -> SafeguardingEntry | None:
    """Append a reading of the answer's text, make it current, and flag it if it says so.

    Return the safeguarding entry the reading raised, if it raised a new one. Not committed
    (nor flushed): the caller commits it with the answer. A flag raised earlier is never
    cleared here: its entry stays whatever the new reading says.
    """
    result = AnalysisResult(answer_id=answer.id, version=version or analysis_version(), **reading)
    db.session.add(result)
    answer.current_result = result
    return flag_reading(answer, result)


def current_readings(
    inspection_id: int | None = None, survey_id: int | None = None, *, with_evidence: bool = False
) -> Select:
    """Return a query of every answer that has a current reading, one row an answer, unordered.

    Rows carry the answer (``answer_id``, ``response_id``, ``question_key``, ``text``), its
    response (``survey_id``, ``respondent_group``, ``age_band``, ``agency``, ``language``,
    ``response_status``), the reading's columns and ``version`` (and ``evidence`` when asked:
    it is most of the bytes), and ``ever_flagged``: whether the answer has ever had a
    safeguarding entry, which no later reading clears. Joins on primary keys only, so 250,000
    answers are one pass; add ``.order_by(...)`` where order matters.
    """
    ever_flagged = exists().where(SafeguardingEntry.answer_id == Answer.id).label("ever_flagged")
    evidence = (AnalysisResult.evidence,) if with_evidence else ()
    query = (
        select(
            Answer.id.label("answer_id"),
            Answer.response_id,
            Answer.question_key,
            Answer.text,
            Response.survey_id,
            Response.respondent_group,
            Response.age_band,
            Response.agency,
            Response.language,
            Response.status.label("response_status"),
            AnalysisResult.version,
            AnalysisResult.analysed,
            *(getattr(AnalysisResult, name) for name in THEME_COLUMNS),
            AnalysisResult.sentiment_polarity,
            AnalysisResult.sentiment_label,
            AnalysisResult.safeguarding_flag,
            *evidence,
            ever_flagged,
        )
        .join(AnalysisResult, AnalysisResult.id == Answer.current_result_id)
        .join(Response, Response.id == Answer.response_id)
    )
    if survey_id is not None:
        query = query.where(Response.survey_id == survey_id)
    if inspection_id is not None:
        query = query.join(Survey, Survey.id == Response.survey_id).where(
            Survey.inspection_id == inspection_id
        )
    return query
