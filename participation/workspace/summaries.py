"""Summaries of an inspection for the workspace's pages, cached until the data behind them changes.

Every page that shows a figure asks here: `inspection_summary` builds the answers frame
(`frames.answers_frame`, corrections applied), keeps the respondents a filter picks, and calls
`analysis.summarise`. Both the frame and each summary are cached in this process under the
inspection's *data version*: a few cheap aggregate queries (submitted responses, the newest
answer, reading, correction and safeguarding entry) whose result changes whenever anything a
figure depends on changes. So a new answer or a correction shows on the next load, and nothing
stale is ever served; each worker process keeps its own small cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
from flask import current_app
from sqlalchemy import func, select

from analysis import summarise
from analysis.pipeline import gc_paused
from analysis.summary import Summary
from analysis.suppression import DEFAULT_MIN_N
from participation.extensions import db
from participation.models import (
    Answer,
    AnswerCorrection,
    Response,
    ResponseStatus,
    SafeguardingEntry,
    Survey,
)
from participation.surveys import SurveyDefinition
from participation.workspace.frames import answers_frame, reread_since, sent_response_ids, with_responses

# The columns a filter may pick respondents by (each a column of the answers frame).
FILTER_COLUMNS = ("survey", "respondent", "age_band", "agency", "language", "assisted", "carer")
Filters = Mapping[str, str]
Value = TypeVar("Value")


@dataclass(frozen=True)
class DataVersion:
    """What the figures of an inspection depend on, in a form that is cheap to read."""

    submitted: int
    newest_answer: int | None
    newest_reading: int | None
    newest_correction: int | None
    newest_flag: int | None


def data_version(inspection_id: int) -> DataVersion:
    """Return the inspection's data version: it changes whenever any figure could change."""
    answers = db.session.execute(
        select(func.count(func.distinct(Response.id)), func.max(Answer.id),
               func.max(Answer.current_result_id))
        .select_from(Answer)
        .join(Response, Answer.response_id == Response.id)
        .join(Survey, Response.survey_id == Survey.id)
        .where(Survey.inspection_id == inspection_id, Response.status == ResponseStatus.SUBMITTED)
    ).one()
    newest_correction = db.session.scalar(
        select(func.max(AnswerCorrection.id)).where(AnswerCorrection.inspection_id == inspection_id)
    )
    newest_flag = db.session.scalar(
        select(func.max(SafeguardingEntry.id)).where(SafeguardingEntry.inspection_id == inspection_id)
    )
    return DataVersion(answers[0], answers[1], answers[2], newest_correction, newest_flag)


class _Cache:
    """A small least-recently-used cache shared by the threads of one process."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: tuple, make: Callable[[], Value]) -> Value:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]
        value = make()  # outside the lock: two threads may both build, and either result is right
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def newest(self, first: object) -> tuple[tuple, object] | None:
        """Return the most recently used (key, value) whose key starts with `first`, if any."""
        with self._lock:
            for key in reversed(self._items):
                if key[0] == first:
                    return key, self._items[key]
        return None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


# Frames are large (one row per answer), so only a couple are kept; summaries and other
# results built from them are small.
_SIZES = {"frames": 2, "summaries": 64}
_OTHER_SIZE = 16


def _cache(kind: str) -> _Cache:
    caches: dict[str, _Cache] = current_app.extensions.setdefault("workspace_summaries", {})
    if kind not in caches:
        caches.setdefault(kind, _Cache(size=_SIZES.get(kind, _OTHER_SIZE)))
    return caches[kind]


def clear_caches() -> None:
    """Forget every cached frame, summary and result of this app (after a purge; between tests)."""
    for cache in current_app.extensions.get("workspace_summaries", {}).values():
        cache.clear()


def cached_under_data_version(
    kind: str, inspection_id: int, key: tuple, make: Callable[[], Value], *,
    version: DataVersion | None = None,
) -> Value:
    """Return `make()`, kept until the inspection's data version changes (`kind` names the cache).

    A page that reads several results may pass the `version` it read once at its start (reading
    it costs a query over every answer's number).
    """
    version = version or data_version(inspection_id)

    def made() -> Value:
        # Building a frame, summary or page makes hundreds of thousands of short-lived objects;
        # the cycle collections they set off would each walk every object the process keeps
        # (the analysis's phrase caches among them), a tenth of a second or more apiece, while
        # reference counting frees what is built either way.
        with gc_paused():
            return make()

    return _cache(kind).get_or_make((inspection_id, version, *key), made)


def _filter_key(filters: Filters | None) -> tuple[tuple[str, str], ...]:
    filters = dict(filters or {})
    unknown = set(filters) - set(FILTER_COLUMNS)
    if unknown:
        raise ValueError(f"cannot filter by {sorted(unknown)[0]!r}")
    return tuple(sorted((name, str(value)) for name, value in filters.items()))


def _grown(inspection_id: int, definitions: dict[str, SurveyDefinition], version: DataVersion,
           before: DataVersion, frame: pd.DataFrame) -> pd.DataFrame | None:
    """Return the frame of `version` as `frame` (of `before`) plus the responses sent since, or
    None when anything else may have changed (a correction, a flag, a re-analysis, a response
    gone): then the whole frame is read again."""
    if (version.newest_correction != before.newest_correction or version.newest_flag != before.newest_flag
            or version.submitted < before.submitted):
        return None
    sent = sent_response_ids(inspection_id)
    had = set(pd.unique(frame["response_id"]).astype(int).tolist()) if len(frame) else set()
    new = sent - had
    if not had <= sent or not new or reread_since(inspection_id, before.newest_reading, new):
        return None
    added = answers_frame(inspection_id, definitions, response_ids=new)
    if version.newest_answer != before.newest_answer and (
            added.empty or int(added["answer_id"].max()) != version.newest_answer):
        return None  # a newer answer that is not in the responses just sent
    return with_responses(frame, added)


def _frame_of(
    inspection_id: int, definitions: dict[str, SurveyDefinition], version: DataVersion
) -> pd.DataFrame:
    """Read the inspection's frame: the last one kept plus the responses sent since when that is
    all that changed (a new answer costs its own rows, not the inspection's), else all of it."""
    kept = _cache("frames").newest(inspection_id)
    if kept is not None:
        (_, before), frame = kept
        grown = _grown(inspection_id, definitions, version, before, frame)
        if grown is not None:
            return grown
    return answers_frame(inspection_id, definitions)


def inspection_frame(
    inspection_id: int, definitions: dict[str, SurveyDefinition], *, version: DataVersion | None = None
) -> pd.DataFrame:
    """Return the inspection's answers frame (with text), cached under its data version.

    Callers must not change the frame they are given: copy it first. A page that reads several
    figures may pass the `version` it read once at its start (it costs a query over every answer).
    """
    version = version or data_version(inspection_id)
    return cached_under_data_version(
        "frames", inspection_id, (), lambda: _frame_of(inspection_id, definitions, version),
        version=version,
    )


def respondents_matching(frame: pd.DataFrame, filters: Filters | None) -> pd.DataFrame:
    """Return the rows of the respondents a filter picks (every value compared as text)."""
    chosen = frame
    for name, value in _filter_key(filters):
        column = chosen[name]
        if name == "assisted":
            chosen = chosen[column.astype(bool) == (value.lower() in {"true", "yes", "1"})]
        else:
            chosen = chosen[column.fillna("").astype(str) == value]
    return chosen


def inspection_summary(
    inspection_id: int,
    definitions: dict[str, SurveyDefinition],
    *,
    by: Sequence[str] = ("survey",),
    filters: Filters | None = None,
    min_n: int = DEFAULT_MIN_N,
    version: DataVersion | None = None,
) -> Summary:
    """Return `analysis.summarise` of an inspection's answers (filtered), cached until data changes
    (`version` as for `inspection_frame`)."""
    version = version or data_version(inspection_id)

    def make() -> Summary:
        frame = inspection_frame(inspection_id, definitions, version=version)
        return summarise(respondents_matching(frame, filters), by=by, min_n=min_n)

    key = (tuple(by), _filter_key(filters), min_n)
    return cached_under_data_version("summaries", inspection_id, key, make, version=version)
