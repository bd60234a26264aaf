"""Database models: inspections, their surveys, anonymous responses and their answers.

Anonymity lives in the schema: a response has no link to a person, no IP address, no user agent
and no time finer than the date.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db


def today() -> dt.date:
    """Return today's date: the finest time a response records."""
    return dt.date.today()


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

    surveys: Mapped[list[Survey]] = relationship(back_populates="inspection", order_by="Survey.id")


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
    """The answer to one question: option keys (never labels) or text, and what analysis found."""

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    option_keys: Mapped[list[str] | None] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(Text)

    # Filled in by the analysis package for free-text answers.
    analysed: Mapped[bool] = mapped_column(Boolean, default=False)
    theme_wellbeing: Mapped[bool | None] = mapped_column(Boolean)
    theme_relationships: Mapped[bool | None] = mapped_column(Boolean)
    theme_process: Mapped[bool | None] = mapped_column(Boolean)
    theme_involvement: Mapped[bool | None] = mapped_column(Boolean)
    theme_leadership: Mapped[bool | None] = mapped_column(Boolean)
    sentiment_polarity: Mapped[float | None] = mapped_column(Float)
    sentiment_label: Mapped[str | None] = mapped_column(String(10))
    safeguarding_flag: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    analysis_evidence: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("response_id", "question_key"),)
