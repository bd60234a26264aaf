"""Themed, suppressed summaries of survey answers: ``summarise(answers) -> Summary``.

The answers frame
-----------------
One row per answer (long form), the shape the web app and an exported CSV both produce easily:

``response_id`` (required)
    Identifies the respondent; every figure counts respondents, never rows.
``question_key`` (required)
    The question's key. When a ``survey`` column is present a question is identified by
    (survey, question_key), so two surveys may reuse a key.
``question_type``
    ``scale``, ``single_choice``, ``multiple_choice``, ``yes_no_not_sure`` or ``free_text``.
    Missing: a question with any ``option_key`` is a choice question, else free text.
``themes``
    The question's themes, as a list or a ``;``/``,``-joined string (e.g. ``"wellbeing;process"``).
    May instead come from the ``questions`` frame.
``option_key``
    The chosen option. For multiple choice give one row per chosen option (a list in the cell
    is also accepted and exploded). ``prefer_not_to_say`` is "I'd rather not say".
``polarity``
    The chosen option's polarity from the survey definition: ``positive``, ``neutral``,
    ``negative``, ``does_not_apply`` or empty/None (as for "I'd rather not say"). Needed for
    choice questions.
``status``
    ``answered``, ``prefer_not_to_say`` or ``skipped``. Missing or empty: inferred
    (``prefer_not_to_say`` from the option key; no option and no text is ``skipped``).
``text``
    The free-text answer.
``question``
    Optional wording of the question, handed to ``theme_responses`` ("Nothing" means opposite
    things after "What is good?" and "What should change?").
``respondent``
    Optional child / parent / staff, handed to ``theme_responses``.
group columns
    Any columns named in ``by``, e.g. ``survey``, ``age_band``, ``agency``, ``language``. A
    respondent's group is taken from their first row; an empty value is grouped as
    "not recorded" (so the groups of a dimension always add up to the total).
analysis columns (optional)
    ``theme_wellbeing`` ... ``theme_leadership``, ``sentiment_polarity``, ``sentiment_label``,
    ``safeguarding_flag`` as returned by ``analysis.theme_responses``. If any is missing,
    ``summarise`` calls ``theme_responses`` on the free-text answers itself.

The ``questions`` frame (optional) has ``question_key`` (plus ``survey`` if the answers have
it) and any of ``themes``, ``question_type`` and ``question``/``text`` (the wording); it fills
what the answers frame leaves out.

What is counted
---------------
* Percentage positive of a choice question: the share of respondents whose answer has a
  positive option, out of respondents who answered it; skips, "I'd rather not say" and
  options whose polarity is ``does_not_apply`` are outside the base, and n is that base.
  For multiple choice a respondent counts as positive when any option they chose is positive.
* A free-text answer belongs to the themes ``theme_responses`` found in it; an answer with
  none found falls back to its question's themes. Theme ``all`` covers every answer.
* Every count and percentage goes through :mod:`analysis.suppression`: withheld below
  ``min_n`` respondents, with secondary suppression across each dimension's groups and
  their total. Key phrases used by fewer than ``min_n`` respondents are dropped; quotes are
  drawn only from sentiment cells that are published, never from a safeguarding-flagged
  answer, never from one that may name a person or holds contact details.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, pairwise
from typing import Any

import numpy as np
import pandas as pd

from . import phrases as text_tools

# The plural fold that phrases.key_phrases uses, so the counts made here for every cell at
# once give the same figures.
from .phrases import _fold as fold_phrase
from .suppression import DEFAULT_MIN_N, secondary_masks, withheld_label
from .theme_list import THEME_COLUMNS, THEMES

__all__ = ["ALL", "LABELS", "THEMES", "Summary", "summarise"]

ALL = "all"
LABELS = ("positive", "neutral", "negative")
UNTAGGED = "untagged"
NOT_RECORDED = "not recorded"
PREFER_NOT_TO_SAY = "prefer_not_to_say"
# Polarities left out of the base of percentage positive ("I am not a kinship carer").
EXCLUDED_POLARITIES = ("does_not_apply",)
FREE_TEXT = "free_text"
ANALYSIS_COLUMNS = (*THEME_COLUMNS, "sentiment_polarity", "sentiment_label", "safeguarding_flag")
_TRUE = frozenset({"1", "true", "yes", "y", "t"})
_MIN_QUOTE_WORDS = 3
_MAX_QUOTE_WORDS = 60
# Answers whose phrases and words are kept between summaries: more than the free-text answers
# of a large inspection (about 25,000), at about 2.7 KB each (80 MB at most).
_KEPT_TEXTS = 30_000


@dataclass(frozen=True)
class Summary:
    """A summary ready to render: every figure already computed and suppressed.

    Each table is long-form with ``dimension`` and ``group`` columns; the overall figure has
    dimension and group ``"all"``. A withheld figure is ``pd.NA`` with ``withheld`` True;
    render it as :attr:`withheld_text`.

    * ``respondents``: theme, dimension, group, respondents, withheld. Theme ``all`` counts
      everyone in the group; a theme counts respondents who answered any of its questions.
    * ``questions``: theme, survey, question_key, question, question_type, dimension, group,
      n, pct_positive, withheld (one row per theme of a question).
    * ``sentiment``: theme, dimension, group, label (positive/neutral/negative/total), answers,
      percent, withheld. ``answers`` counts free-text answers; suppression uses the
      respondents behind them.
    * ``phrases``: theme, dimension, group, rank, phrase, respondents, score.
    * ``quotes``: theme, dimension, group, sentiment, rank, text, typicality, source_index
      (the index label of the answer in the frame given to :func:`summarise`).
    """

    min_n: int
    by: tuple[str, ...]
    respondents: pd.DataFrame
    questions: pd.DataFrame
    sentiment: pd.DataFrame
    phrases: pd.DataFrame
    quotes: pd.DataFrame
    themes: tuple[str, ...] = field(default=())

    @property
    def withheld_text(self) -> str:
        """Return the text shown in place of a withheld figure."""
        return withheld_label(self.min_n)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables by name."""
        return {
            "respondents": self.respondents,
            "questions": self.questions,
            "sentiment": self.sentiment,
            "phrases": self.phrases,
            "quotes": self.quotes,
        }

    def to_dict(self) -> dict[str, Any]:
        """Return plain Python data (JSON-able): withheld figures are None."""
        return {
            "min_n": self.min_n,
            "withheld_label": self.withheld_text,
            "by": list(self.by),
            "themes": list(self.themes),
            **{name: _records(table) for name, table in self.tables().items()},
        }

    def to_json(self, **kwargs: Any) -> str:
        """Return :meth:`to_dict` as JSON (keyword arguments go to ``json.dumps``)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    def to_frame(self) -> pd.DataFrame:
        """Return every figure as one tidy table for a CSV export.

        Columns: table, theme, dimension, group, item, measure, value, withheld. A withheld
        value is the withheld label, so the file cannot be misread as a zero.
        """
        rows: list[dict[str, Any]] = []
        label = self.withheld_text

        def add(table: str, rec: dict[str, Any], item: object, measure: str, value: object,
                withheld: bool = False) -> None:
            rows.append({
                "table": table,
                "theme": rec.get("theme", ""),
                "dimension": rec["dimension"],
                "group": rec["group"],
                "item": "" if item is None else item,
                "measure": measure,
                "value": label if withheld else ("" if _missing(value) else value),
                "withheld": int(bool(withheld)),
            })

        for rec in _records(self.respondents):
            add("respondents", rec, "", "respondents", rec["respondents"], rec["withheld"])
        for rec in _records(self.questions):
            item = rec["question_key"] if not rec.get("survey") else (
                f"{rec['survey']}:{rec['question_key']}")
            add("questions", rec, item, "n", rec["n"], rec["withheld"])
            add("questions", rec, item, "pct_positive", rec["pct_positive"], rec["withheld"])
        for rec in _records(self.sentiment):
            add("sentiment", rec, rec["label"], "answers", rec["answers"], rec["withheld"])
            add("sentiment", rec, rec["label"], "percent", rec["percent"], rec["withheld"])
        for rec in _records(self.phrases):
            add("phrases", rec, rec["phrase"], "respondents", rec["respondents"])
        for rec in _records(self.quotes):
            add("quotes", rec, rec["sentiment"], f"quote {rec['rank']}", rec["text"])
        columns = ["table", "theme", "dimension", "group", "item", "measure", "value", "withheld"]
        return pd.DataFrame(rows, columns=columns)

    def to_text(self, *, title: str = "Summary") -> str:
        """Return a readable plain-text report, one section per theme."""
        return _render_text(self, title)


def summarise(
    answers: pd.DataFrame,
    *,
    questions: pd.DataFrame | None = None,
    by: Sequence[str] = ("survey",),
    min_n: int = DEFAULT_MIN_N,
    quotes: int = 2,
    phrases: int = 8,
) -> Summary:
    """Summarise answers per theme and per group, with small numbers withheld.

    ``answers`` is the long frame described in this module's docstring (one row per answer).
    ``by`` names the group columns to break figures down by, each on its own (e.g.
    ``("survey", "age_band", "agency", "language")``); columns missing from ``answers`` are an
    error, and an empty ``by`` gives the overall figures only. ``min_n`` is the suppression
    threshold; ``quotes`` and ``phrases`` cap the quotes per theme and tone and the key
    phrases per theme, in each group.

    Raise ``ValueError`` when the frame cannot be summarised (missing columns, bad values).
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    by = tuple(dict.fromkeys(by))
    frame = _prepare(answers, questions, by)
    groups = _respondent_groups(frame, by)
    dims = list(by)

    closed = frame.loc[~frame["_free"], ["qid", "_rid", "_answered", "polarity", "survey_key",
                                         "question_key", "question", "question_type", "themes"]]
    free = frame[frame["_free"] & frame["_answered"] & frame["_has_text"]]
    free = _with_analysis(free)
    free_themes = _free_text_themes(free)

    theme_order = _theme_order(frame, free_themes)
    respondents = _respondents_table(frame, free_themes, groups, dims, theme_order, min_n)
    question_table = _questions_table(closed, groups, dims, min_n)
    sentiment = _sentiment_table(free_themes, groups, dims, theme_order, min_n)
    phrase_table = _phrases_table(free_themes, groups, dims, sentiment, theme_order, min_n,
                                  phrases)
    quote_table = _quotes_table(free_themes, groups, dims, sentiment, theme_order, quotes)
    return Summary(
        min_n=min_n,
        by=by,
        respondents=respondents,
        questions=question_table,
        sentiment=sentiment,
        phrases=phrase_table,
        quotes=quote_table,
        themes=tuple(theme_order),
    )


# --- preparing the frame -------------------------------------------------------------------


def _split_themes(value: object) -> tuple[str, ...]:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [str(v) for v in value]
    elif _missing(value):
        return ()
    else:
        items = str(value).replace(",", ";").split(";")
    return tuple(dict.fromkeys(t.strip().lower() for t in items if t and t.strip()))


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _only_strings(column: pd.Series) -> bool:
    """Say whether every value present in a non-empty column is a ``str``."""
    if isinstance(column.dtype, pd.StringDtype):
        return True
    return column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) == "string"


def _text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """Return the column as text, missing values as ``""`` (an absent column is all ``""``)."""
    if name not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    column = frame[name]
    if not _only_strings(column):
        # Numbers, lists and mixed objects: str() of each value, as written.
        return column.map(lambda v: "" if _missing(v) else str(v))
    missing = column.isna()
    if missing.any() and column.dtype == object:
        # isna() also takes NaT for missing; _missing (the rule everywhere here) does not.
        missing[missing] = column[missing].map(_missing).astype(bool)
    return column.mask(missing, "").astype(str)


def _tidy_codes(
    column: pd.Series, *, lower: bool = False, blanks: tuple[str, ...] = ()
) -> tuple[np.ndarray, pd.Series]:
    """Return a code for each cell and the distinct values stripped (and lower-cased, and
    each of ``blanks`` made empty): the work is done once per distinct value."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    tidy = pd.Series(uniques, dtype=column.dtype).str.strip()
    if lower:
        tidy = tidy.str.lower()
    if blanks:
        tidy = tidy.replace(dict.fromkeys(blanks, ""))
    return codes, tidy


def _tidy(column: pd.Series, *, lower: bool = False, blanks: tuple[str, ...] = ()) -> pd.Series:
    """Return the column stripped (and lower-cased, and each of ``blanks`` made empty)."""
    codes, tidy = _tidy_codes(column, lower=lower, blanks=blanks)
    return tidy.take(codes).set_axis(column.index)


def _distinct(values: np.ndarray) -> np.ndarray:
    """Return the sorted distinct values (by counting small non-negative integers, else by
    sorting: np.unique hashes, slowly, when asked for the values alone)."""
    # Size, not length: a 2-D array of no columns has rows but no value to take a minimum of.
    if (values.size and values.dtype.kind in "iu" and values.min() >= 0
            and values.max() < 8 * len(values) + 1_000_000):
        return np.flatnonzero(np.bincount(values.ravel())).astype(values.dtype, copy=False)
    ordered = np.sort(values, axis=None)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))[:len(ordered)]]


def _theme_tuples(column: pd.Series) -> pd.Series:
    """Return :func:`_split_themes` of every cell, parsing each distinct string once."""
    if not _only_strings(column):
        return column.map(_split_themes)
    codes, uniques = pd.factorize(column)
    parsed = np.empty(len(uniques) + 1, dtype=object)
    parsed[:-1] = [_split_themes(value) for value in uniques]
    parsed[-1] = ()  # code -1: a missing value
    return pd.Series(parsed[codes], index=column.index, dtype=object)


def _prepare(
    answers: pd.DataFrame, questions: pd.DataFrame | None, by: tuple[str, ...]
) -> pd.DataFrame:
    """Return a normalised copy of the answers frame (see the module docstring)."""
    if not isinstance(answers, pd.DataFrame):
        raise ValueError("answers must be a pandas DataFrame")
    missing = [c for c in ("response_id", "question_key") if c not in answers.columns]
    if missing:
        raise ValueError(f"answers frame has no column {', '.join(map(repr, missing))}")
    reserved = {ALL, "dimension", "group"} & set(by)
    if reserved:
        raise ValueError(f"cannot group by {sorted(reserved)[0]!r}: the name is reserved")
    absent = [c for c in by if c not in answers.columns]
    if absent:
        raise ValueError(f"no column {', '.join(map(repr, absent))} to group by")

    frame = answers.copy(deep=False)  # copy on write: changing a column copies only it
    frame["_source_index"] = (frame.index.to_numpy() if pd.api.types.is_integer_dtype(frame.index)
                              else list(frame.index))
    frame = frame.reset_index(drop=True)
    if "option_key" in frame.columns and not _only_strings(frame["option_key"]) and frame[
        "option_key"
    ].map(lambda v: isinstance(v, (list, tuple))).any():
        frame = frame.explode("option_key", ignore_index=True)
    frame["response_id"] = _text_column(frame, "response_id")
    frame["question_key"] = _text_column(frame, "question_key")
    frame["survey_key"] = _text_column(frame, "survey") if "survey" in frame.columns else ""

    if questions is not None:
        frame = _merge_questions(frame, questions)

    frame["themes"] = (
        _theme_tuples(frame["themes"])
        if "themes" in frame.columns
        else pd.Series([()] * len(frame), index=frame.index, dtype=object)
    )
    frame["option_key"] = _tidy(_text_column(frame, "option_key"))
    frame["text"] = _text_column(frame, "text")
    frame["question"] = _text_column(frame, "question")
    frame["polarity"] = _tidy(_text_column(frame, "polarity"), lower=True,
                              blanks=("none", "nan", "null"))
    question, n_questions = _question_numbers(frame)
    frame["qid"] = question
    option = frame["option_key"].to_numpy(dtype=object)
    text_code, texts = _tidy_codes(frame["text"])
    frame["_has_text"] = (texts.to_numpy(dtype=object) != "")[text_code]

    qtype_code, qtypes = _tidy_codes(_text_column(frame, "question_type"), lower=True)
    qtype = qtypes.to_numpy(dtype=object)[qtype_code]
    has_option = (np.bincount(question, weights=option != "",
                              minlength=n_questions) > 0)[question]
    inferred = np.where(has_option, "choice", FREE_TEXT)
    frame["question_type"] = pd.Series(np.where(qtype != "", qtype, inferred), index=frame.index,
                                       dtype=qtypes.dtype)

    status_code, statuses = _tidy_codes(_text_column(frame, "status"), lower=True)
    status = statuses.to_numpy(dtype=object)[status_code]
    no_answer = (option == "") & ~frame["_has_text"].to_numpy()
    status = np.where(status != "", status, np.where(no_answer, "skipped", "answered"))
    status[option == PREFER_NOT_TO_SAY] = PREFER_NOT_TO_SAY
    unknown = sorted(set(pd.unique(status)) - {"answered", "skipped", PREFER_NOT_TO_SAY})
    if unknown:
        raise ValueError(
            f"unknown status {unknown[0]!r} (use answered, prefer_not_to_say or skipped)"
        )
    frame["status"] = status
    # Respondents numbered in order of first appearance, the order of _respondent_groups.
    rid, respondent_ids = pd.factorize(frame["response_id"])
    if (np.asarray(respondent_ids, dtype=object) == "").any():
        raise ValueError("some answers have an empty response_id")
    frame["_rid"] = rid
    frame["_free"] = frame["question_type"].to_numpy(dtype=object) == FREE_TEXT
    frame["_answered"] = status == "answered"

    choice_answered = ~frame["_free"] & frame["_answered"]
    if choice_answered.any() and "polarity" not in answers.columns:
        raise ValueError("choice answers need a 'polarity' column (from the survey definition)")
    return frame


def _question_numbers(frame: pd.DataFrame) -> tuple[np.ndarray, int]:
    """Number the (survey, question key) pairs in order of first appearance; return each
    answer's number and how many there are."""
    survey, _ = pd.factorize(frame["survey_key"])
    key, keys = pd.factorize(frame["question_key"])
    code, pairs = pd.factorize(survey.astype(np.int64) * max(len(keys), 1) + key)
    return code, len(pairs)


def _merge_questions(frame: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    if "question_key" not in questions.columns:
        raise ValueError("questions frame has no column 'question_key'")
    q = questions.copy()
    q["question_key"] = _text_column(q, "question_key")
    keys = ["question_key"]
    if "survey" in q.columns and "survey" in frame.columns:
        q["survey_key"] = _text_column(q, "survey")
        keys = ["survey_key", "question_key"]
    if "question" not in q.columns and "text" in q.columns:
        q = q.rename(columns={"text": "question"})
    wanted = [c for c in ("themes", "question_type", "question") if c in q.columns]
    q = q.drop_duplicates(keys)[keys + wanted].rename(columns={c: f"_q_{c}" for c in wanted})
    frame = frame.merge(q, on=keys, how="left")
    for column in wanted:
        extra = frame.pop(f"_q_{column}")
        if column not in frame.columns:
            frame[column] = extra
        else:
            own = frame[column]
            empty = own.map(lambda v: _missing(v) or (isinstance(v, str) and not v.strip())
                            or (isinstance(v, (list, tuple)) and not v))
            frame[column] = own.where(~empty, extra)
    return frame


def _respondent_groups(frame: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """Return one row per respondent (in ``_rid`` order) with their group in each dimension."""
    rid = frame["_rid"].to_numpy()
    respondents = pd.RangeIndex(int(rid.max()) + 1 if len(rid) else 0, name="_rid")
    # Rows by respondent, each respondent's in frame order: one sort serves every dimension.
    order = np.argsort(rid, kind="stable")
    result = {}
    for column in by:
        codes, tidy = _tidy_codes(_text_column(frame, column))
        names = tidy.to_numpy(dtype=object)
        # The first non-empty value per respondent: groups belong to the response, not the
        # answer.
        rows = order[(names != "")[codes[order]]]
        first = rows[np.diff(rid[rows], prepend=-1) != 0]
        group = np.full(len(respondents), NOT_RECORDED, dtype=object)
        group[rid[first]] = names[codes[first]]
        result[column] = group
    return pd.DataFrame(result, index=respondents)


def _with_analysis(free: pd.DataFrame) -> pd.DataFrame:
    """Return free-text answers with the analysis columns, computing them only if missing."""
    free = free.copy()
    if free.empty:
        for column in THEME_COLUMNS:
            free[column] = pd.Series(dtype=bool)
        free["sentiment_polarity"] = pd.Series(dtype=float)
        free["sentiment_label"] = pd.Series(dtype=object)
        free["safeguarding_flag"] = pd.Series(dtype=bool)
        return free
    if any(c not in free.columns for c in ANALYSIS_COLUMNS):
        from analysis import theme_responses  # lazy: avoids a circular import at load time

        source = pd.DataFrame({"text": free["text"]}, index=free.index)
        if "respondent" in free.columns:
            source["respondent"] = _text_column(free, "respondent")
        if free["question"].str.strip().ne("").any():
            source["question"] = free["question"]
        result = theme_responses(source)
        for column in ANALYSIS_COLUMNS:
            free[column] = result[column].reindex(free.index)
    for column in (*THEME_COLUMNS, "safeguarding_flag"):
        if free[column].dtype != bool:  # plain booleans are already what _as_bool returns
            free[column] = _as_bools(free[column])
    free["sentiment_label"] = _text_column(free, "sentiment_label").str.strip().str.lower()
    bad = sorted(set(free["sentiment_label"]) - set(LABELS))
    if bad:
        raise ValueError(f"unknown sentiment_label {bad[0]!r}")
    return free


def _as_bools(column: pd.Series) -> pd.Series:
    """Return :func:`_as_bool` of every cell, reading each distinct value once."""
    try:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
    except TypeError:  # unhashable values: one at a time
        return column.map(_as_bool)
    return pd.Series(np.array([_as_bool(v) for v in uniques], dtype=bool)[codes],
                     index=column.index)


def _as_bool(value: object) -> bool:
    if _missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return bool(value)


def _free_text_themes(free: pd.DataFrame) -> pd.DataFrame:
    """Return free-text answers, one row per theme they belong to plus one with theme ``all``.

    The rows of theme ``all`` come first, in the answers' order, then each answer's themes:
    those found in it (in :data:`THEMES` order), else its question's. ``_answer`` numbers the
    answers.
    """
    free = free.assign(_answer=np.arange(len(free)))
    if free.empty:
        return free.assign(theme=pd.Series(dtype=object))
    found = free[list(THEME_COLUMNS)].to_numpy(dtype=bool)
    answer, column = np.nonzero(found)
    fallback = free.loc[~found.any(axis=1), ["_answer", "themes"]].explode("themes").dropna()
    per_theme = pd.DataFrame({
        "_answer": np.concatenate([answer, fallback["_answer"].to_numpy(dtype=int)]),
        "theme": np.concatenate([np.array(THEMES, dtype=object)[column],
                                 fallback["themes"].to_numpy(dtype=object)]),
    }).sort_values("_answer", kind="stable")
    exploded = free.iloc[per_theme["_answer"].to_numpy()].assign(
        theme=per_theme["theme"].to_numpy())
    everyone = free.assign(theme=ALL)
    return pd.concat([everyone, exploded], ignore_index=True)


def _theme_order(frame: pd.DataFrame, free_themes: pd.DataFrame) -> list[str]:
    seen: set[str] = set(chain.from_iterable(pd.unique(frame["themes"].to_numpy())))
    if not free_themes.empty:
        seen.update(free_themes["theme"].unique().tolist())
    seen.discard(ALL)
    known = [t for t in THEMES if t in seen]
    return [ALL, *known, *sorted(seen - set(THEMES))]


# --- counting and suppressing --------------------------------------------------------------


def _group_keys(groups: pd.DataFrame, dims: list[str]) -> list[tuple[str, str]]:
    """Return (dimension, group) pairs: the total first, then each dimension's groups."""
    keys = [(ALL, ALL)]
    for dim in dims:
        present = set(groups[dim].unique())
        values = sorted(present - {NOT_RECORDED}) + (
            [NOT_RECORDED] if NOT_RECORDED in present else []
        )
        keys.extend((dim, v) for v in values)
    return keys


def _count_by_group(
    events: pd.DataFrame,
    groups: pd.DataFrame,
    dims: list[str],
    keys: list[str],
    *,
    unique: bool,
) -> pd.DataFrame:
    """Count events (rows, or distinct respondents if ``unique``) per keys and group.

    ``events`` has the respondent number ``_rid`` and the key columns. Return a long frame of
    the non-zero counts: keys..., dimension, group, count.
    """
    key_code = events.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    _, first = np.unique(key_code, return_index=True)
    key_table = events[keys].iloc[first].reset_index(drop=True)
    n_keys = len(key_table)
    rid = events["_rid"].to_numpy()
    if unique:
        rid, key_code = np.divmod(_distinct(rid.astype(np.int64) * n_keys + key_code), n_keys)
    parts = [key_table.assign(dimension=ALL, group=ALL,
                              count=np.bincount(key_code, minlength=n_keys))]
    for dim in dims:
        group_code, names = pd.factorize(groups[dim])
        counts = np.bincount(key_code * len(names) + group_code[rid],
                             minlength=n_keys * len(names))
        present = np.flatnonzero(counts)
        key, group = np.divmod(present, len(names))
        parts.append(key_table.iloc[key].assign(
            dimension=dim, group=names[group], count=counts[present]))
    return pd.concat(parts, ignore_index=True)


def _complete(
    long: pd.DataFrame, key_values: dict[str, list[Any]], group_keys: list[tuple[str, str]]
) -> pd.DataFrame:
    """Reindex a long count frame to every key combination and group, filling zeros."""
    names = [*key_values, "dimension", "group"]
    combos = pd.MultiIndex.from_tuples(
        [
            (*k, d, g)
            for k in pd.MultiIndex.from_product(list(key_values.values())).tolist()
            for d, g in group_keys
        ]
        if key_values
        else [(d, g) for d, g in group_keys],
        names=names,
    )
    indexed = long.set_index(names)["count"] if not long.empty else pd.Series(dtype=float)
    indexed = indexed[~indexed.index.duplicated()] if not long.empty else indexed
    return indexed.reindex(combos, fill_value=0).rename("count").reset_index()


def _suppress(
    values: pd.DataFrame,
    basis: pd.DataFrame,
    *,
    table_keys: list[str],
    column_key: str | None,
    dims: list[str],
    min_n: int,
    total_column: str | None = None,
) -> pd.Series:
    """Return a boolean ``withheld`` Series aligned with ``values`` (a long frame).

    ``values`` and ``basis`` are long frames with the same rows: table keys, an optional column
    key, dimension, group, and ``count``. Each table (one per table-key value) is suppressed
    per dimension as a grid of groups plus the total row ``(all, all)``; the total row is
    shared by every dimension, so its mask is iterated to a common fixed point. Every grid of
    every table is worked on at once, as one array (table, dimension, row, column), with rows
    and columns in the order they first appear in ``values``.
    """
    if values.empty:
        return pd.Series(False, index=values.index)
    table = (values.groupby(table_keys, sort=False).ngroup().to_numpy() if table_keys
             else np.zeros(len(values), dtype=int))
    if column_key:
        column, column_names = pd.factorize(values[column_key])
    else:
        column, column_names = np.zeros(len(values), dtype=int), ["count"]
    total_col = list(column_names).index(total_column) if total_column is not None else None
    cell = values.groupby(["dimension", "group"], sort=False).ngroup().to_numpy()
    _, first = np.unique(cell, return_index=True)
    grid_dims = dims or [ALL]
    cell_dimension = values["dimension"].to_numpy()[first]
    # A dimension's rows are ordered by where their group's name first appears in the table,
    # in any dimension, as the first version's pivot_table ordered them ("not recorded" of
    # the second dimension comes first when the first dimension has one). The order decides
    # which of two equal cells secondary suppression withholds, so it is kept.
    name_code = pd.factorize(values["group"])[0][first]
    cell_dim = np.full(len(first), -1)  # -1: the total row, row 0 of every dimension's grid
    cell_row = np.zeros(len(first), dtype=int)
    for d, dim in enumerate(dims):
        mine = np.flatnonzero(cell_dimension == dim)
        cell_dim[mine] = d
        cell_row[mine[np.argsort(name_code[mine], kind="stable")]] = np.arange(1, len(mine) + 1)
    shape = (table.max() + 1, len(grid_dims), cell_row.max() + 1, len(column_names))
    counts = np.full(shape, np.nan)
    people = np.full(shape, np.nan)
    total = cell_dim[cell] < 0
    for d in range(len(grid_dims)):
        here = total | (cell_dim[cell] == d)
        where = (table[here], d, cell_row[cell[here]], column[here])
        counts[where] = values["count"].to_numpy(dtype=float)[here]
        people[where] = basis["count"].to_numpy(dtype=float)[here]
    first_mask = (people < min_n) & (people != 0)  # a zero identifies nobody; NaN is padding
    flat = (-1, *shape[2:])
    shared = np.zeros((shape[0], shape[3]), dtype=bool)
    while True:  # the shared total row converges in a few rounds
        start = first_mask.copy()
        start[:, :, 0, :] |= shared[:, np.newaxis, :]
        masks = secondary_masks(counts.reshape(flat), start.reshape(flat), total_row=0,
                                total_col=total_col).reshape(shape)
        union = masks[:, :, 0, :].any(axis=1)
        if np.array_equal(union, shared):
            break
        shared = union
    withheld = np.where(total, shared[table, column],
                        masks[table, np.maximum(cell_dim[cell], 0), cell_row[cell], column])
    return pd.Series(withheld, index=values.index)


def _respondents_table(
    frame: pd.DataFrame,
    free_themes: pd.DataFrame,
    groups: pd.DataFrame,
    dims: list[str],
    theme_order: list[str],
    min_n: int,
) -> pd.DataFrame:
    answered = frame.loc[frame["_answered"] & ~frame["_free"], ["_rid", "themes"]]
    # Each respondent counts once per theme: drop repeats before exploding the themes.
    themes, theme_lists = pd.factorize(answered["themes"].to_numpy(dtype=object))
    n_lists = max(len(theme_lists), 1)
    pairs = _distinct(answered["_rid"].to_numpy().astype(np.int64) * n_lists + themes)
    closed_events = pd.DataFrame({"_rid": pairs // n_lists, "theme": theme_lists[pairs % n_lists]}
                                 ).explode("theme").dropna()
    free_events = free_themes[free_themes["theme"] != ALL][["_rid", "theme"]]
    everyone = pd.DataFrame({"_rid": frame["_rid"].unique(), "theme": ALL})
    events = pd.concat([everyone, closed_events, free_events], ignore_index=True)
    counted = _count_by_group(events, groups, dims, ["theme"], unique=True)
    long = _complete(counted, {"theme": theme_order}, _group_keys(groups, dims))
    withheld = _suppress(long, long, table_keys=["theme"], column_key=None, dims=dims,
                         min_n=min_n)
    result = long.rename(columns={"count": "respondents"})
    result["respondents"] = result["respondents"].astype("Int64").mask(withheld, pd.NA)
    result["withheld"] = withheld.to_numpy()
    return result[["theme", "dimension", "group", "respondents", "withheld"]]


def _questions_table(
    closed: pd.DataFrame, groups: pd.DataFrame, dims: list[str], min_n: int
) -> pd.DataFrame:
    columns = ["theme", "survey", "question_key", "question", "question_type", "dimension",
               "group", "n", "pct_positive", "withheld"]
    # "Does not apply" is left out of the percentage-positive base, like "I'd rather not say".
    answered = closed[closed["_answered"] & ~closed["polarity"].isin(EXCLUDED_POLARITIES)]
    if answered.empty:
        return pd.DataFrame(columns=columns)
    # One verdict per respondent and question: duplicates (a retried submit) count once, and a
    # multiple-choice answer is positive when any chosen option is.
    qid, qid_names = pd.factorize(answered["qid"])
    n_people = int(answered["_rid"].max()) + 1
    pairs, pair = np.unique(qid * n_people + answered["_rid"].to_numpy(), return_inverse=True)
    positive = answered["polarity"].eq("positive").to_numpy()
    per_person = pd.DataFrame({
        "qid": qid_names[pairs // n_people],
        "_rid": pairs % n_people,
        "positive": np.bincount(pair, weights=positive, minlength=len(pairs)) > 0,
    })
    base = _count_by_group(per_person, groups, dims, ["qid"], unique=True)
    positive = _count_by_group(per_person[per_person["positive"]], groups, dims, ["qid"],
                               unique=True)
    qids = closed["qid"].unique().tolist()
    group_keys = _group_keys(groups, dims)
    base = _complete(base, {"qid": qids}, group_keys)
    positive = _complete(positive, {"qid": qids}, group_keys)
    withheld = _suppress(base, base, table_keys=["qid"], column_key=None, dims=dims,
                         min_n=min_n)
    n = base["count"].astype("Int64")
    pct = (100 * positive["count"] / base["count"].where(base["count"] > 0)).round(1)
    result = base[["qid", "dimension", "group"]].assign(
        n=n.mask(withheld, pd.NA),
        pct_positive=pd.array(pct, dtype="Float64"),
        withheld=withheld.to_numpy(),
    )
    result["pct_positive"] = result["pct_positive"].mask(withheld, pd.NA)
    info = closed.drop_duplicates("qid").set_index("qid")
    result["survey"] = result["qid"].map(info["survey_key"])
    result["question_key"] = result["qid"].map(info["question_key"])
    result["question"] = result["qid"].map(info["question"])
    result["question_type"] = result["qid"].map(info["question_type"])
    themes = result["qid"].map(info["themes"]).map(lambda t: list(t) or [UNTAGGED])
    result = result.assign(theme=themes).explode("theme")
    return result[columns].reset_index(drop=True)


def _sentiment_table(
    free_themes: pd.DataFrame,
    groups: pd.DataFrame,
    dims: list[str],
    theme_order: list[str],
    min_n: int,
) -> pd.DataFrame:
    labels = [*LABELS, "total"]
    events = free_themes[["_rid", "theme", "sentiment_label"]].rename(
        columns={"sentiment_label": "label"}
    )
    events = pd.concat([events, events.assign(label="total")], ignore_index=True)
    key_values = {"theme": theme_order, "label": labels}
    group_keys = _group_keys(groups, dims)
    answers = _complete(_count_by_group(events, groups, dims, ["theme", "label"], unique=False),
                        key_values, group_keys)
    people = _complete(_count_by_group(events, groups, dims, ["theme", "label"], unique=True),
                       key_values, group_keys)
    withheld = _suppress(answers, people, table_keys=["theme"], column_key="label", dims=dims,
                         min_n=min_n, total_column="total")
    result = answers.rename(columns={"count": "answers"})
    result["withheld"] = withheld.to_numpy()
    totals = result[result["label"] == "total"].set_index(["theme", "dimension", "group"])
    key = pd.MultiIndex.from_frame(result[["theme", "dimension", "group"]])
    total_answers = totals["answers"].reindex(key).to_numpy()
    total_withheld = totals["withheld"].reindex(key).to_numpy()
    safe_total = pd.Series(total_answers, index=result.index).where(total_answers > 0)
    pct = (100 * result["answers"] / safe_total).round(1)
    result["percent"] = pd.array(pct, dtype="Float64")
    hide_pct = result["withheld"] | total_withheld
    result["percent"] = result["percent"].mask(hide_pct, pd.NA)
    result["answers"] = result["answers"].astype("Int64").mask(result["withheld"], pd.NA)
    return result[["theme", "dimension", "group", "label", "answers", "percent", "withheld"]]


def _published_cells(sentiment: pd.DataFrame) -> set[tuple[str, str, str, str]]:
    ok = sentiment[~sentiment["withheld"] & (sentiment["answers"].fillna(0) > 0)]
    return set(zip(ok["theme"], ok["dimension"], ok["group"], ok["label"], strict=True))


# --- phrases and quotes, every cell at once ------------------------------------------------
#
# A cell is a (dimension, group) pair; the total comes first, then each dimension's groups
# that have answers, sorted. A target is a cell and a theme, numbered cell x themes + theme.
# Rows of ``free_themes`` belong to one target at each level (the total, then each
# dimension), so the counts for every target come from one pass of numpy over (level, row)
# pairs instead of a Python loop over each cell's answers.


@dataclass(frozen=True)
class _Targets:
    """Where each row of a free-text frame (one row per answer and theme) is counted."""

    cells: list[tuple[str, str]]
    themes: list[str]
    of_row: np.ndarray  # (levels, rows): the target of each row at each level
    cell_of_respondent: np.ndarray  # (levels, respondents): the cell of each respondent
    order: np.ndarray  # targets that have rows: by cell, then in order of their first row

    def name(self, target: int) -> tuple[str, str, str]:
        """Return the theme, dimension and group of a target."""
        dim, group = self.cells[target // len(self.themes)]
        return self.themes[target % len(self.themes)], dim, group

    @property
    def size(self) -> int:
        return len(self.cells) * len(self.themes)


def _targets(rows: pd.DataFrame, groups: pd.DataFrame, dims: list[str],
             themes: list[str]) -> _Targets:
    """Number the cells and targets of ``rows``; the respondent's group wins (first row)."""
    rid = rows["_rid"].to_numpy()
    cells = [(ALL, ALL)]
    levels = [np.zeros(len(rows), dtype=np.int64)]
    for dim in dims:
        code, names = pd.factorize(groups[dim].to_numpy(dtype=object)[rid], sort=True)
        levels.append(len(cells) + code)
        cells.extend((dim, str(group)) for group in names)
    level_cell = np.vstack(levels)
    theme = pd.Categorical(rows["theme"], categories=themes).codes.astype(np.int64)
    of_row = level_cell * len(themes) + theme
    cell_of_respondent = np.zeros((len(level_cell), len(groups)), dtype=np.int64)
    cell_of_respondent[:, rid] = level_cell
    row = np.broadcast_to(np.arange(len(rows)), of_row.shape).ravel()
    distinct, first = np.unique(of_row.ravel(), return_index=True)
    order = distinct[np.lexsort((row[first], distinct // len(themes)))]
    return _Targets(cells, themes, of_row, cell_of_respondent, order)


def _pair_up(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions (i, j) of every pair with ``left[i] == right[j]``.

    Both hold small non-negative integers; i ascends, and j keeps the order of ``right``.
    """
    if not len(left) or not len(right):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    size = int(max(left.max(), right.max())) + 1
    by_value = np.argsort(right, kind="stable")
    count = np.bincount(right, minlength=size)
    start = np.cumsum(count) - count
    repeat = count[left]
    i = np.repeat(np.arange(len(left)), repeat)
    offset = np.arange(len(i)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    return i, by_value[start[left[i]] + offset]


def _how_often(code: np.ndarray) -> np.ndarray:
    """Return, for each element of ``code`` (non-negative integers), how often it occurs."""
    if len(code) and code.max() < 8 * len(code) + 1_000_000:  # a count per value is cheap
        return np.bincount(code)[code]
    _, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
    return counts[inverse]


def _tally(code: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct values of ``code`` (integers from 0 to ``size`` - 1), ascending,
    and how often each occurs: ``np.unique(code, return_counts=True)``, without sorting
    where a count per possible value is cheap."""
    if size < 8 * len(code) + 1_000_000:
        counts = np.bincount(code, minlength=size)
        values = np.flatnonzero(counts)
        return values, counts[values]
    return np.unique(code, return_counts=True)


def _flatten(items: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (owner, place, value) for every element of each collection, in its order."""
    sizes = np.fromiter(map(len, items), dtype=np.int64, count=len(items))
    owner = np.repeat(np.arange(len(items)), sizes)
    place = np.arange(len(owner)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    values = np.fromiter(chain.from_iterable(items), dtype=object, count=len(owner))
    return owner, place, values


def _phrases_table(
    free_themes: pd.DataFrame,
    groups: pd.DataFrame,
    dims: list[str],
    sentiment: pd.DataFrame,
    theme_order: list[str],
    min_n: int,
    top: int,
) -> pd.DataFrame:
    """Return the key phrases of each published target, as ``phrases.key_phrases`` finds them.

    Respondents per phrase are counted for every target at once; only the phrases that
    reach ``min_n`` respondents are scored, and only those that may be chosen reach Python.
    """
    columns = ["theme", "dimension", "group", "rank", "phrase", "respondents", "score"]
    if free_themes.empty or top <= 0:
        return pd.DataFrame(columns=columns)
    # Flagged answers stay out of phrases: a disclosure must not surface on a dashboard.
    usable = free_themes[~free_themes["safeguarding_flag"]].reset_index(drop=True)
    targets = _targets(usable, groups, dims, theme_order)
    n_themes = len(theme_order)

    # Each answer's phrases, in the order key_phrases meets them. Phrase sets are looked up
    # by repr(index label): where labels repeat, the last row's text is the one analysed.
    answers = usable[usable["theme"] == ALL]
    if answers["_source_index"].is_unique:  # the usual case: each answer its own label
        texts = answers["text"].tolist()
    else:
        text_of = dict(zip(map(repr, usable["_source_index"].tolist()), usable["text"].tolist(),
                           strict=True))
        texts = [text_of[label] for label in map(repr, answers["_source_index"].tolist())]
    line_answer, line_place, words = _flatten([_text_facts(text).phrases for text in texts])
    line_surface, surfaces = pd.factorize(words)
    fold_of_surface, folds = pd.factorize(np.array([fold_phrase(p) for p in surfaces],
                                                   dtype=object))
    line_key = fold_of_surface[line_surface] if len(line_surface) else line_surface
    answer_rid = answers["_rid"].to_numpy().astype(np.int64)
    n_keys = len(folds)
    # A phrase used by fewer than min_n respondents in all is too rare in every target.
    overall = np.bincount(_distinct(answer_rid[line_answer] * n_keys + line_key) % n_keys,
                          minlength=n_keys)
    common = overall[line_key] >= min_n
    line_answer, line_place, line_surface, line_key = (
        a[common] for a in (line_answer, line_place, line_surface, line_key))
    # Number the phrases that are left from 0, so a count per target and phrase is small.
    kept = np.flatnonzero(overall >= min_n)
    number_of_key = np.zeros(n_keys, dtype=np.int64)
    number_of_key[kept] = np.arange(len(kept))
    folds, line_key, n_keys = folds[kept], number_of_key[line_key], len(kept)

    # Respondents per target, and per target and phrase.
    number = np.full(len(free_themes), -1)
    number[answers["_answer"].to_numpy()] = np.arange(len(answers))
    row_answer = number[usable["_answer"].to_numpy()]
    row_rid = usable["_rid"].to_numpy().astype(np.int64)
    n_respondents = len(groups)
    people = np.bincount(
        _distinct(targets.of_row * n_respondents + row_rid) // n_respondents,
        minlength=targets.size)
    line, row = _pair_up(line_answer, row_answer)
    row_theme = targets.of_row[0]  # level 0 is the total: its targets are the themes
    used = _distinct((answer_rid[line_answer[line]] * n_themes + row_theme[row]) * n_keys
                     + line_key[line])
    used_rid, used_theme, used_key = (used // (n_themes * n_keys), used // n_keys % n_themes,
                                      used % n_keys)
    per_target = (targets.cell_of_respondent[:, used_rid] * n_themes + used_theme) * n_keys \
        + used_key
    counted, respondents = _tally(per_target.ravel(), targets.size * n_keys)
    enough = respondents >= min_n
    counted, respondents = counted[enough], respondents[enough]
    published = _published_cells(sentiment)
    shown = np.array([(*targets.name(t), "total") in published for t in range(targets.size)],
                     dtype=bool)
    target, key = counted // n_keys, counted % n_keys
    # The background of a theme is its cell's theme "all" (used at least as often).
    total = target - target % n_themes
    background = respondents[np.searchsorted(counted, total * n_keys + key)]
    keep = shown[target]
    found, respondents, background, target, total, key = (
        a[keep] for a in (counted, respondents, background, target, total, key))

    score = _phrase_scores(respondents, people[target], background, people[total],
                           np.char.count(folds.astype(str), " ")[key], target == total)
    alphabetical = np.empty(n_keys, dtype=np.int64)
    alphabetical[np.argsort(folds.astype(str))] = np.arange(n_keys)
    place = np.empty(targets.size, dtype=np.int64)
    place[targets.order] = np.arange(len(targets.order))
    ranked = np.lexsort((alphabetical[key], -respondents, -score, place[target]))

    chosen = _choose_phrases(ranked, target, key, respondents, folds, top)
    surface = _most_used_surface(found[chosen], n_keys, line_answer, line_place, line_surface,
                                 line_key, row_answer, targets)
    rows: list[dict[str, Any]] = []
    rank, previous = 0, -1
    for i, phrase in zip(chosen, surface, strict=True):
        rank, previous = (rank + 1 if target[i] == previous else 1), target[i]
        theme, dim, group = targets.name(int(target[i]))
        rows.append({"theme": theme, "dimension": dim, "group": group, "rank": rank,
                     "phrase": surfaces[phrase], "respondents": int(respondents[i]),
                     "score": float(score[i])})
    return pd.DataFrame(rows, columns=columns)


@lru_cache(maxsize=_KEPT_TEXTS)
def _text_facts(text: str) -> text_tools.TextFacts:
    """Return the phrases and words of one answer (never change the sets returned).

    Reading them is most of the work of a first summary, and the pages summarise the same
    stored answers again and again, so those of an inspection's answers are kept.
    """
    return text_tools.text_facts(text)


def _phrase_score(df_t: int, n_t: int, df_b: int, n_b: int, spaces: int, is_all: bool) -> float:
    """Return the score ``phrases.key_phrases`` gives a phrase, in Python floats."""
    lift = 0.0 if is_all else max(0.0, math.log(((df_t + 0.5) / (n_t + 1))
                                                / ((df_b + 0.5) / (n_b + 1))))
    return round(df_t * (1.0 + 0.5 * spaces) * (1.0 + lift), 3)


def _phrase_scores(df_t: np.ndarray, n_t: np.ndarray, df_b: np.ndarray, n_b: np.ndarray,
                   spaces: np.ndarray, is_all: np.ndarray) -> np.ndarray:
    """Return :func:`_phrase_score` of every phrase, the same floats, mostly with numpy.

    numpy's log may differ from Python's in the last bit, and its rounding from Python's
    (which rounds the exact binary value); that can only matter for a score within a hair
    of half a thousandth, so those few are scored in Python.
    """
    ratio = ((df_t + 0.5) / (n_t + 1)) / ((df_b + 0.5) / (n_b + 1))
    with np.errstate(divide="ignore"):
        lift = np.where(is_all, 0.0, np.maximum(0.0, np.log(ratio)))
    exact = df_t * (1.0 + 0.5 * spaces) * (1.0 + lift)
    score, unsure = _round_places(exact, 3)
    score[unsure] = [_phrase_score(*args) for args in zip(
        df_t[unsure].tolist(), n_t[unsure].tolist(), df_b[unsure].tolist(),
        n_b[unsure].tolist(), spaces[unsure].tolist(), is_all[unsure].tolist(), strict=True)]
    return score


def _round_places(values: np.ndarray, places: int) -> tuple[np.ndarray, np.ndarray]:
    """Return ``round(value, places)`` of each value, as Python rounds, and where unsure.

    Python rounds the exact binary value to the nearest decimal (half to even), then takes
    the nearest float; numpy's ``rint(value x 10**places) / 10**places`` gives the same
    float except where the scaled value is within a hair of a half, marked unsure: round
    those with Python.
    """
    scale = 10.0 ** places
    scaled = values * scale
    rounded = np.rint(scaled) / scale
    unsure = np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6 + np.abs(scaled) * 1e-12
    rounded[unsure] = [round(v, places) for v in values[unsure].tolist()]
    return rounded, unsure


def _choose_phrases(ranked: np.ndarray, target: np.ndarray, key: np.ndarray,
                    respondents: np.ndarray, folds: np.ndarray, top: int) -> list[int]:
    """Return up to ``top`` of each target's phrases, best first, skipping repeats.

    A phrase inside (or around) one already chosen that most of its users share is a repeat:
    "feel safe" and "feel safe now" say the same thing twice. This walks only the head of
    each target's ranking, so it stays a short loop.
    """
    chosen: list[int] = []
    bounds = np.flatnonzero(np.diff(target[ranked], prepend=-1, append=-1)).tolist()
    for begin, end in pairwise(bounds):
        picked: list[tuple[str, int]] = []
        for i in ranked[begin:end].tolist():
            phrase, df_t = folds[key[i]], int(respondents[i])
            if any((f" {phrase} " in f" {other} " or f" {other} " in f" {phrase} ")
                   and min(df_t, other_df) >= 0.6 * max(df_t, other_df)
                   for other, other_df in picked):
                continue
            picked.append((phrase, df_t))
            chosen.append(i)
            if len(picked) >= top:
                break
    return chosen


def _most_used_surface(
    found: np.ndarray, n_keys: int, line_answer: np.ndarray, line_place: np.ndarray,
    line_surface: np.ndarray, line_key: np.ndarray, row_answer: np.ndarray, targets: _Targets,
) -> np.ndarray:
    """Return, for each (target x n_keys + key) in ``found``, the form people wrote most.

    Like ``Counter.most_common``, a tie goes to the form met first (answer by answer, and in
    each answer's phrase order).
    """
    lines = np.flatnonzero(np.isin(line_key, found % n_keys))
    line, row = _pair_up(line_answer[lines], row_answer)
    line = lines[line]
    uses = pd.DataFrame({
        "found": (targets.of_row[:, row] * n_keys + line_key[line]).ravel(),
        "surface": np.tile(line_surface[line], len(targets.of_row)),
        "met": np.tile(line_answer[line] * (line_place.max(initial=0) + 1) + line_place[line],
                       len(targets.of_row)),
    })
    uses = uses[uses["found"].isin(found)]
    best = (uses.groupby(["found", "surface"]).agg(uses=("met", "size"), met=("met", "min"))
            .reset_index()
            .sort_values(["found", "uses", "met"], ascending=[True, False, True])
            .drop_duplicates("found").set_index("found")["surface"])
    return best.reindex(found).to_numpy()


def quotable(text: str, flagged: bool) -> bool:
    """Say whether an answer may be quoted: not flagged, naming no one, a sensible length."""
    if flagged or not text.strip():
        return False
    words = len(text.split())
    if words < _MIN_QUOTE_WORDS or words > _MAX_QUOTE_WORDS:
        return False
    return not (text_tools.names_a_person(text) or text_tools.has_contact_details(text))


def _quotes_table(
    free_themes: pd.DataFrame,
    groups: pd.DataFrame,
    dims: list[str],
    sentiment: pd.DataFrame,
    theme_order: list[str],
    top: int,
) -> pd.DataFrame:
    """Return the most typical quotable answers of each published target and tone.

    A pool is a target and a tone; typicality (``phrases.typicality``) is scored for every
    pool at once, and each pool's ranking is walked only until ``top`` quotes are found.
    """
    columns = ["theme", "dimension", "group", "sentiment", "rank", "text", "typicality",
               "source_index"]
    if free_themes.empty or top <= 0:
        return pd.DataFrame(columns=columns)
    targets = _targets(free_themes, groups, dims, theme_order)
    label = pd.Categorical(free_themes["sentiment_label"], categories=LABELS).codes
    published = _published_cells(sentiment)
    pool_names = [(*targets.name(t), tone) for t in range(targets.size) for tone in LABELS]
    shown = np.array([name[3] != "neutral" and name in published for name in pool_names],
                     dtype=bool)
    member_pool = (targets.of_row * len(LABELS) + label).ravel()
    member_row = np.broadcast_to(np.arange(len(free_themes)), targets.of_row.shape).ravel()
    keep = shown[member_pool]
    member_pool, member_row = member_pool[keep], member_row[keep]
    if not len(member_pool):
        return pd.DataFrame([], columns=columns)
    # Members of a pool in row order, numbered from 0 as typicality numbers its texts.
    by_pool = np.lexsort((member_row, member_pool))
    member_pool, member_row = member_pool[by_pool], member_row[by_pool]
    pool_size = np.bincount(member_pool, minlength=len(pool_names))
    position = np.arange(len(member_pool)) - (np.cumsum(pool_size) - pool_size)[member_pool]
    score = _typicality(free_themes["text"].to_numpy(dtype=object), member_pool, member_row,
                        pool_size)

    texts = free_themes["text"].to_numpy(dtype=object)
    flags = free_themes["safeguarding_flag"].to_numpy(dtype=bool)
    sources = free_themes["_source_index"].to_numpy()
    # Pools by cell, then in order of their first row, each ranked most typical first.
    ranked = np.lexsort((position, -score, member_pool))
    bounds = list(pairwise(np.flatnonzero(
        np.diff(member_pool[ranked], prepend=-1, append=-1)).tolist()))
    pools, first = np.unique(member_pool, return_index=True)
    cell = pools // (len(theme_order) * len(LABELS))
    allowed: dict[tuple[str, bool], bool] = {}
    rows: list[dict[str, Any]] = []
    for begin, end in (bounds[k] for k in np.lexsort((member_row[first], cell))):
        theme, dim, group, tone = pool_names[member_pool[ranked[begin]]]
        seen: set[str] = set()
        rank = 0
        for i in ranked[begin:end].tolist():
            row = member_row[i]
            key = (texts[row], bool(flags[row]))
            if key not in allowed:
                allowed[key] = quotable(*key)
            normal = " ".join(texts[row].lower().split())
            if not allowed[key] or normal in seen:
                continue
            seen.add(normal)
            rank += 1
            rows.append({"theme": theme, "dimension": dim, "group": group,
                         "sentiment": tone, "rank": rank, "text": texts[row].strip(),
                         "typicality": float(score[i]), "source_index": sources[row]})
            if rank >= top:
                break
    return pd.DataFrame(rows, columns=columns)


def _typicality(texts: np.ndarray, member_pool: np.ndarray, member_row: np.ndarray,
                pool_size: np.ndarray) -> np.ndarray:
    """Return ``phrases.typicality`` of every member of every pool, computed all at once.

    The sum over a text's words is taken word by word in the order typicality takes it, so
    the floats (and so the rounding) are the same.
    """
    text_code, distinct = pd.factorize(texts)
    facts = [_text_facts(text) for text in distinct]
    length = np.array([f.words for f in facts], dtype=float)
    owner, place, words = _flatten([list(f.content) for f in facts])
    word_code, vocabulary = pd.factorize(words)
    n_words = np.bincount(owner, minlength=len(distinct))
    member, word = _pair_up(text_code[member_row], owner)
    pool = member_pool[member].astype(np.int64)
    share = _how_often(pool * len(vocabulary) + word_code[word]) / pool_size[pool]
    total = np.zeros(len(member_row))
    places = place[word]
    # A stable sort of 16-bit integers is a radix sort, several times faster than of wider.
    narrow = np.int16 if places.max(initial=0) < 2**15 else np.int64
    by_place = np.argsort(places.astype(narrow), kind="stable")
    bounds = np.flatnonzero(np.diff(places[by_place], prepend=-1, append=-1)).tolist()
    for begin, end in pairwise(bounds):
        step = by_place[begin:end]
        total[member[step]] += share[step]
    count = n_words[text_code[member_row]]
    n = length[text_code[member_row]]
    damp = np.minimum(1.0, n / 6) * np.where(n <= 40, 1.0, 40 / np.maximum(n, 1))
    base = np.divide(total, count, out=np.zeros(len(total)), where=count > 0)
    return _round_places(base * damp, 6)[0]


# --- output --------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if _missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {str(k): _plain(v) for k, v in row.items()}
        for row in table.astype(object).to_dict("records")
    ]


def _figure(value: Any, withheld: bool, label: str, *, percent: bool = False) -> str:
    if withheld:
        return label
    if _missing(value):
        return "-"
    return f"{value:g}%" if percent else str(value)


def _render_text(summary: Summary, title: str) -> str:
    label = summary.withheld_text
    lines = [title, "=" * len(title),
             f"Figures built on fewer than {summary.min_n} respondents are shown as "
             f"'{label}'.", ""]
    resp = summary.respondents
    sent = summary.sentiment
    for theme in summary.themes:
        heading = "All answers" if theme == ALL else theme.capitalize()
        lines += [heading, "-" * len(heading)]
        for rec in _records(resp[resp["theme"] == theme]):
            where = "Respondents" if rec["dimension"] == ALL else (
                f"  {rec['dimension']} {rec['group']}")
            lines.append(f"{where}: {_figure(rec['respondents'], rec['withheld'], label)}")
        theme_sent = sent[sent["theme"] == theme]
        if not theme_sent.empty and (theme_sent["answers"].fillna(1) > 0).any():
            lines.append("Tone of free-text answers:")
            for (dim, group), part in theme_sent.groupby(["dimension", "group"], sort=False):
                where = "  all" if dim == ALL else f"  {dim} {group}"
                cells = {r["label"]: r for r in _records(part)}
                if cells["total"]["answers"] == 0:
                    continue
                parts = []
                for name in (*LABELS, "total"):
                    r = cells[name]
                    text = _figure(r["answers"], r["withheld"], label)
                    if name != "total" and not r["withheld"] and r["percent"] is not None:
                        text += f" ({r['percent']:g}%)"
                    parts.append(f"{name} {text}")
                lines.append(f"{where}: " + ", ".join(parts))
        questions = summary.questions[summary.questions["theme"] == theme]
        if not questions.empty:
            lines.append("Percentage positive (n):")
            for _, part in questions.groupby(["survey", "question_key"], sort=False):
                first = part.iloc[0]
                name = first["question"] or first["question_key"]
                lines.append(f"  {name}")
                for rec in _records(part):
                    where = "all" if rec["dimension"] == ALL else f"{rec['dimension']} {rec['group']}"
                    if rec["withheld"]:
                        lines.append(f"    {where}: {label}")
                    else:
                        pct = _figure(rec["pct_positive"], False, label, percent=True)
                        lines.append(f"    {where}: {pct} (n={rec['n']})")
        phrase_rows = summary.phrases[(summary.phrases["theme"] == theme)
                                      & (summary.phrases["dimension"] == ALL)]
        if not phrase_rows.empty:
            shown = ", ".join(f"\"{r['phrase']}\" ({r['respondents']})"
                              for r in _records(phrase_rows))
            lines.append(f"Key phrases: {shown}")
        quote_rows = summary.quotes[(summary.quotes["theme"] == theme)
                                    & (summary.quotes["dimension"] == ALL)]
        for tone in ("positive", "negative"):
            picked = quote_rows[quote_rows["sentiment"] == tone]
            if not picked.empty:
                lines.append(f"Typical {tone} answers:")
                lines.extend(f"  \"{q}\"" for q in picked["text"])
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
