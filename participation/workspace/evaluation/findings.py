"""The draft findings of an inspection, derived by `analysis.drafts`, beside what inspectors decided.

A draft an inspector kept stays on the page even when the figures later stop producing it:
what the team keeps is theirs, not the analysis's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import g, url_for

from analysis.drafts import AREA_FOR_DEVELOPMENT, STRENGTH, Draft, question_drafts, theme_drafts
from participation.workspace.evaluation.records import DISCARDED, KEPT, DraftOrigin, latest_decisions
from participation.workspace.questions.comparisons import cached_result
from participation.workspace.questions.figures import (
    FREE_TEXT,
    answers_link,
    definitions,
    min_n,
    question_words,
)
from participation.workspace.summaries import inspection_frame, inspection_summary

MULTIPLE_CHOICE = "multiple_choice"
KINDS = ((STRENGTH, "Strengths"), (AREA_FOR_DEVELOPMENT, "Areas for development"))
DRAFT = "draft"


@dataclass(frozen=True)
class FindingItem:
    """One finding as the page shows it: its state (draft, kept, discarded) and its evidence."""

    origin: DraftOrigin
    state: str
    text: str
    evidence_link: str | None
    decided_by: str | None = None


def derived_drafts() -> list[Draft]:
    """Return the drafts the inspection's current figures give (cached until the data changes)."""

    def make() -> list[Draft]:
        found = definitions()
        wordings = {
            (definition.key, question.key): question_words(definition, question)
            for definition in found.values() for question in definition.questions
            # "Positive" of a multiple-choice question (any positive option) reads badly as a finding.
            if question.type not in (FREE_TEXT, MULTIPLE_CHOICE)
        }
        frame = inspection_frame(g.inspection.id, found)
        summary = inspection_summary(g.inspection.id, found, by=("survey",), min_n=min_n())
        return question_drafts(frame, wordings, min_n=min_n()) + theme_drafts(summary.sentiment)

    return cached_result("drafts", make)


def evidence_link(evidence: Mapping[str, str]) -> str | None:
    """Return where a finding's evidence is: the answers behind a theme, or a question's figure."""
    if "question" in evidence:
        return url_for("questions.aims", _anchor=f"{evidence['survey']}-{evidence['question']}")
    return answers_link(**evidence)


def origins() -> dict[str, DraftOrigin]:
    """Return every draft an inspector may decide on: derived now, or decided on before."""
    found = {
        key: DraftOrigin(row.draft_key, row.kind, row.text, row.evidence)
        for key, row in latest_decisions(g.inspection.id).items()
    }
    for draft in derived_drafts():
        found[draft.key] = DraftOrigin(draft.key, draft.kind, draft.text, dict(draft.evidence))
    return found


def finding_items() -> dict[str, list[FindingItem]]:
    """Return the findings of each kind: kept first, then drafts to decide on, then discarded."""
    decisions = latest_decisions(g.inspection.id)
    items: list[FindingItem] = []
    for origin in origins().values():
        decision = decisions.get(origin.key)
        state = decision.decision if decision else DRAFT
        text = decision.text if decision else origin.text
        items.append(FindingItem(origin, state, text, evidence_link(origin.evidence),
                                 decision.made_by if decision else None))
    order = {KEPT: 0, DRAFT: 1, DISCARDED: 2}
    items.sort(key=lambda item: (order[item.state], item.origin.key))
    return {kind: [item for item in items if item.origin.kind == kind] for kind, _name in KINDS}
