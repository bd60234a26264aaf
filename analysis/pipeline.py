"""Theme, score and flag answers: one answer at a time or a whole DataFrame."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis import model, safeguarding, themes
from analysis.harm_words import harm_cues
from analysis.language import looks_english
from analysis.patterns import Candidates, joined
from analysis.safeguarding import find_disclosures
from analysis.sentiment import score_sentiment
from analysis.spelling import Speller, known_words
from analysis.text import tokens
from analysis.theme_list import THEME_COLUMNS, THEMES
from analysis.themes import find_themes

OUTPUT_COLUMNS: tuple[str, ...] = (
    *THEME_COLUMNS,
    "sentiment_polarity",
    "sentiment_label",
    "safeguarding_flag",
    "evidence",
)
_THEME_BIT = {name: 1 << i for i, name in enumerate(THEMES)}
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


class Word(NamedTuple):
    """What the analysis needs of a word as written, looked up once."""

    spelt: str  # the word as the speller puts it right
    theme_keys: Candidates | None  # the theme patterns it is the key of
    disclosure_keys: Candidates | None  # the disclosure patterns it is the key of


_WORDS: dict[str, Word] = {}
_WORDS_LIMIT = 200_000  # bounded, so a stream of typos cannot grow memory without limit


def _word(written: str) -> Word:
    """Make the record of a word as written, met for the first time."""
    if len(_WORDS) >= _WORDS_LIMIT:
        _WORDS.clear()
    [spelt] = _speller().fix([written])
    found = _WORDS[written] = Word(
        spelt,
        themes.model().matcher.candidates(spelt),
        safeguarding.model().matcher.candidates(spelt),
    )
    return found


class LexiconReading(NamedTuple):
    """What the lexicons found in one answer."""

    themes: dict[str, list[str]]  # theme -> the words that triggered it
    flags: list[str]  # safeguarding evidence
    evidence: dict[str, list[str]]  # themes in their fixed order, then the flag
    tokens: tuple[str, ...]  # the answer's words, misspellings put right


def read_with_lexicons(text: str, respondent: str) -> LexiconReading:
    """Find the themes and possible disclosures of one answer with the lexicons."""
    written = tokens(text)
    try:
        records = list(map(_WORDS.__getitem__, written))
    except KeyError:  # a word met for the first time
        records = [_WORDS.get(w) or _word(w) for w in written]
    if not records:
        return LexiconReading({}, [], {}, ())
    # One transpose of the word records: the words, then each word's patterns in each lexicon.
    toks, theme_keys, disclosure_keys = zip(*records, strict=True)
    present = set(toks)
    line = joined(toks)  # what both lexicons' automata read
    found = find_themes(toks, present, theme_keys, line)
    flags = find_disclosures(toks, respondent, present, disclosure_keys, line)
    if flags and "wellbeing" not in found:
        # A possible disclosure is always about the person's wellbeing and safety.
        found["wellbeing"] = ["possible disclosure"]
    # Themes in a fixed order, so the same answer always gives the same evidence text.
    evidence: dict[str, list[str]] = (
        {t: found[t] for t in THEMES if t in found} if len(found) > 1 else dict(found)
    )
    if flags:
        evidence["safeguarding"] = flags
    return LexiconReading(found, flags, evidence, toks)


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
    with gc_paused():
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


# An answer the lexicons have read, waiting for the learnt model: its row, tokens, respondent,
# flags and evidence; whether the lexicon read its tone against the question, whether no
# evidence string needs escaping, and whether it asks a question. A plain tuple, one made per
# answer: a dataclass's __init__ costs several times as much.
_Pending = tuple[int, tuple[str, ...], str, list[str], dict[str, list[str]], bool, bool, bool]


def _analyse_lists(
    clean: list[str],
    respondents: Sequence[str],
    questions: Sequence[str | None] | None,
    use_model: bool,
) -> tuple[list[int], list[float], list[str], list[bool], list[str]]:
    """Return theme bits, polarity, labels, flags and evidence for each answer."""
    learnt = model.load() if use_model else None
    masks: list[int] = []
    polarity: list[float] = []
    labels: list[str] = []
    flagged: list[bool] = []
    evidence: list[str] = []
    pending: list[_Pending] = []
    scores = score_sentiment(clean, questions)
    for text, respondent, score in zip(clean, respondents, scores, strict=True):
        if not text or text.isspace():
            masks.append(0)
            polarity.append(0.0)
            labels.append("neutral")
            flagged.append(False)
            evidence.append("{}")
            continue
        reading = read_with_lexicons(text, respondent)
        ev = reading.evidence
        # Words from the tokeniser never need escaping; only the sentiment cues might.
        checked = True
        from_question = False
        if score.cues:
            ev["sentiment"] = cues = list(score.cues)
            joined = "".join(cues)
            checked = not _NEEDS_ESCAPE.search(joined)
            from_question = "question-context:" in joined
        masks.append(_theme_mask(reading.themes))
        polarity.append(float(score.polarity))
        labels.append(score.label)
        flagged.append(bool(reading.flags))
        if learnt is None:
            evidence.append(encode_evidence(ev, checked))
        else:
            evidence.append("")
            pending.append((
                len(masks) - 1, reading.tokens, respondent, reading.flags, ev,
                from_question, checked, model.asks_question(text),
            ))
    if learnt is not None and pending:
        _refine(learnt, pending, masks, polarity, labels, flagged, evidence)
    return masks, polarity, labels, flagged, evidence


def _theme_mask(found: Iterable[str]) -> int:
    """Return the themes as bits (bit i is ``THEMES[i]``)."""
    mask = 0
    for name in found:
        mask |= _THEME_BIT[name]
    return mask


# What is left of the polarity of a question or of an answer that weighs both sides: the
# direction stays, well inside the neutral band.
_WEIGHED = 0.1


def _refine(
    learnt: model.Model,
    pending: list[_Pending],
    masks: list[int],
    polarity: list[float],
    labels: list[str],
    flagged: list[bool],
    evidence: list[str],
) -> None:
    """Let the learnt model settle themes and tone, and raise flags the lexicons missed."""
    rows, token_lists, respondents, flag_lists, evidences, from_questions, checks, asks = zip(
        *pending, strict=True
    )
    lexicon_polarity = [polarity[row] for row in rows]
    probabilities = learnt.chunk_probabilities(
        token_lists,
        respondents,
        [masks[row] for row in rows],
        [labels[row] for row in rows],
        lexicon_polarity,
        [bool(flags) for flags in flag_lists],
        asks,
    )
    blended = model.blended_polarity(probabilities, np.asarray(lexicon_polarity), learnt.blend)
    tones = model.sentiment_labels(blended, learnt.neutral_band).tolist()
    cues_of_tone = tone_cues(blended)
    cuts = np.asarray([learnt.thresholds[name] for name in THEMES])
    model_masks = ((probabilities[:, : len(THEMES)] >= cuts) @ (1 << np.arange(len(THEMES)))).tolist()
    safeguarding_p = probabilities[:, model.TARGETS.index("safeguarding")].tolist()
    safeguarding_cut = learnt.thresholds["safeguarding"]
    wellbeing = _THEME_BIT["wellbeing"]
    for i, (row, flags, ev, from_question, checked, mask, value, tone) in enumerate(
        zip(rows, flag_lists, evidences, from_questions, checks, model_masks, blended.tolist(),
            tones, strict=True)
    ):
        # The evidence holds exactly the lexicon's themes; change only where the model differs.
        reorder = False
        changed = mask ^ masks[row]
        if changed:  # most answers: the model agrees with the lexicons
            for t, name in enumerate(THEMES):
                if changed & _THEME_BIT[name]:
                    if mask & _THEME_BIT[name]:
                        ev[name] = [f"model: {probabilities[i, t]:.2f}"]
                        reorder = True
                    else:
                        del ev[name]
        # The examples carry no question, so where the lexicon read the answer against its
        # question ("Nothing" after "What should change?") its reading stands.
        if not from_question:
            cues = ev.setdefault("sentiment", [])
            weighed = asks[i] or "hedged" in cues
            cues.append(cues_of_tone[i])
            if weighed and not flags and tone != "neutral":
                # A question, or an answer that weighs both sides ("it varies"), is neutral in
                # tone (LABELLING.md), however sharp its words: "Why does she see my kids
                # without telling me?"; the model, taught by words, reads them as complaints.
                value *= _WEIGHED
                tone = "neutral"
                cues.append("question: neutral" if asks[i] else "hedged: neutral")
            if flags and value > -learnt.neutral_band:
                # A disclosure the lexicon found reads as negative, however it is worded
                # ("he's kind and pays me to hold stuff"): every one in the examples does.
                value = -learnt.neutral_band - 0.01
                tone = "negative"
                ev["sentiment"].append("possible disclosure")
            polarity[row] = value
            labels[row] = str(tone)
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
            ev = {key: ev[key] for key in (*THEMES, "safeguarding", "sentiment") if key in ev}
        # Model cues are plain ASCII, so only the lexicon's cues decide whether to escape.
        evidence[row] = encode_evidence(ev, checked)


@contextmanager
def gc_paused() -> Iterator[None]:
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
            with gc_paused(), ProcessPoolExecutor(n_workers, mp_context=context) as pool:
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
    (a NaN from pandas) reads as missing, hence the ``object`` type.
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
            # Common words for harm in the answer's language make it a possible disclosure too.
            ev.setdefault("safeguarding", []).extend(harm_cues(value, lang.split("-")[0]))
            ev["safeguarding"].insert(0, NOT_ENGLISH)
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
