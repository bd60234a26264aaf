"""Safeguarding entries and the decisions recorded on them (the data behind the workspace's queue).

An entry is made the moment an answer is flagged (a possible disclosure, an answer a person must
read, a closed answer of concern, or an inspector's mark) and is never changed or removed; a
decision or a note is a new ``SafeguardingDecision`` row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.models import (
    AnalysisResult,
    Answer,
    DecisionKind,
    Response,
    SafeguardingDecision,
    SafeguardingEntry,
    SafeguardingReason,
)

# How `analysis` marks, in a reading's safeguarding evidence, an answer it could not read.
NEEDS_PERSON = "needs_human_read:"
NOT_ENGLISH = "not English"
FAILED = "analysis failed"


class DecisionError(ValueError):
    """A decision is missing what its kind needs; the message says what, in plain words."""


def reason_of(reading: AnalysisResult) -> SafeguardingReason | None:
    """Return why a reading puts its answer in the queue, or None when it does not.

    A cue of harm outweighs the language: a Polish answer with an English disclosure in it is
    a possible disclosure (that also needs translating).
    """
    if not reading.safeguarding_flag:
        return None
    cues = safeguarding_evidence(reading.evidence)
    markers = [cue for cue in cues if cue.startswith(NEEDS_PERSON)]
    if not reading.analysed or any(FAILED in marker for marker in markers):
        return SafeguardingReason.ANALYSIS_FAILED
    if len(markers) < len(cues) or not markers:
        return SafeguardingReason.POSSIBLE_DISCLOSURE
    return SafeguardingReason.LANGUAGE


def safeguarding_evidence(evidence: str | None) -> list[str]:
    """Return the cues a stored reading (or an entry's copy of it) gave for flagging its answer."""
    try:
        found = json.loads(evidence or "{}").get("safeguarding", [])
    except (ValueError, AttributeError):
        return []
    return [str(cue) for cue in found] if isinstance(found, list) else []


def _needs_translation(reading: AnalysisResult) -> bool:
    return not reading.analysed or any(
        cue.startswith(NEEDS_PERSON) for cue in safeguarding_evidence(reading.evidence)
    )


def _entry_for(answer: Answer, response: Response, reason: SafeguardingReason, **fields) -> SafeguardingEntry:
    return SafeguardingEntry(
        inspection_id=response.survey.inspection_id,
        survey_id=response.survey_id,
        response_id=response.id,
        answer_id=answer.id,
        question_key=answer.question_key,
        respondent_group=response.respondent_group,
        age_band=response.age_band,
        language=response.language,
        reason=str(reason),
        **fields,
    )


def _already_entered(answer_id: int, reason: SafeguardingReason, text: str | None,
                     option_keys: Sequence[str] | None) -> bool:
    """Say whether the answer already has an entry for this reason with this very snapshot."""
    entries = db.session.scalars(
        select(SafeguardingEntry).where(
            SafeguardingEntry.answer_id == answer_id, SafeguardingEntry.reason == str(reason)
        )
    )
    wanted = list(option_keys) if option_keys else None
    return any(entry.text == text and (entry.option_keys or None) == wanted for entry in entries)


def flag_reading(answer: Answer, reading: AnalysisResult) -> SafeguardingEntry | None:
    """Add a queue entry when a reading flags the answer's text (not committed).

    The same text flagged again (a re-save, a re-analysis) adds nothing; a new text does.
    """
    reason = reason_of(reading)
    if reason is None or _already_entered(answer.id, reason, answer.text, None):
        return None
    entry = _entry_for(
        answer, answer.response, reason,
        needs_translation=_needs_translation(reading),
        text=answer.text,
        evidence=reading.evidence,
        analysis_version=reading.version,
        result=reading,
    )
    db.session.add(entry)
    return entry


def flag_answer_of_concern(answer: Answer, chosen: Sequence[str]) -> SafeguardingEntry | None:
    """Add a queue entry for a closed answer whose chosen options the survey marks of concern."""
    keys = list(chosen)
    reason = SafeguardingReason.ANSWER_OF_CONCERN
    if not keys or _already_entered(answer.id, reason, None, keys):
        return None
    entry = _entry_for(answer, answer.response, reason, option_keys=keys)
    db.session.add(entry)
    return entry


def mark_by_inspector(answer: Answer, user_id: int | str) -> SafeguardingEntry:
    """Put an answer in the queue by hand, as it reads now, and record whether analysis missed it.

    ``analysis_missed`` is True when the answer's current reading had not flagged it (or it had
    no reading): the evidence to improve the lexicon. Flushed, not committed: the caller
    commits it with its audit record.
    """
    reading = answer.current_result
    entry = _entry_for(
        answer, answer.response, SafeguardingReason.MARKED_BY_INSPECTOR,
        text=answer.text,
        option_keys=answer.option_keys,
        evidence=reading.evidence if reading else None,
        analysis_version=reading.version if reading else None,
        result=reading,
        marked_by=str(user_id),
        analysis_missed=reading is None or not reading.safeguarding_flag,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def record_decision(
    entry: SafeguardingEntry,
    kind: DecisionKind | str,
    decided_by: int | str | None,
    *,
    reason: str | None = None,
    passed_at: dt.datetime | None = None,
    passed_to: str | None = None,
    reference: str | None = None,
    note: str | None = None,
) -> SafeguardingDecision:
    """Append a decision (or note) to an entry; raise DecisionError if something it needs is missing.

    Not a concern needs a reason; passed to the lead officer needs when and to whom (the
    referral reference may follow in a note); a note needs its text; closing may carry a note.
    Flushed, not committed: the caller commits it with its audit record.
    """
    try:
        kind = DecisionKind(kind)
    except ValueError:
        raise DecisionError(f"Unknown decision {kind!r}") from None
    reason, passed_to, reference, note = (_clean(v) for v in (reason, passed_to, reference, note))
    if kind == DecisionKind.NOT_A_CONCERN and not reason:
        raise DecisionError("Say why this is not a concern")
    if kind == DecisionKind.PASSED_TO_LEAD_OFFICER:
        if passed_at is None:
            raise DecisionError("Say when it was passed to the lead officer")
        if not passed_to:
            raise DecisionError("Say who it was passed to")
    if kind == DecisionKind.NOTE and not note:
        raise DecisionError("Write the note")
    decision = SafeguardingDecision(
        entry_id=entry.id,
        kind=str(kind),
        decided_by=None if decided_by is None else str(decided_by),
        reason=reason,
        passed_at=passed_at,
        passed_to=passed_to,
        reference=reference,
        note=note,
    )
    db.session.add(decision)
    db.session.flush()
    db.session.expire(entry, ["decisions"])
    return decision


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def entries_of_inspection(inspection_id: int) -> list[SafeguardingEntry]:
    """Return an inspection's entries, newest first, with their decisions loaded."""
    return list(
        db.session.scalars(
            select(SafeguardingEntry)
            .where(SafeguardingEntry.inspection_id == inspection_id)
            .options(selectinload(SafeguardingEntry.decisions))
            .order_by(SafeguardingEntry.id.desc())
        )
    )
