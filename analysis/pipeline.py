"""Theme, score and flag answers: one answer at a time or a whole DataFrame."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

import pandas as pd

from analysis import safeguarding, themes
from analysis.language import looks_english
from analysis.sentiment import score_sentiment
from analysis.spelling import Speller, known_words
from analysis.text import tokens

THEME_COLUMNS: tuple[str, ...] = tuple("theme_" + t for t in themes.THEMES)
OUTPUT_COLUMNS: tuple[str, ...] = (
    *THEME_COLUMNS,
    "sentiment_polarity",
    "sentiment_label",
    "safeguarding_flag",
    "evidence",
)
RESPONDENTS = frozenset({"child", "parent", "staff"})
NOT_ENGLISH = "needs_human_read: not English"
FAILED = "needs_human_read: analysis failed"
# Below this many rows a process pool costs more than it saves.
PARALLEL_MIN_ROWS = 20_000
CHUNK_ROWS = 10_000

Columns = tuple[list[list[bool]], list[float], list[str], list[bool], list[str]]


@cache
def _speller() -> Speller:
    vocabulary = themes.model().matcher.vocabulary | safeguarding.model().matcher.vocabulary
    return Speller(vocabulary, known_words())


def warm_up() -> None:
    """Compile the lexicons now, so forked workers share them."""
    _speller()
    score_sentiment(["warm up"])


def _respondent(value: object) -> str:
    if isinstance(value, str):
        value = value.strip().lower()
        if value in RESPONDENTS:
            return value
    return "unknown"


def _analyse_text(text: str, respondent: str) -> tuple[list[bool], list[str], dict[str, Any]]:
    """Return theme bits, safeguarding evidence and the evidence dict for one answer."""
    toks = _speller().fix(tokens(text))
    found = themes.find_themes(toks)
    flags = safeguarding.find_disclosures(toks, respondent)
    evidence: dict[str, Any] = {}
    if flags and "wellbeing" not in found:
        # A possible disclosure is always about the person's wellbeing and safety.
        found["wellbeing"] = ["possible disclosure"]
    for theme in themes.THEMES:
        if theme in found:
            evidence[theme] = found[theme]
    if flags:
        evidence["safeguarding"] = flags
    return [t in found for t in themes.THEMES], flags, evidence


def analyse_chunk(
    texts: Sequence[str],
    respondents: Sequence[str] | None = None,
    questions: Sequence[str | None] | None = None,
) -> Columns:
    """Analyse a list of answers; return the output columns as lists."""
    n = len(texts)
    respondents = respondents if respondents is not None else ["unknown"] * n
    clean = [t if isinstance(t, str) else "" for t in texts]
    scores = score_sentiment(clean, questions)
    bits: list[list[bool]] = []
    polarity: list[float] = []
    labels: list[str] = []
    flagged: list[bool] = []
    evidence: list[str] = []
    dumps = json.dumps
    for text, respondent, (pol, label, cues) in zip(clean, respondents, scores, strict=True):
        if not text or text.isspace():
            bits.append([False] * len(themes.THEMES))
            polarity.append(0.0)
            labels.append("neutral")
            flagged.append(False)
            evidence.append("{}")
            continue
        theme_bits, flags, ev = _analyse_text(text, respondent)
        if cues:
            ev["sentiment"] = list(cues)
        bits.append(theme_bits)
        polarity.append(float(pol))
        labels.append(label)
        flagged.append(bool(flags))
        evidence.append(dumps(ev, ensure_ascii=False))
    return bits, polarity, labels, flagged, evidence


def _chunk_job(args: tuple[list[str], list[str], list[str | None] | None]) -> Columns:
    return analyse_chunk(*args)


def _pool_context() -> multiprocessing.context.BaseContext:
    # Fork shares the compiled lexicons with the workers for free; elsewhere fall back.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _workers(requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def theme_responses(
    frame: pd.DataFrame,
    *,
    text_column: str = "text",
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Theme, score and flag every answer of ``frame``; keep its index and order.

    ``frame`` needs ``text_column``; ``respondent`` (child, parent, staff) and ``question``
    are used when present. ``progress`` is called with the number of rows just finished.
    """
    if text_column not in frame.columns:
        raise KeyError(f"no {text_column!r} column")
    n = len(frame)
    texts = ["" if not isinstance(t, str) else t for t in frame[text_column].tolist()]
    if "respondent" in frame.columns:
        respondents = [_respondent(v) for v in frame["respondent"].tolist()]
    else:
        respondents = ["unknown"] * n
    questions: list[str | None] | None = None
    if "question" in frame.columns:
        questions = [q if isinstance(q, str) and q.strip() else None for q in frame["question"]]
    jobs = []
    for start in range(0, n, CHUNK_ROWS):
        stop = min(n, start + CHUNK_ROWS)
        jobs.append(
            (
                texts[start:stop],
                respondents[start:stop],
                None if questions is None else questions[start:stop],
            )
        )
    n_workers = _workers(workers)
    results: list[Columns] = []
    if n >= PARALLEL_MIN_ROWS and n_workers > 1:
        warm_up()
        with ProcessPoolExecutor(n_workers, mp_context=_pool_context()) as pool:
            for job, result in zip(jobs, pool.map(_chunk_job, jobs), strict=True):
                results.append(result)
                if progress:
                    progress(len(job[0]))
    else:
        for job in jobs:
            results.append(_chunk_job(job))
            if progress:
                progress(len(job[0]))
    return _assemble(results, frame.index)


def _assemble(results: list[Columns], index: pd.Index) -> pd.DataFrame:
    bits = [row for r in results for row in r[0]]
    data: dict[str, Any] = {}
    for i, column in enumerate(THEME_COLUMNS):
        data[column] = pd.array([row[i] for row in bits], dtype=bool) if bits else []
    data["sentiment_polarity"] = [p for r in results for p in r[1]]
    data["sentiment_label"] = [lab for r in results for lab in r[2]]
    data["safeguarding_flag"] = [f for r in results for f in r[3]]
    data["evidence"] = [e for r in results for e in r[4]]
    out = pd.DataFrame(data, index=index, columns=list(OUTPUT_COLUMNS))
    for column in (*THEME_COLUMNS, "safeguarding_flag"):
        out[column] = out[column].astype(bool)
    out["sentiment_polarity"] = out["sentiment_polarity"].astype(float)
    return out


def analyse_answer(
    text: str | None,
    respondent: str | None = None,
    question: str | None = None,
    language: str | None = "en",
) -> dict[str, Any]:
    """Analyse one saved answer for the web app; never raise.

    Answers not in English, and answers the analysis fails on, come back flagged so a person
    reads them: a disclosure must not be passed over because the lexicon cannot read it.
    """
    try:
        value = text if isinstance(text, str) else ""
        bits, polarity, labels, flagged, evidence = analyse_chunk(
            [value], [_respondent(respondent)], [question]
        )
        result: dict[str, Any] = {c: bits[0][i] for i, c in enumerate(THEME_COLUMNS)}
        result.update(
            sentiment_polarity=polarity[0],
            sentiment_label=labels[0],
            safeguarding_flag=flagged[0],
            evidence=evidence[0],
        )
        lang = (language or "en").strip().lower()
        english = lang in ("en", "") or lang.startswith("en-") or lang.startswith("en_")
        if value.strip() and (not english or not looks_english(value, tokens(value))):
            ev = json.loads(result["evidence"])
            ev.setdefault("safeguarding", []).insert(0, NOT_ENGLISH)
            result["safeguarding_flag"] = True
            result["evidence"] = json.dumps(ev, ensure_ascii=False)
        return result
    except Exception as exc:
        result = dict.fromkeys(THEME_COLUMNS, False)
        result.update(
            sentiment_polarity=0.0,
            sentiment_label="neutral",
            safeguarding_flag=True,
            evidence=json.dumps(
                {"safeguarding": [FAILED], "error": type(exc).__name__}, ensure_ascii=False
            ),
        )
        return result
