"""Create and change inspections: their details, their three surveys, their expected numbers."""

from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import delete, select

from participation.extensions import db
from participation.models import ExpectedNumber, Inspection, Membership, Survey
from participation.reference import local_authority
from participation.workspace.inspections.forms import InspectionForm

DETAILS = (
    "name",
    "partnership",
    "local_authority_code",
    "notified_on",
    "phase_one_on",
    "phase_two_on",
    "report_on",
)
NOT_RECORDED = "Not recorded"


def new_survey_token() -> str:
    """Return an unguessable token for a survey's address (22 characters)."""
    return secrets.token_urlsafe(16)


def add_inspection(form: InspectionForm) -> Inspection:
    """Add an inspection from the form, with one closed survey per survey definition."""
    inspection = Inspection()
    for name in DETAILS:
        setattr(inspection, name, getattr(form, name).data)
    db.session.add(inspection)
    db.session.flush()
    for key in current_app.extensions["survey_definitions"]:
        # Closed until its inspectors open it: a survey takes answers only when they choose.
        db.session.add(
            Survey(inspection_id=inspection.id, definition_key=key, token=new_survey_token(), is_open=False)
        )
    return inspection


def change_details(inspection: Inspection, form: InspectionForm) -> list[str]:
    """Copy the form's details onto the inspection; return the names of those that changed."""
    changed = []
    for name in DETAILS:
        value = getattr(form, name).data
        if getattr(inspection, name) != value:
            setattr(inspection, name, value)
            changed.append(name)
    return changed


def authority_name(inspection: Inspection) -> str:
    authority = local_authority(inspection.local_authority_code)
    return authority.name if authority else NOT_RECORDED


def inspection_list() -> list[tuple[Inspection, str, int]]:
    """Return every inspection with its local authority's name and its number of members."""
    inspections = db.session.scalars(select(Inspection).order_by(Inspection.name)).all()
    members = dict(
        db.session.execute(
            select(Membership.inspection_id, db.func.count(Membership.id)).group_by(Membership.inspection_id)
        ).all()
    )
    return [
        (inspection, authority_name(inspection), members.get(inspection.id, 0)) for inspection in inspections
    ]


def expected_fields(definitions: dict) -> list[tuple[str, str, str, str]]:
    """Return (field name, label, group, agency) for every number a coordinator can enter."""
    fields = []
    for definition in definitions.values():
        if definition.audience == "staff":
            fields += [
                (f"staff__{agency.key}", f"Staff: {agency.label}", "staff", agency.key)
                for agency in definition.agencies
            ]
        else:
            fields.append((definition.audience, definition.title, definition.audience, ""))
    return fields


def expected_values(inspection: Inspection, fields) -> dict[str, int]:
    by_key = {(row.respondent_group, row.agency): row.number for row in inspection.expected_numbers}
    return {
        name: by_key[(group, agency)] for name, _label, group, agency in fields if (group, agency) in by_key
    }


def save_expected(inspection: Inspection, fields, form) -> None:
    """Replace the inspection's expected numbers with the form's (a blank field removes one)."""
    db.session.execute(delete(ExpectedNumber).where(ExpectedNumber.inspection_id == inspection.id))
    for name, _label, group, agency in fields:
        number = form[name].data
        if number is not None:
            db.session.add(
                ExpectedNumber(
                    inspection_id=inspection.id, respondent_group=group, agency=agency, number=number
                )
            )
    db.session.expire(inspection, ["expected_numbers"])
