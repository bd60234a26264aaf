"""Write, approve and publish "what you told us" pages: each change audited with who and when."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select

from participation.extensions import db
from participation.models import Inspection, Survey, ToldUsPage, ToldUsPublication, now_utc
from participation.told_us import is_current
from participation.workspace.audit import AuditAction, record


@dataclass(frozen=True)
class Draft:
    """What an inspector typed and chose for a page."""

    told_us: str
    examples: str
    will_do: str
    question_keys: list[str]


def find_page(survey: Survey, band: str, language: str) -> ToldUsPage | None:
    """Return the survey's page for a band and language, if one has been written."""
    return db.session.scalar(
        select(ToldUsPage).where(
            ToldUsPage.survey_id == survey.id, ToldUsPage.band == band, ToldUsPage.language == language
        )
    )


def pages_of(inspection: Inspection) -> dict[tuple[int, str, str], ToldUsPage]:
    """Return every page of the inspection's surveys by (survey id, band, language)."""
    pages = db.session.scalars(
        select(ToldUsPage).join(Survey, ToldUsPage.survey_id == Survey.id)
        .where(Survey.inspection_id == inspection.id)
    )
    return {(page.survey_id, page.band, page.language): page for page in pages}


def _describe(page: ToldUsPage) -> str:
    return (f"survey {page.survey_id} ({page.survey.definition_key}), band {page.band}, "
            f"language {page.language}, revision {page.revision}")


def save_page(survey: Survey, band: str, language: str, draft: Draft) -> ToldUsPage:
    """Write the page (a new revision, needing approval again) unless nothing changed; commit."""
    page = find_page(survey, band, language)
    if page is None:
        page = ToldUsPage(survey=survey, band=band, language=language, revision=0)
        db.session.add(page)
    elif (page.told_us, page.examples, page.will_do, list(page.question_keys or [])) == (
        draft.told_us, draft.examples, draft.will_do, draft.question_keys
    ):
        return page  # the same words: its approval stands
    page.told_us, page.examples, page.will_do = draft.told_us, draft.examples, draft.will_do
    page.question_keys = list(draft.question_keys)
    page.revision += 1
    page.edited_by_id, page.edited_by, page.edited_at = current_user.id, current_user.email, now_utc()
    page.approved_revision = page.approved_by_id = page.approved_by = page.approved_at = None
    page.approved_figures, page.responses_at_approval = [], None
    record(AuditAction.TOLD_US_SAVED, inspection=survey.inspection, detail=_describe(page))
    db.session.commit()
    return page


def approve_page(page: ToldUsPage, figures: list[dict], sent: int) -> None:
    """Approve the page as it is now, with its figures of `sent` responses, by the signed-in
    inspector; commit."""
    if is_current(page, sent):
        return
    page.approved_revision = page.revision
    page.approved_by_id, page.approved_by, page.approved_at = current_user.id, current_user.email, now_utc()
    page.approved_figures, page.responses_at_approval = figures, sent
    record(AuditAction.TOLD_US_APPROVED, inspection=page.survey.inspection,
           detail=f"{_describe(page)}, figures of {sent} responses")
    db.session.commit()


def publication_of(inspection: Inspection) -> ToldUsPublication | None:
    return db.session.scalar(
        select(ToldUsPublication).where(ToldUsPublication.inspection_id == inspection.id)
    )


def set_published(inspection: Inspection, published: bool) -> None:
    """Publish the inspection's approved pages (or withdraw them) on closed surveys' links; commit."""
    publication = publication_of(inspection)
    if (publication.published if publication is not None else False) == published:
        return
    if publication is None:
        publication = ToldUsPublication(inspection_id=inspection.id)
        db.session.add(publication)
    publication.published = published
    publication.changed_by_id, publication.changed_by = current_user.id, current_user.email
    publication.changed_at = now_utc()
    record(
        AuditAction.TOLD_US_PUBLISHED if published else AuditAction.TOLD_US_WITHDRAWN,
        inspection=inspection,
    )
    db.session.commit()
