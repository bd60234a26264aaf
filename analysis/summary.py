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
from typing import Any

import pandas as pd

from . import phrases as text_tools
from .suppression import DEFAULT_MIN_N, primary_mask, secondary_mask, withheld_label

__all__ = ["ALL", "LABELS", "THEMES", "Summary", "summarise"]

ALL = "all"
THEMES = ("wellbeing", "relationships", "process", "involvement", "leadership")
LABELS = ("positive", "neutral", "negative")
UNTAGGED = "untagged"
NOT_RECORDED = "not recorded"
PREFER_NOT_TO_SAY = "prefer_not_to_say"
# Polarities left out of the base of percentage positive ("I am not a kinship carer").
EXCLUDED_POLARITIES = ("does_not_apply",)
FREE_TEXT = "free_text"
THEME_COLUMNS = tuple(f"theme_{t}" for t in THEMES)
ANALYSIS_COLUMNS = (*THEME_COLUMNS, "sentiment_polarity", "sentiment_label", "safeguarding_flag")
_TRUE = frozenset({"1", "true", "yes", "y", "t"})
_MIN_QUOTE_WORDS = 3
_MAX_QUOTE_WORDS = 60


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

    closed = frame[frame["question_type"] != FREE_TEXT]
    free = frame[
        (frame["question_type"] == FREE_TEXT)
        & (frame["status"] == "answered")
        & (frame["text"].str.strip() != "")
    ]
    free = _with_analysis(free)
    free_themes = _free_text_themes(free)

    theme_order = _theme_order(frame, free_themes)
    respondents = _respondents_table(frame, free_themes, groups, dims, theme_order, min_n)
    question_table = _questions_table(closed, groups, dims, min_n)
    sentiment = _sentiment_table(free_themes, groups, dims, theme_order, min_n)
    phrase_table = _phrases_table(free_themes, groups, dims, sentiment, min_n, phrases)
    quote_table = _quotes_table(free_themes, groups, dims, sentiment, quotes)
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


def _text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[name].map(lambda v: "" if _missing(v) else str(v))


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

    frame = answers.copy()
    frame["_source_index"] = list(frame.index)
    frame = frame.reset_index(drop=True)
    if "option_key" in frame.columns and frame["option_key"].map(
        lambda v: isinstance(v, (list, tuple))
    ).any():
        frame = frame.explode("option_key", ignore_index=True)
    frame["response_id"] = _text_column(frame, "response_id")
    frame["question_key"] = _text_column(frame, "question_key")
    frame["survey_key"] = _text_column(frame, "survey") if "survey" in frame.columns else ""

    if questions is not None:
        frame = _merge_questions(frame, questions)

    frame["themes"] = (
        frame["themes"].map(_split_themes)
        if "themes" in frame.columns
        else pd.Series([()] * len(frame), index=frame.index, dtype=object)
    )
    frame["option_key"] = _text_column(frame, "option_key").str.strip()
    frame["text"] = _text_column(frame, "text")
    frame["question"] = _text_column(frame, "question")
    frame["polarity"] = _text_column(frame, "polarity").str.strip().str.lower().replace(
        {"none": "", "nan": "", "null": ""}
    )
    frame["qid"] = frame["survey_key"] + "\x1f" + frame["question_key"]

    qtype = _text_column(frame, "question_type").str.strip().str.lower()
    has_option = frame["option_key"].ne("").groupby(frame["qid"]).transform("any")
    inferred = has_option.map({True: "choice", False: FREE_TEXT})
    frame["question_type"] = qtype.where(qtype != "", inferred)

    status = _text_column(frame, "status").str.strip().str.lower()
    no_answer = (frame["option_key"] == "") & (frame["text"].str.strip() == "")
    inferred_status = pd.Series("answered", index=frame.index).mask(no_answer, "skipped")
    status = status.where(status != "", inferred_status)
    status = status.mask(frame["option_key"] == PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY)
    unknown = sorted(set(status) - {"answered", "skipped", PREFER_NOT_TO_SAY})
    if unknown:
        raise ValueError(
            f"unknown status {unknown[0]!r} (use answered, prefer_not_to_say or skipped)"
        )
    frame["status"] = status
    if (frame["response_id"] == "").any():
        raise ValueError("some answers have an empty response_id")

    choice_answered = (frame["question_type"] != FREE_TEXT) & (frame["status"] == "answered")
    if choice_answered.any() and "polarity" not in answers.columns:
        raise ValueError("choice answers need a 'polarity' column (from the survey definition)")
    return frame


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
    """Return one row per respondent with their group in each dimension."""
    if not by:
        return pd.DataFrame(index=pd.Index(frame["response_id"].unique(), name="response_id"))
    values = frame[["response_id", *by]].copy()
    for column in by:
        values[column] = _text_column(values, column).str.strip()
    # The first non-empty value per respondent: groups belong to the response, not the answer.
    result = {}
    for column in by:
        present = values[values[column] != ""].drop_duplicates("response_id")
        series = present.set_index("response_id")[column]
        result[column] = series
    groups = pd.DataFrame(result).reindex(pd.Index(frame["response_id"].unique()))
    groups.index.name = "response_id"
    return groups.fillna(NOT_RECORDED)


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
        free[column] = free[column].map(_as_bool)
    free["sentiment_label"] = _text_column(free, "sentiment_label").str.strip().str.lower()
    bad = sorted(set(free["sentiment_label"]) - set(LABELS))
    if bad:
        raise ValueError(f"unknown sentiment_label {bad[0]!r}")
    return free


def _as_bool(value: object) -> bool:
    if _missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return bool(value)


def _free_text_themes(free: pd.DataFrame) -> pd.DataFrame:
    """Return free-text answers, one row per theme they belong to plus one with theme ``all``."""
    if free.empty:
        return free.assign(theme=pd.Series(dtype=object))

    def themes_of(row: pd.Series) -> tuple[str, ...]:
        found = tuple(t for t, c in zip(THEMES, THEME_COLUMNS, strict=True) if row[c])
        return found or row["themes"]

    per_answer = free.assign(theme=free.apply(themes_of, axis=1))
    exploded = per_answer.explode("theme").dropna(subset=["theme"])
    everyone = free.assign(theme=ALL)
    return pd.concat([everyone, exploded], ignore_index=True)


def _theme_order(frame: pd.DataFrame, free_themes: pd.DataFrame) -> list[str]:
    seen: set[str] = set()
    for themes in frame["themes"]:
        seen.update(themes)
    if not free_themes.empty:
        seen.update(free_themes["theme"])
    seen.discard(ALL)
    known = [t for t in THEMES if t in seen]
    return [ALL, *known, *sorted(seen - set(THEMES))]


# --- counting and suppressing --------------------------------------------------------------


def _group_keys(groups: pd.DataFrame, dims: list[str]) -> list[tuple[str, str]]:
    """Return (dimension, group) pairs: the total first, then each dimension's groups."""
    keys = [(ALL, ALL)]
    for dim in dims:
        values = sorted(set(groups[dim]) - {NOT_RECORDED}) + (
            [NOT_RECORDED] if NOT_RECORDED in set(groups[dim]) else []
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

    Return a long frame: keys..., dimension, group, count.
    """
    joined = events[["response_id", *keys]].join(groups, on="response_id")
    parts = []

    def count(frame: pd.DataFrame, by_cols: list[str]) -> pd.Series:
        grouped = frame.groupby(by_cols, dropna=False, sort=False)["response_id"]
        return grouped.nunique() if unique else grouped.size()

    if keys:
        total = count(joined, keys).reset_index(name="count")
    else:
        total = pd.DataFrame({"count": [joined["response_id"].nunique() if unique
                                        else len(joined)]})
    parts.append(total.assign(dimension=ALL, group=ALL))
    for dim in dims:
        counted = count(joined, [*keys, dim]).reset_index(name="count")
        parts.append(counted.rename(columns={dim: "group"}).assign(dimension=dim))
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
    shared by every dimension, so its mask is iterated to a common fixed point.
    """
    withheld = pd.Series(False, index=values.index)
    col = column_key or "_column"
    vals = values.assign(**({} if column_key else {"_column": "count"}))
    base = basis.assign(**({} if column_key else {"_column": "count"}))
    grouped = vals.groupby(table_keys, sort=False) if table_keys else [((), vals)]
    for _, table in grouped:
        rows = table.index
        table_basis = base.loc[rows]
        pivot_v = table.pivot_table(
            index=["dimension", "group"], columns=col, values="count", aggfunc="sum",
            sort=False,
        )
        pivot_b = table_basis.pivot_table(
            index=["dimension", "group"], columns=col, values="count", aggfunc="sum",
            sort=False,
        ).reindex_like(pivot_v)
        total_row = (ALL, ALL)
        shared: pd.Series | None = None
        masks: dict[str, pd.DataFrame] = {}
        for _ in range(100):  # the shared total row converges in a few rounds
            masks = {}
            for dim in dims or [ALL]:
                select = [i for i in pivot_v.index if i[0] in (dim, ALL)]
                part_v = pivot_v.loc[select]
                first = primary_mask(pivot_b.loc[select], min_n)
                if shared is not None:
                    first.loc[total_row] = first.loc[total_row] | shared
                masks[dim] = secondary_mask(
                    part_v, first, total_row=total_row, total_col=total_column
                )
            union = pd.concat([m.loc[[total_row]] for m in masks.values()]).any()
            if shared is not None and union.equals(shared):
                break
            shared = union
        combined = pd.concat(masks.values())
        combined = combined[~combined.index.duplicated(keep="first")]
        combined.loc[total_row] = shared
        flat = combined.stack()
        lookup = pd.MultiIndex.from_arrays([table["dimension"], table["group"], table[col]])
        withheld.loc[table.index] = flat.reindex(lookup).fillna(False).astype(bool).to_numpy()
    return withheld


def _respondents_table(
    frame: pd.DataFrame,
    free_themes: pd.DataFrame,
    groups: pd.DataFrame,
    dims: list[str],
    theme_order: list[str],
    min_n: int,
) -> pd.DataFrame:
    answered = frame[(frame["status"] == "answered") & (frame["question_type"] != FREE_TEXT)]
    closed_events = answered[["response_id", "themes"]].explode("themes").dropna()
    closed_events = closed_events.rename(columns={"themes": "theme"})
    free_events = free_themes[free_themes["theme"] != ALL][["response_id", "theme"]]
    everyone = frame[["response_id"]].assign(theme=ALL)
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
    answered = closed[(closed["status"] == "answered")
                      & ~closed["polarity"].isin(EXCLUDED_POLARITIES)]
    if answered.empty:
        return pd.DataFrame(columns=columns)
    # One verdict per respondent and question: duplicates (a retried submit) count once, and a
    # multiple-choice answer is positive when any chosen option is.
    per_person = (
        answered.assign(positive=answered["polarity"] == "positive")
        .groupby(["qid", "response_id"], sort=False)["positive"].any().reset_index()
    )
    base = _count_by_group(per_person, groups, dims, ["qid"], unique=True)
    positive = _count_by_group(per_person[per_person["positive"]], groups, dims, ["qid"],
                               unique=True)
    qids = list(dict.fromkeys(closed["qid"]))
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
    events = free_themes[["response_id", "theme", "sentiment_label"]].rename(
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


def _cells(
    free_themes: pd.DataFrame, groups: pd.DataFrame, dims: list[str]
) -> list[tuple[str, str, pd.DataFrame]]:
    """Return (dimension, group, answers) for the total and each group."""
    # The respondent's group (from their first row) wins over each answer's own cell.
    own = [c for c in groups.columns if c in free_themes.columns]
    joined = free_themes.drop(columns=own).join(groups, on="response_id")
    cells = [(ALL, ALL, joined)]
    for dim in dims:
        for group, part in joined.groupby(dim, sort=True):
            cells.append((dim, str(group), part))
    return cells


def _phrases_table(
    free_themes: pd.DataFrame,
    groups: pd.DataFrame,
    dims: list[str],
    sentiment: pd.DataFrame,
    min_n: int,
    top: int,
) -> pd.DataFrame:
    columns = ["theme", "dimension", "group", "rank", "phrase", "respondents", "score"]
    if free_themes.empty or top <= 0:
        return pd.DataFrame(columns=columns)
    published = _published_cells(sentiment)
    # Flagged answers stay out of phrases: a disclosure must not surface on a dashboard.
    usable = free_themes[~free_themes["safeguarding_flag"]]
    sets = dict(zip(usable["_source_index"].map(repr), text_tools.phrase_sets(
        usable["text"].tolist()), strict=True))
    rows: list[dict[str, Any]] = []
    for dim, group, part in _cells(usable, groups, dims):
        background = part[part["theme"] == ALL]
        bg_pairs = [(r, sets[repr(s)]) for r, s in
                    zip(background["response_id"], background["_source_index"], strict=True)]
        for theme, answers in part.groupby("theme", sort=False):
            if (theme, dim, group, "total") not in published:
                continue
            pairs = [(r, sets[repr(s)]) for r, s in
                     zip(answers["response_id"], answers["_source_index"], strict=True)]
            found = text_tools.key_phrases(
                pairs, None if theme == ALL else bg_pairs, top=top, min_respondents=min_n
            )
            for rank, (phrase, count, score) in enumerate(found, start=1):
                rows.append({"theme": theme, "dimension": dim, "group": group, "rank": rank,
                             "phrase": phrase, "respondents": count, "score": score})
    return pd.DataFrame(rows, columns=columns)


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
    top: int,
) -> pd.DataFrame:
    columns = ["theme", "dimension", "group", "sentiment", "rank", "text", "typicality",
               "source_index"]
    if free_themes.empty or top <= 0:
        return pd.DataFrame(columns=columns)
    published = _published_cells(sentiment)
    allowed: dict[tuple[str, bool], bool] = {}
    rows: list[dict[str, Any]] = []
    for dim, group, part in _cells(free_themes, groups, dims):
        for (theme, label), pool in part.groupby(["theme", "sentiment_label"], sort=False):
            if label == "neutral" or (theme, dim, group, label) not in published:
                continue
            # Typicality is measured against the whole pool, flagged answers included, so
            # the quote is typical of what people said; only the choice is restricted.
            scores = text_tools.typicality(pool["text"].tolist())
            ranked = sorted(
                zip(scores, range(len(pool)), strict=True), key=lambda s: (-s[0], s[1])
            )
            seen: set[str] = set()
            rank = 0
            for score, position in ranked:
                row = pool.iloc[position]
                key = (row["text"], bool(row["safeguarding_flag"]))
                if key not in allowed:
                    allowed[key] = quotable(*key)
                normal = " ".join(row["text"].lower().split())
                if not allowed[key] or normal in seen:
                    continue
                seen.add(normal)
                rank += 1
                rows.append({"theme": theme, "dimension": dim, "group": group,
                             "sentiment": label, "rank": rank, "text": row["text"].strip(),
                             "typicality": score, "source_index": row["_source_index"]})
                if rank >= top:
                    break
    return pd.DataFrame(rows, columns=columns)


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
