"""How many safeguarding entries wait for triage, per inspection, for the workspace layout."""

from __future__ import annotations

from typing import NamedTuple

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import exists, func, select

from participation.extensions import db
from participation.models import (
    DecisionKind,
    Inspection,
    Membership,
    Role,
    SafeguardingDecision,
    SafeguardingEntry,
)


class Untriaged(NamedTuple):
    inspection_id: int
    inspection_name: str
    count: int


def untriaged_counts(user_id: int, *, every_inspection: bool) -> list[Untriaged]:
    """Count entries with no decision yet (notes aside), per inspection the user inspects, or
    per every inspection for an admin; one query."""
    decided = exists().where(
        SafeguardingDecision.entry_id == SafeguardingEntry.id,
        SafeguardingDecision.kind != DecisionKind.NOTE.value,
    )
    query = (
        select(Inspection.id, Inspection.name, func.count(SafeguardingEntry.id))
        .join(SafeguardingEntry, SafeguardingEntry.inspection_id == Inspection.id)
        .where(~decided)
        .group_by(Inspection.id, Inspection.name)
        .order_by(Inspection.name)
    )
    if not every_inspection:
        query = query.where(
            Inspection.id.in_(
                select(Membership.inspection_id).where(
                    Membership.user_id == user_id, Membership.role == Role.INSPECTOR.value
                )
            )
        )
    return [Untriaged(*row) for row in db.session.execute(query)]


def untriaged_context() -> dict:
    """Give the layout `untriaged` (admins: across inspections) and whether it may link to queues."""
    if not has_request_context() or not current_user.is_authenticated:
        return {"untriaged": [], "untriaged_links": False}
    admin = bool(current_user.is_admin)
    return {
        "untriaged": untriaged_counts(current_user.id, every_inspection=admin),
        # An admin sees numbers only: the queue (and its text) is for the inspection's inspectors.
        "untriaged_links": not admin,
    }
