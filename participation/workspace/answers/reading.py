"""What a stored reading says about an answer, in words an inspector reads: the evidence words
behind each theme and the tone, and why an answer was not analysed."""

from __future__ import annotations

import json
from dataclasses import dataclass

from analysis.theme_list import THEMES
from participation.models import AnalysisResult
from participation.safeguarding import FAILED, NEEDS_PERSON, safeguarding_evidence
from participation.workspace.names import LANGUAGE_NAMES, THEME_NAMES

EVIDENCE_NAMES = {**THEME_NAMES, "sentiment": "Tone", "safeguarding": "Safeguarding"}


@dataclass(frozen=True)
class Evidence:
    """The words behind one label of a reading."""

    label: str
    words: tuple[str, ...]


def evidence_of(reading: AnalysisResult | None) -> list[Evidence]:
    """Return the evidence words of a reading, theme by theme, then tone and safeguarding."""
    if reading is None:
        return []
    try:
        found = json.loads(reading.evidence or "{}")
    except ValueError:
        return []
    if not isinstance(found, dict):
        return []
    listed = []
    for key in (*THEMES, "sentiment", "safeguarding"):
        words = found.get(key)
        if isinstance(words, list) and words:
            listed.append(Evidence(EVIDENCE_NAMES[key], tuple(str(word) for word in words)))
    return listed


def not_analysed_because(reading: AnalysisResult | None, language: str) -> str | None:
    """Return why the analysis did not read an answer ("written in Polish"), or None if it did."""
    if reading is None:
        return "no reading is stored"
    cues = [cue for cue in safeguarding_evidence(reading.evidence) if cue.startswith(NEEDS_PERSON)]
    if not reading.analysed or any(FAILED in cue for cue in cues):
        return "the analysis could not read it"
    if cues:
        return f"written in {LANGUAGE_NAMES.get(language, language)}"
    return None
