"""Draft "what you told us" pages for the demo inspection, so a newcomer sees the page to approve.

Drafts only: approving and publishing stay an inspector's explicit steps. The lead calls
`write_demo_drafts` from the demo loader.
"""

from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.models import Inspection, ToldUsPage

# In the project's own words, as an inspector would write them (no answer is quoted).
DRAFTS = {
    ("children", "8-11"): (
        "Most of you said there is an adult you can talk to when you are worried.\n\n"
        "Some of you said you do not always know what will happen next.",
        "Some children wanted their worker to explain meetings before they happen.\n"
        "Some children said they liked having the same worker for a long time.",
        "Workers will tell you before each meeting what it is for and who will be there.",
    ),
    ("parents", "all"): (
        "Most parents and carers said staff treat them with respect.\n\n"
        "Many said they were not told how to make a complaint.",
        "Some parents wanted written notes after meetings.",
        "Every family will get a leaflet on how to complain, and notes after each meeting.",
    ),
}


def write_demo_drafts(inspection: Inspection) -> int:
    """Write the draft pages the inspection does not have yet (English, unapproved); commit.

    Return how many were written.
    """
    written = 0
    for survey in inspection.surveys:
        for (key, band), (told_us, examples, will_do) in DRAFTS.items():
            if survey.definition_key != key:
                continue
            exists = db.session.scalar(select(ToldUsPage.id).where(
                ToldUsPage.survey_id == survey.id, ToldUsPage.band == band, ToldUsPage.language == "en"))
            if exists is None:
                db.session.add(ToldUsPage(survey_id=survey.id, band=band, language="en", told_us=told_us,
                                          examples=examples, will_do=will_do, question_keys=[],
                                          edited_by="demo"))
                written += 1
    db.session.commit()
    return written
