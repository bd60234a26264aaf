"""Theme, score and flag answers: one answer at a time or a whole DataFrame."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from analysis import model, safeguarding, themes
from analysis.language import looks_english
from analysis.safeguarding import find_disclosures
from analysis.sentiment import score_sentiment, score_with_words
from analysis.spelling import Speller, known_words
from analysis.text import tokens
from analysis.themes import THEMES, find_themes

try:  # C types for the compiled build (analysis/accelerate.py); plain Python ignores them
    import cython
except ImportError:  # pragma: no cover - only where Cython is not installed
    from analysis import _shadow as cython

THEME_COLUMNS: tuple[str, ...] = tuple("theme_" + t for t in themes.THEMES)
OUTPUT_COLUMNS: tuple[str, ...] = (
    *THEME_COLUMNS,
    "sentiment_polarity",
    "sentiment_label",
    "safeguarding_flag",
    "evidence",
)
_THEME_BIT = {name: 1 << i for i, name in enumerate(themes.THEMES)}
RESPONDENTS = frozenset({"child", "parent", "staff"})
NOT_ENGLISH = "needs_human_read: not English"
FAILED = "needs_human_read: analysis failed"
# Below this many rows a process pool costs more than it saves.
PARALLEL_MIN_ROWS = 20_000
CHUNK_ROWS = 10_000

# Output columns of a chunk of answers, by name.
Columns = dict[str, Any]


@cache
def _speller() -> Speller:
    vocabulary = themes.model().matcher.vocabulary | safeguarding.model().matcher.vocabulary
    return Speller(vocabulary, known_words())


# Characters that need escaping in a JSON string; evidence words from the tokeniser never have them.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def encode_evidence(evidence: dict[str, list[str]], checked: bool = False) -> str:
    """Return ``evidence`` as JSON, the same text as ``json.dumps(..., ensure_ascii=False)``.

    ``checked`` says the caller knows no string needs escaping (lexicon words never do).
    """
    if not evidence:
        return "{}"
    if not checked and _NEEDS_ESCAPE.search(
        "".join(v for values in evidence.values() for v in values)
    ):
        return json.dumps(evidence, ensure_ascii=False)
    # A few times faster than json.dumps, which matters at a million answers: the pieces in
    # one list and one join at the end, so each key costs one new string, not four.
    parts: list = ['{"']
    for key, values in evidence.items():
        parts.append(key)
        parts.append('": ["')
        parts.append('", "'.join(values))
        parts.append('"], "')
    parts[-1] = '"]}'
    return "".join(parts)


# The model's tone cue for each hundredth from -1 to 1, as f"model: {value:+.2f}" writes it.
_TONE_CUES = np.array([f"model: {k / 100:+.2f}" for k in range(-100, 101)], dtype=object)


def tone_cues(values: np.ndarray) -> list[str]:
    """Return ``f"model: {value:+.2f}"`` for each value, from a table where that is exact.

    Formatting a float costs a decimal conversion; a million answers need a million of them.
    """
    hundredths = values * 100.0
    nearest = np.rint(hundredths)
    # Away from half-way (where hundredths' own rounding error could tip the digit), not a
    # negative value that rounds to "-0.00", and within the table: the table's string is the
    # formatted one. Anything else is formatted.
    exact = (
        (np.abs(np.abs(hundredths - nearest) - 0.5) > 1e-6)
        & (np.abs(nearest) <= 100)
        & ~((nearest == 0) & np.signbit(values))
    )
    cues = np.take(_TONE_CUES, np.where(exact, nearest + 100, 0).astype(np.intp)).tolist()
    for i in np.flatnonzero(~exact).tolist():
        cues[i] = f"model: {values[i]:+.2f}"
    return cues


def warm_up() -> None:
    """Compile the lexicons now, so forked workers share them."""
    _speller()
    score_sentiment(["warm up"])
    model.load()


def _respondent(value: object) -> str:
    if isinstance(value, str):
        value = value.strip().lower()
        if value in RESPONDENTS:
            return value
    return "unknown"


def answer_tokens(text: str) -> list[str]:
    """Return the tokens of an answer with misspellings of lexicon words put right."""
    toks = tokens(text)
    return _speller().fix(toks)


# Per word as written: (the word as the speller puts it right, what it keys in the theme
# matcher, what it keys in the disclosure matcher, its number in the learnt model's loop or
# -1). One lookup an answer's word, where the speller, the two matchers and the model would
# make four.
_WORDS: dict[str, tuple[str, tuple, tuple, int]] = {}
_WORDS_LIMIT = 200_000  # bounded, so a stream of typos cannot grow memory without limit
# The model whose word numbers _WORDS holds (None: every number is -1).
_NUMBERED_BY: model.Model | None = None


def _number_words_for(learnt: model.Model | None) -> None:
    """Make the word records number words for ``learnt``, forgetting any made for another."""
    global _NUMBERED_BY
    if learnt is not _NUMBERED_BY:
        _WORDS.clear()
        _VOCABULARY[0].clear()
        _NUMBERED_BY = learnt


def _word_of(written: str) -> tuple[str, tuple, tuple, int]:
    """Return the record of a word (see _WORDS)."""
    found = _WORDS.get(written)
    return _word(written) if found is None else found


# The sentiment scorer's records of the tokens it splits, each with the word's _WORDS record:
# the one lookup a token the scorer makes anyway gives both (analysis.sentiment.Vocabulary).
_VOCABULARY: tuple[dict, Callable[[str], tuple[str, tuple, tuple, int]]] = ({}, _word_of)


def _word(written: str) -> tuple[str, tuple, tuple, int]:
    """Look a word up for the first time (see _WORDS)."""
    if len(_WORDS) >= _WORDS_LIMIT:
        _WORDS.clear()
    [word] = _speller().fix([written])
    found = _WORDS[written] = (
        word,
        themes.model().matcher.candidates(word),
        safeguarding.model().matcher.candidates(word),
        -1 if _NUMBERED_BY is None else _NUMBERED_BY.word_number(word),
    )
    return found


# Its lists are indexed only below the length they were made with: no check needed.
@cython.boundscheck(False)
@cython.wraparound(False)
def _analyse_text(
    text: str, respondent: str, records: list | None, words: list | None = None
) -> tuple[dict[str, list[str]], list[str], dict[str, list[str]], list[str], list[int]]:
    """Return the themes found, safeguarding evidence, the evidence dict, the tokens and
    their numbers in the learnt model (see _WORDS).

    ``records`` are the answer's token records from the sentiment scorer, when it has them
    (see ``_VOCABULARY``); otherwise each word of ``words``, which is ``tokens(text)`` when the
    caller has it already, is looked up here.
    """
    known: dict = _WORDS
    entry: tuple
    n: cython.Py_ssize_t
    i: cython.Py_ssize_t
    kept: cython.Py_ssize_t = 0
    if records is not None:
        n = len(records)
    else:
        if words is None:
            words = tokens(text)
        n = len(words)
    # Filled in place: appending would grow each list several times an answer.
    toks: list = [None] * n
    theme_keys: list = [None] * n
    disclosure_keys: list = [None] * n
    numbers: list = [None] * n
    for i in range(n):
        if records is not None:
            entry = records[i][4]
            if entry is None:
                continue  # a clause mark, not a word
        else:
            written = words[i]
            entry = known.get(written)
            if entry is None:
                entry = _word(written)
        toks[kept] = entry[0]
        theme_keys[kept] = entry[1]
        disclosure_keys[kept] = entry[2]
        numbers[kept] = entry[3]
        kept += 1
    if kept < n:
        del toks[kept:]
        del theme_keys[kept:]
        del disclosure_keys[kept:]
        del numbers[kept:]
    present = set(toks)
    found = find_themes(toks, present, theme_keys)
    flags = find_disclosures(toks, respondent, present, disclosure_keys)
    if flags and "wellbeing" not in found:
        # A possible disclosure is always about the person's wellbeing and safety.
        found["wellbeing"] = ["possible disclosure"]
    # Themes in a fixed order, so the same answer always gives the same evidence text.
    evidence: dict[str, Any] = {t: found[t] for t in THEMES if t in found} if found else {}
    if flags:
        evidence["safeguarding"] = flags
    return found, flags, evidence, toks, numbers


def analyse_chunk(
    texts: Sequence[str],
    respondents: Sequence[str] | None = None,
    questions: Sequence[str | None] | None = None,
    *,
    use_model: bool = True,
) -> Columns:
    """Analyse a list of answers; return the output columns (numpy arrays or lists).

    The lexicons read every answer; then, unless ``use_model`` is false (as when the model
    itself is trained), the model learnt from the package's examples refines what they found.
    """
    n = len(texts)
    respondents = respondents if respondents is not None else ["unknown"] * n
    clean = [t if isinstance(t, str) else "" for t in texts]
    # Everything the chunk makes on the way (tokens, scores, evidence dicts) is freed when
    # _analyse_lists returns, before the collector runs again; freed inside the pause, it
    # would make the collector's next pass walk hundreds of thousands of live objects.
    with _gc_paused():
        masks, polarity, labels, flagged, evidence = _analyse_lists(
            clean, respondents, questions, use_model
        )
    # Arrays, not lists of Python objects: a fraction of the cost to send between processes.
    packed = np.array(masks, dtype=np.uint8)
    columns: Columns = {
        c: (packed & (1 << i)) != 0 for i, c in enumerate(THEME_COLUMNS)
    }
    columns["sentiment_polarity"] = np.array(polarity, dtype=float)
    columns["sentiment_label"] = labels
    columns["safeguarding_flag"] = np.array(flagged, dtype=bool)
    columns["evidence"] = evidence
    return columns


def _analyse_lists(
    clean: list[str],
    respondents: Sequence[str],
    questions: Sequence[str | None] | None,
    use_model: bool,
) -> tuple[list[int], list[float], list[str], list[bool], list[str]]:
    """Return theme bits, polarity, labels, flags and evidence for each answer."""
    refine = model.load() if use_model else None
    # Before any word is looked up: the word records number words for this model.
    _number_words_for(refine)
    # The sentiment scorer's split gives most answers' word tokens too; in the compiled build,
    # its records of them (in plain Python, where each step costs more than a dict lookup, its
    # pass over every token's record would cost more than the lookups it saves).
    with_records: cython.bint = cython.compiled
    scores = score_with_words(clean, questions, _VOCABULARY if with_records else None)
    masks: list[int] = []
    polarity: list[float] = []
    labels: list[str] = []
    flagged: list[bool] = []
    evidence: list[str] = []
    # Per answer that has text: (row, tokens, respondent, flags, evidence, whether the
    # tone was read against the question, whether no evidence needs escaping, whether it
    # asks a question, the tokens' numbers in the model).
    pending: list[tuple[int, list[str], str, list[str], dict, bool, bool, bool, list[int]]] = []
    bit: dict = _THEME_BIT
    for text, respondent, (pol, label, cues, words) in zip(
        clean, respondents, scores, strict=True
    ):
        if not text or text.isspace():
            masks.append(0)
            polarity.append(0.0)
            labels.append("neutral")
            flagged.append(False)
            evidence.append("{}")
            continue
        if with_records:
            found, flags, ev, toks, numbers = _analyse_text(text, respondent, words)
        else:
            found, flags, ev, toks, numbers = _analyse_text(text, respondent, None, words)
        # Words from the tokeniser never need escaping; only the sentiment cues might.
        checked = True
        from_question = False
        if cues:
            ev["sentiment"] = cues = list(cues)
            joined = "".join(cues)
            # Printable, without quote or backslash: nothing to escape, no pattern needed.
            checked = (
                joined.isprintable() and '"' not in joined and "\\" not in joined
            ) or not _NEEDS_ESCAPE.search(joined)
            from_question = "question-context:" in joined
        mask = 0
        for name in found:
            mask |= bit[name]
        masks.append(mask)
        polarity.append(float(pol))
        labels.append(label)
        flagged.append(bool(flags))
        if refine is None:
            evidence.append(encode_evidence(ev, checked))
        else:
            evidence.append("")
            pending.append(
                (
                    len(masks) - 1, toks, respondent, flags, ev, from_question, checked,
                    "?" in text, numbers,
                )
            )
    if refine is not None and pending:
        _refine(refine, pending, masks, polarity, labels, flagged, evidence)
    return masks, polarity, labels, flagged, evidence


def _refine(
    learnt: model.Model,
    pending: list[tuple[int, list[str], str, list[str], dict, bool, bool, bool, list[int]]],
    masks: list[int],
    polarity: list[float],
    labels: list[str],
    flagged: list[bool],
    evidence: list[str],
) -> None:
    """Let the learnt model settle themes and tone, and raise flags the lexicons missed."""
    rows = [item[0] for item in pending]
    lexicon_polarity = [polarity[row] for row in rows]
    probabilities = learnt.chunk_probabilities(
        [item[1] for item in pending],
        [item[2] for item in pending],
        [masks[row] for row in rows],
        [labels[row] for row in rows],
        lexicon_polarity,
        [bool(item[3]) for item in pending],
        [item[7] for item in pending],
        # Numbered for this model: _analyse_lists called _number_words_for(learnt) first.
        [item[8] for item in pending],
    )
    blended = model.blended_polarity(probabilities, np.asarray(lexicon_polarity), learnt.blend)
    band = learnt.neutral_band
    # Decisions for the whole chunk at once; plain Python values from here on, because
    # indexing numpy arrays one value at a time is slow.
    n_themes = len(themes.THEMES)
    cuts = np.asarray([learnt.thresholds[name] for name in themes.THEMES])
    bits = np.asarray([_THEME_BIT[name] for name in themes.THEMES])
    model_masks = ((probabilities[:, :n_themes] >= cuts) @ bits).tolist()
    # Tone as the label strings themselves, not copies of them: no new string an answer.
    tone = [_LABELS[code] for code in np.where(blended > band, 2, np.where(blended < -band, 0, 1)).tolist()]
    cues_of_tone = tone_cues(blended)
    safeguarding_p = probabilities[:, model.TARGETS.index("safeguarding")].tolist()
    safeguarding_cut = learnt.thresholds["safeguarding"]
    wellbeing = _THEME_BIT["wellbeing"]
    for i, ((row, _, _, flags, ev, from_question, checked, _, _), mask, value, label) in (
        enumerate(zip(pending, model_masks, blended.tolist(), tone, strict=True))
    ):
        # The evidence holds exactly the lexicon's themes; change only where the model differs.
        reorder = False
        changed = mask ^ masks[row]
        if changed:
            for t, name in enumerate(themes.THEMES):
                if changed & _THEME_BIT[name]:
                    if mask & _THEME_BIT[name]:
                        ev[name] = [f"model: {probabilities[i, t]:.2f}"]
                        reorder = True
                    else:
                        del ev[name]
        # The examples carry no question, so where the lexicon read the answer against its
        # question ("Nothing" after "What should change?") its reading stands.
        if not from_question:
            polarity[row] = value
            labels[row] = label
            if "sentiment" in ev:
                ev["sentiment"].append(cues_of_tone[i])
            else:
                ev["sentiment"] = [cues_of_tone[i]]
        if not flags and safeguarding_p[i] >= safeguarding_cut:
            # Recall first: the model may raise a flag the lexicon missed, never lower one.
            flagged[row] = True
            ev["safeguarding"] = [f"model: possible disclosure {safeguarding_p[i]:.2f}"]
            reorder = True
        if flagged[row] and not mask & wellbeing:
            # A possible disclosure is always about the person's wellbeing and safety.
            mask |= wellbeing
            ev["wellbeing"] = ["possible disclosure"]
            reorder = True
        masks[row] = mask
        if reorder:
            # Themes first in their fixed order, then the flag, then the tone.
            ordered = {t: ev[t] for t in themes.THEMES if t in ev}
            for key in ("safeguarding", "sentiment"):
                if key in ev:
                    ordered[key] = ev[key]
            ev = ordered
        # Model cues are plain ASCII, so only the lexicon's cues decide whether to escape.
        evidence[row] = encode_evidence(ev, checked)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: nothing here makes cycles, and with a million
    answers in memory each full collection would walk them all, again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Inputs of the frame being analysed, set just before the pool forks so that workers read
# them from inherited memory instead of having every answer pickled across to them.
_SHARED: tuple[np.ndarray, np.ndarray | None, np.ndarray | None] | None = None


def _chunk_bounds(n: int, workers: int) -> list[tuple[int, int]]:
    """Split n rows into chunks of CHUNK_ROWS, the last few a quarter of that, so that the
    workers finish at nearly the same time instead of one waiting on the other's last chunk."""
    small = max(1, CHUNK_ROWS // 4)
    tail = min(n, 2 * workers * CHUNK_ROWS) if workers > 1 else 0
    bounds = [(start, min(n - tail, start + CHUNK_ROWS)) for start in range(0, n - tail, CHUNK_ROWS)]
    bounds += [(start, min(n, start + small)) for start in range(n - tail, n, small)]
    return bounds


def _range_job(bounds: tuple[int, int]) -> Columns:
    start, stop = bounds
    assert _SHARED is not None
    texts, respondent_values, question_values = _SHARED
    respondents = ["unknown"] * (stop - start)
    if respondent_values is not None:
        # Few distinct values: normalise each once, not once a row.
        normal: dict = {}
        for i, value in enumerate(respondent_values[start:stop].tolist()):
            found = normal.get(value)
            if found is None:
                found = normal[value] = _respondent(value)
            respondents[i] = found
    questions = None
    if question_values is not None:
        asked: dict = {}
        questions = []
        for question in question_values[start:stop].tolist():
            if question not in asked:
                asked[question] = question if isinstance(question, str) and question.strip() else None
            questions.append(asked[question])
    columns = analyse_chunk(texts[start:stop].tolist(), respondents, questions)
    # Labels travel back as small integer codes and the evidence as one string: pickling ten
    # thousand small objects costs far more than one array and one long string. JSON never
    # holds a raw NUL (it is escaped), so NUL can separate the answers.
    columns["sentiment_label"] = np.array(
        [_LABEL_CODES[label] for label in columns["sentiment_label"]], dtype=np.int8
    )
    columns["evidence"] = "\x00".join(columns["evidence"])
    return columns


_LABELS = ("negative", "neutral", "positive")
_LABEL_CODES = {label: i for i, label in enumerate(_LABELS)}
_LABEL_OBJECTS = np.array(_LABELS, dtype=object)


def _output_arrays(rows: int) -> dict[str, np.ndarray]:
    """Return empty output columns for ``rows`` answers; labels as codes (see _range_job)."""
    out = {column: np.zeros(rows, dtype=bool) for column in (*THEME_COLUMNS, "safeguarding_flag")}
    out["sentiment_polarity"] = np.zeros(rows, dtype=float)
    out["sentiment_label"] = np.zeros(rows, dtype=np.int8)
    out["evidence"] = np.empty(rows, dtype=object)
    return out


def _store(out: dict[str, np.ndarray], start: int, stop: int, columns: Columns) -> None:
    """Put one chunk's packed columns (``_range_job``) in their rows of ``out``.

    The evidence goes in as soon as it is split, while its million strings are still in the
    processor's cache; gathering them all at the end would touch each again from memory.
    """
    for column, values in columns.items():
        if column == "evidence":
            out[column][start:stop] = values.split("\x00") if stop > start else []
        else:
            out[column][start:stop] = values


def _can_fork() -> bool:
    # Fork shares the compiled lexicons and the answers with the workers for free. Where it
    # is missing (Windows, macOS defaults aside) the frame is analysed in this process.
    return "fork" in multiprocessing.get_all_start_methods()


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
    # The columns as they are: each chunk cleans its own rows (_range_job), so the workers
    # share that work instead of waiting for this process to do it all first.
    texts = frame[text_column].to_numpy(dtype=object)
    respondents = frame["respondent"].to_numpy(dtype=object) if "respondent" in frame.columns else None
    questions = frame["question"].to_numpy(dtype=object) if "question" in frame.columns else None
    n_workers = _workers(workers)
    bounds = _chunk_bounds(n, n_workers)
    out = _output_arrays(n)
    global _SHARED
    _SHARED = (texts, respondents, questions)
    try:
        if n >= PARALLEL_MIN_ROWS and n_workers > 1 and _can_fork():
            warm_up()
            context = multiprocessing.get_context("fork")
            with _gc_paused(), ProcessPoolExecutor(n_workers, mp_context=context) as pool:
                for (start, stop), result in zip(bounds, pool.map(_range_job, bounds), strict=True):
                    _store(out, start, stop, result)
                    if progress:
                        progress(stop - start)
        else:
            for start, stop in bounds:
                _store(out, start, stop, _range_job((start, stop)))
                if progress:
                    progress(stop - start)
    finally:
        _SHARED = None
    return _assemble(out, frame.index)


def _assemble(out: dict[str, np.ndarray], index: pd.Index) -> pd.DataFrame:
    data: dict[str, Any] = dict(out)
    data["sentiment_label"] = np.take(_LABEL_OBJECTS, out["sentiment_label"])
    for column in ("sentiment_label", "evidence"):
        # Text columns stay object columns, as they always were; told so, pandas does not
        # look at their values (it would make them its string type).
        data[column] = pd.Series(data[column], index=index, dtype=object, copy=False)
    return pd.DataFrame(data, index=index, columns=list(OUTPUT_COLUMNS), copy=False)


def analyse_answer(
    text: object,
    respondent: object = None,
    question: object = None,
    language: object = "en",
) -> dict[str, Any]:
    """Analyse one saved answer for the web app; never raise.

    ``text``, ``respondent``, ``question`` and ``language`` are strings or None; anything else
    (a NaN from pandas) reads as missing. They are typed ``object`` because the compiled build
    checks an argument typed ``str`` before the function starts, and that would raise.
    Answers not in English, and answers the analysis fails on, come back flagged so a person
    reads them: a disclosure must not be passed over because the lexicon cannot read it.
    """
    try:
        value = text if isinstance(text, str) else ""
        question = question if isinstance(question, str) else None
        language = language if isinstance(language, str) else "en"
        columns = analyse_chunk([value], [_respondent(respondent)], [question])
        result: dict[str, Any] = {c: bool(columns[c][0]) for c in THEME_COLUMNS}
        result.update(
            sentiment_polarity=float(columns["sentiment_polarity"][0]),
            sentiment_label=columns["sentiment_label"][0],
            safeguarding_flag=bool(columns["safeguarding_flag"][0]),
            evidence=columns["evidence"][0],
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
