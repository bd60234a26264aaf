"""Database models: inspections, their surveys, anonymous responses and their answers.

Anonymity lives in the schema: a response has no link to a person, no IP address, no user agent
and no time finer than the date.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db


def today() -> dt.date:
    """Return today's date: the finest time a response records."""
    return dt.date.today()


def now_utc() -> dt.datetime:
    """Return the current time in UTC (for staff records, never for responses)."""
    return dt.datetime.now(dt.UTC)


class ResponseStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class AnswerStatus(enum.StrEnum):
    ANSWERED = "answered"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"
    SKIPPED = "skipped"


class Inspection(db.Model):
    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    created_on: Mapped[dt.date] = mapped_column(Date, default=today)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # The council area's GSS code (participation/reference/local_authorities.csv), so the same
    # partnership is recognised across inspections whatever its name is written as.
    local_authority_code: Mapped[str | None] = mapped_column(String(9), index=True)
    notified_on: Mapped[dt.date | None] = mapped_column(Date)
    phase_one_on: Mapped[dt.date | None] = mapped_column(Date)
    phase_two_on: Mapped[dt.date | None] = mapped_column(Date)
    report_on: Mapped[dt.date | None] = mapped_column(Date)

    surveys: Mapped[list[Survey]] = relationship(back_populates="inspection", order_by="Survey.id")
    expected_numbers: Mapped[list[ExpectedNumber]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="ExpectedNumber.id"
    )


class ExpectedNumber(db.Model):
    """How many people of a group the coordinator expects could answer: the base of a response rate.

    `agency` is empty except for staff, whose numbers are kept per agency.
    """

    __tablename__ = "expected_number"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    respondent_group: Mapped[str] = mapped_column(String(20))
    agency: Mapped[str] = mapped_column(String(40), default="")
    number: Mapped[int] = mapped_column(Integer)

    inspection: Mapped[Inspection] = relationship(back_populates="expected_numbers")

    __table_args__ = (UniqueConstraint("inspection_id", "respondent_group", "agency"),)


class Survey(db.Model):
    """One survey of an inspection, built from a definition file and reached by its token."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    definition_key: Mapped[str] = mapped_column(String(40))
    # Unguessable, and says nothing about the survey to someone reading the address bar.
    token: Mapped[str] = mapped_column(String(40), unique=True)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)

    inspection: Mapped[Inspection] = relationship(back_populates="surveys")
    responses: Mapped[list[Response]] = relationship(back_populates="survey")

    __table_args__ = (UniqueConstraint("inspection_id", "definition_key"),)


class AssistedLink(db.Model):
    """A single-use link a volunteer makes to start one assisted response to a survey.

    Only a keyed hash of its token is kept, and nothing about who made it or which response it
    started: an assisted response must not lead back to the volunteer who helped.
    """

    __tablename__ = "assisted_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class Response(db.Model):
    """One person's answers to one survey."""

    __tablename__ = "response"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    definition_version: Mapped[int] = mapped_column(Integer)
    respondent_group: Mapped[str] = mapped_column(String(20))  # children, parents, staff
    age_band: Mapped[str | None] = mapped_column(String(10))  # 5-7, 8-11, 12-17 for children
    agency: Mapped[str | None] = mapped_column(String(40))  # staff only
    language: Mapped[str] = mapped_column(String(10), default="en")
    assisted: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=ResponseStatus.IN_PROGRESS, index=True)
    started_on: Mapped[dt.date] = mapped_column(Date, default=today)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    # Keyed hashes only: a copy of the database gives no way back into anyone's answers.
    session_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    resume_expires_on: Mapped[dt.date | None] = mapped_column(Date)
    # Idempotency key of the submit form: a repeated submit finds the response it already sent.
    submit_key: Mapped[str] = mapped_column(String(64), unique=True)

    survey: Mapped[Survey] = relationship(back_populates="responses")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(db.Model):
    """The answer to one question: option keys (never labels) or text.

    What analysis made of a free-text answer is kept apart, append-only, in ``AnalysisResult``;
    ``current_result`` points at the latest reading of the text as it is now (None when there
    is no text to read, or analysis is off).
    """

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    option_keys: Mapped[list[str] | None] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(Text)
    # use_alter: the answer and its results point at each other.
    current_result_id: Mapped[int | None] = mapped_column(
        ForeignKey("analysis_result.id", ondelete="SET NULL", use_alter=True), index=True
    )

    response: Mapped[Response] = relationship(back_populates="answers")
    current_result: Mapped[AnalysisResult | None] = relationship(
        foreign_keys=[current_result_id], post_update=True
    )

    __table_args__ = (UniqueConstraint("response_id", "question_key"),)


class AnalysisResult(db.Model):
    """One reading of a free-text answer by one version of `analysis`; never changed.

    ``version`` is the digest of the lexicons, the model and the code that made it
    (participation.analysis_store.analysis_version), so re-analysis finds what is out of date.
    """

    __tablename__ = "analysis_result"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(64))
    made_on: Mapped[dt.date] = mapped_column(Date, default=today)
    # False when the analysis failed: the answer then waits for a person to read it.
    analysed: Mapped[bool] = mapped_column(Boolean)
    theme_wellbeing: Mapped[bool | None] = mapped_column(Boolean)
    theme_relationships: Mapped[bool | None] = mapped_column(Boolean)
    theme_process: Mapped[bool | None] = mapped_column(Boolean)
    theme_involvement: Mapped[bool | None] = mapped_column(Boolean)
    theme_leadership: Mapped[bool | None] = mapped_column(Boolean)
    sentiment_polarity: Mapped[float | None] = mapped_column(Float)
    sentiment_label: Mapped[str | None] = mapped_column(String(10))
    safeguarding_flag: Mapped[bool] = mapped_column(Boolean)
    evidence: Mapped[str | None] = mapped_column(Text)

    answer: Mapped[Answer] = relationship(foreign_keys=[answer_id])

    # An answer's history, oldest first, without touching the table.
    __table_args__ = (Index("ix_analysis_result_answer_id_id", "answer_id", "id"),)


class SafeguardingReason(enum.StrEnum):
    """Why an answer is in its inspection's safeguarding queue."""

    POSSIBLE_DISCLOSURE = "possible_disclosure"
    LANGUAGE = "language"  # needs a person to read: not English
    ANALYSIS_FAILED = "analysis_failed"  # needs a person to read: the analysis could not
    ANSWER_OF_CONCERN = "answer_of_concern"  # a closed option the survey marks of concern
    MARKED_BY_INSPECTOR = "marked_by_inspector"  # a person saw what the analysis missed


class SafeguardingEntry(db.Model):
    """An answer flagged for the safeguarding queue, as it was when flagged; never removed.

    Editing or deleting the answer leaves the entry (and its snapshot) as it is: ``text`` is the
    only copy of the words the respondent typed then; the retention purge empties it, with
    ``option_keys`` and ``evidence``, and nothing else. Triage is recorded as
    ``SafeguardingDecision`` rows, never by changing this one.
    """

    __tablename__ = "safeguarding_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No cascade: an entry outlives its answer and response, and blocks deleting its inspection.
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"))
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("response.id", ondelete="SET NULL"), index=True
    )
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id", ondelete="SET NULL"), index=True)
    question_key: Mapped[str] = mapped_column(String(60))
    respondent_group: Mapped[str] = mapped_column(String(20))
    age_band: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(30))
    # True when a person must read it before anyone can judge it (not English, analysis failed).
    needs_translation: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str | None] = mapped_column(Text)
    option_keys: Mapped[list[str] | None] = mapped_column(JSON)
    # What the analysis found, copied, so the entry reads the same after re-analysis.
    evidence: Mapped[str | None] = mapped_column(Text)
    analysis_version: Mapped[str | None] = mapped_column(String(64))
    result_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_result.id", ondelete="SET NULL"))
    # Marked by an inspector: who (a user id, kept as text so it outlives the user) and whether
    # the analysis's reading of that text had missed it.
    marked_by: Mapped[str | None] = mapped_column(String(64))
    analysis_missed: Mapped[bool | None] = mapped_column(Boolean)
    flagged_on: Mapped[dt.date] = mapped_column(Date, default=today)

    answer: Mapped[Answer | None] = relationship(foreign_keys=[answer_id])
    result: Mapped[AnalysisResult | None] = relationship(foreign_keys=[result_id])
    decisions: Mapped[list[SafeguardingDecision]] = relationship(
        back_populates="entry", order_by="SafeguardingDecision.id", passive_deletes=True
    )

    @property
    def state(self) -> str:
        """Return where triage has got to: the latest decision that is not a note."""
        for decision in reversed(self.decisions):
            if decision.kind != DecisionKind.NOTE:
                return str(decision.kind)
        return EntryState.NEEDS_TRANSLATION if self.needs_translation else EntryState.NEW


class DecisionKind(enum.StrEnum):
    """What a person decided about a safeguarding entry."""

    NOT_A_CONCERN = "not_a_concern"  # with the reason
    PASSED_TO_LEAD_OFFICER = "passed_to_lead_officer"  # when, to whom, the referral reference
    CLOSED = "closed"
    NOTE = "note"  # adds to the record; changes no state


class EntryState(enum.StrEnum):
    """Where an entry is in triage (the decision kinds, and the two states before any)."""

    NEW = "new"
    NEEDS_TRANSLATION = "needs_translation"
    NOT_A_CONCERN = DecisionKind.NOT_A_CONCERN.value
    PASSED_TO_LEAD_OFFICER = DecisionKind.PASSED_TO_LEAD_OFFICER.value
    CLOSED = DecisionKind.CLOSED.value


class SafeguardingDecision(db.Model):
    """One triage decision or note on a safeguarding entry; a later change is a new row."""

    __tablename__ = "safeguarding_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("safeguarding_entry.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    # A user id kept as text, without a foreign key, so the record outlives the user.
    decided_by: Mapped[str | None] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    reason: Mapped[str | None] = mapped_column(Text)
    passed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    passed_to: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)

    entry: Mapped[SafeguardingEntry] = relationship(back_populates="decisions")


class RetainedCount(db.Model):
    """How many submitted responses gave one outcome to one question, kept after the answers are purged.

    ``outcome_kind`` is "option" (``outcome`` is an option key) or "status" (``outcome`` is
    "answered": how many answered at all, the base of a percentage, or "prefer_not_to_say" or
    "skipped"), or "share" (``outcome`` "base": answers in the base of percentage
    positive; "positive": those that were positive, judged on the wording the respondent saw; see
    `participation.answer_counts`). ``dimension`` is "all", "age_band" or "agency", with
    ``dimension_value`` the band or agency ("" for "all"). With the question's wording version this
    is what the national benchmark and trends need to recompute "percentage positive" after a purge.
    """

    __tablename__ = "retained_count"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No foreign key: the counts outlive what they count.
    inspection_id: Mapped[int] = mapped_column(Integer, index=True)
    local_authority_code: Mapped[str | None] = mapped_column(String(9), index=True)
    survey_key: Mapped[str] = mapped_column(String(40))
    question_key: Mapped[str] = mapped_column(String(60))
    wording_version: Mapped[int] = mapped_column(Integer)
    outcome_kind: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(60))
    dimension: Mapped[str] = mapped_column(String(20))
    dimension_value: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint(
            "inspection_id", "survey_key", "question_key", "wording_version", "outcome_kind",
            "outcome", "dimension", "dimension_value",
        ),
    )


class AnswerCorrection(db.Model):
    """An inspector's reading of one free-text answer, kept beside the analysis (never over it).

    The latest correction of an answer gives the labels every figure uses. ``from_review`` marks a
    label given while reviewing the inspection's random sample (the agreement page's unbiased
    figures read only those); a correction made while browsing has it False. ``themes`` lists
    theme names from ``analysis.theme_list.THEMES``; ``safeguarding`` is the inspector's view of
    whether the answer needed safeguarding attention (None when not given).
    """

    __tablename__ = "answer_correction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    themes: Mapped[list[str]] = mapped_column(JSON)
    sentiment_label: Mapped[str] = mapped_column(String(10))
    safeguarding: Mapped[bool | None] = mapped_column(Boolean)
    from_review: Mapped[bool] = mapped_column(Boolean, default=False)
    # A user id and e-mail kept as text, without a foreign key, so the record outlives the user.
    made_by_id: Mapped[int | None] = mapped_column(Integer)
    made_by: Mapped[str | None] = mapped_column(String(254))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


class ReviewSampleAnswer(db.Model):
    """One answer of an inspection's random review sample, in the order it was drawn."""

    __tablename__ = "review_sample_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    drawn_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    __table_args__ = (UniqueConstraint("inspection_id", "answer_id"),)


class AppendOnlyError(RuntimeError):
    """A record that is kept as written was about to be changed or deleted."""


# The retention purge may empty an entry's snapshot (the evidence is words of the answer too);
# nothing else of these rows ever changes.
_PURGEABLE = {SafeguardingEntry: frozenset({"text", "option_keys", "evidence"})}


def _refuse_change(mapper, _connection, target) -> None:
    # Columns only: adding a decision to an entry's list changes no column of the entry.
    state = inspect(target)
    changed = {c.key for c in mapper.column_attrs if state.attrs[c.key].history.has_changes()}
    purgeable = _PURGEABLE.get(type(target), frozenset())
    if changed <= purgeable and all(getattr(target, name) is None for name in changed):
        return
    raise AppendOnlyError(f"{type(target).__name__} rows are never changed: add a new one")


def _refuse_delete(_mapper, _connection, target) -> None:
    raise AppendOnlyError(f"{type(target).__name__} rows are never deleted")


for _model in (AnalysisResult, SafeguardingEntry, SafeguardingDecision, AnswerCorrection):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_delete)


# --- The workspace's people: users, their memberships of inspections, and the audit -------------


class Role(enum.StrEnum):
    """Who a workspace user is. Admin is held by a user; the others by a membership of an inspection."""

    ADMIN = "admin"
    INSPECTOR = "inspector"
    COORDINATOR = "coordinator"
    VOLUNTEER = "volunteer"


MEMBER_ROLES: tuple[Role, ...] = (Role.INSPECTOR, Role.COORDINATOR, Role.VOLUNTEER)


class User(db.Model):
    """A member of inspection staff who signs in to the workspace (never a respondent)."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    # Set when an admin gives a one-time password: the user must choose their own at sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Base32 TOTP secret; None until the user enrols (again, after an admin's reset).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last TOTP time step accepted, so a code seen over a shoulder cannot be used again.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Part of the signed-in session's identity: changing it ends every session of this user.
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Membership.id"
    )
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="RecoveryCode.id"
    )


class Membership(db.Model):
    """A user's role in one inspection."""

    __tablename__ = "membership"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="memberships")
    inspection: Mapped[Inspection] = relationship()

    __table_args__ = (UniqueConstraint("user_id", "inspection_id"),)


class RecoveryCode(db.Model):
    """A single-use code that stands in for a TOTP code; only its hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class AuditRecord(db.Model):
    """Who did what, when: append-only, with no answer text and no foreign keys (it outlives its subjects)."""

    __tablename__ = "audit_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc, index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    # The acting user's e-mail address as it was (or the address typed at a failed sign-in).
    actor: Mapped[str | None] = mapped_column(String(254), index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    # What the action was about, as plain values: a user's e-mail, an inspection's number and name.
    subject: Mapped[str | None] = mapped_column(String(254))
    inspection_id: Mapped[int | None] = mapped_column(Integer, index=True)
    inspection_name: Mapped[str | None] = mapped_column(String(200))
    ip_address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(500))


# PostgreSQL refuses any change to an audit record; the migration installs the same trigger.
AUDIT_APPEND_ONLY_SQL = (
    "CREATE OR REPLACE FUNCTION audit_record_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit records cannot be changed or deleted'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record "
    "FOR EACH ROW EXECUTE FUNCTION audit_record_append_only()",
)
for _statement in AUDIT_APPEND_ONLY_SQL:
    event.listen(
        AuditRecord.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )


@event.listens_for(AuditRecord, "before_update")
@event.listens_for(AuditRecord, "before_delete")
def _refuse_audit_change(_mapper, _connection, record: AuditRecord) -> None:
    """Refuse to change or delete an audit record through the ORM, on every database."""
    raise PermissionError("audit records cannot be changed or deleted")


# --- The inspection's evaluations and the findings its team keeps ------------------------------


class QualityEvaluation(db.Model):
    """An inspector's evaluation of one quality indicator on the six-point scale; never changed.

    A later evaluation is a new row: the latest is the inspection's current one, the rest its
    history. ``grade`` is 6 (Excellent) to 1 (Unsatisfactory), as in
    participation/reference/quality_framework.yaml.
    """

    __tablename__ = "quality_evaluation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(String(8))
    grade: Mapped[int] = mapped_column(Integer)
    rationale: Mapped[str] = mapped_column(Text)
    # A user id and e-mail kept as text, without a foreign key, so the record outlives the user.
    made_by_id: Mapped[int | None] = mapped_column(Integer)
    made_by: Mapped[str | None] = mapped_column(String(254))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


class FindingDecision(db.Model):
    """What an inspector decided about one draft strength or area for development; never changed.

    ``draft_key`` is the draft's stable key (analysis.drafts); the latest decision on a key is
    the one that counts. ``decision`` is "kept" (with ``text`` as kept, edited or not) or
    "discarded". ``evidence`` holds the filters that lead to the answers behind the draft.
    """

    __tablename__ = "finding_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    draft_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    decision: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict] = mapped_column(JSON)
    made_by_id: Mapped[int | None] = mapped_column(Integer)
    made_by: Mapped[str | None] = mapped_column(String(254))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


for _model in (QualityEvaluation, FindingDecision):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_delete)
# --- "What you told us": the page inspectors write for the people who answered a survey -------


class ToldUsPage(db.Model):
    """What one survey's respondents of one age band told the inspection, in one language.

    Written by inspectors as stored text (never the gettext catalogs). ``band`` is an age band of
    the survey's definition ("all" for parents and staff). ``examples`` are paraphrases an
    inspector wrote, one a line, never an answer's own words. ``question_keys`` are the questions
    whose figures are shown. Saving the page adds one to ``revision``; it is approved, and so may
    be shown, only while ``approved_revision`` equals ``revision``: any edit needs approval again.
    """

    __tablename__ = "told_us_page"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    band: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(10))
    told_us: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[str] = mapped_column(Text, default="")
    will_do: Mapped[str] = mapped_column(Text, default="")
    question_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # Users kept as id and e-mail text, without a foreign key, so the record outlives the user.
    edited_by_id: Mapped[int | None] = mapped_column(Integer)
    edited_by: Mapped[str | None] = mapped_column(String(254))
    edited_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    approved_revision: Mapped[int | None] = mapped_column(Integer)
    approved_by_id: Mapped[int | None] = mapped_column(Integer)
    approved_by: Mapped[str | None] = mapped_column(String(254))
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The figures as approved (question_key, n, percent, withheld), so a respondent sees exactly
    # what an inspector approved and no request of theirs runs the analysis; and how many sent
    # responses the survey had then: more since means the figures need approving again.
    approved_figures: Mapped[list[dict]] = mapped_column(JSON, default=list)
    responses_at_approval: Mapped[int | None] = mapped_column(Integer)

    survey: Mapped[Survey] = relationship()

    __table_args__ = (UniqueConstraint("survey_id", "band", "language"),)

    @property
    def approved(self) -> bool:
        """Say whether the page as it is now was approved (an edit since then undoes it)."""
        return self.approved_at is not None and self.approved_revision == self.revision


class ToldUsPublication(db.Model):
    """Whether an inspection has published its "what you told us" pages, and who last said so."""

    __tablename__ = "told_us_publication"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE"), unique=True
    )
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_by_id: Mapped[int | None] = mapped_column(Integer)
    changed_by: Mapped[str | None] = mapped_column(String(254))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
