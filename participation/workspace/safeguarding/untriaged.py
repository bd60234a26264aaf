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
    inspects: bool  # the user is an inspector of it, so may follow a link to its queue


def untriaged_counts(user_id: int, *, every_inspection: bool) -> list[Untriaged]:
    """Count entries with no decision yet (notes aside), per inspection the user inspects, or
    per every inspection for an admin; one query."""
    decided = exists().where(
        SafeguardingDecision.entry_id == SafeguardingEntry.id,
        SafeguardingDecision.kind != DecisionKind.NOTE.value,
    )
    inspects = exists().where(
        Membership.user_id == user_id,
        Membership.inspection_id == Inspection.id,
        Membership.role == Role.INSPECTOR.value,
    )
    query = (
        select(Inspection.id, Inspection.name, func.count(SafeguardingEntry.id), inspects)
        .join(SafeguardingEntry, SafeguardingEntry.inspection_id == Inspection.id)
        .where(~decided)
        .group_by(Inspection.id, Inspection.name)
        .order_by(Inspection.name)
    )
    if not every_inspection:
        query = query.where(inspects)
    return [Untriaged(*row) for row in db.session.execute(query)]


def untriaged_context() -> dict:
    """Give the layout `untriaged`: an inspector's inspections, or every inspection for an admin.

    An admin sees numbers only; a link to a queue (and its words) shows only where the user is
    one of the inspection's inspectors.
    """
    if not has_request_context() or not current_user.is_authenticated:
        return {"untriaged": []}
    return {"untriaged": untriaged_counts(current_user.id, every_inspection=bool(current_user.is_admin))}
