"""An answer as the page shows it, and the lists the filters offer for an inspection."""

from __future__ import annotations

from dataclasses import dataclass

from participation.models import AnalysisResult, Inspection
from participation.surveys import SurveyDefinition
from participation.workspace.answers.forms import AnswerFilterForm, listed
from participation.workspace.answers.listing import ListedAnswer, analysis_themes, corrected_themes
from participation.workspace.answers.reading import Evidence, evidence_of, not_analysed_because
from participation.workspace.names import LANGUAGE_NAMES, THEME_NAMES, TONE_NAMES
from participation.workspace.safeguarding.views import question_text

GROUP_NAMES = {"children": "Child or young person", "parents": "Parent or carer", "staff": "Staff"}


@dataclass(frozen=True)
class ShownAnswer:
    """One answer with everything the page says about it, in words."""

    answer_id: int
    text: str
    survey_title: str
    question: str
    respondent: str
    themes: list[str]  # keys, as figures count them (corrected where corrected)
    tone_key: str | None
    corrected: bool
    analysis_themes: list[str]
    analysis_tone: str | None
    evidence: list[Evidence]
    not_analysed: str | None
    flagged: bool
    entry_id: int | None

    @property
    def theme_names(self) -> list[str]:
        return [THEME_NAMES[theme] for theme in self.themes]

    @property
    def analysis_theme_names(self) -> list[str]:
        return [THEME_NAMES[theme] for theme in self.analysis_themes]

    @property
    def tone(self) -> str:
        return TONE_NAMES.get(self.tone_key or "", "None")

    @property
    def analysis_tone_name(self) -> str:
        return TONE_NAMES.get(self.analysis_tone or "", "None")


def agency_names(definitions: dict[str, SurveyDefinition]) -> dict[str, str]:
    """Return the staff agencies of every survey, key to name."""
    return {option.key: option.label for d in definitions.values() for option in d.agencies}


def describe_respondent(
    group: str,
    age_band: str | None,
    agency: str | None,
    language: str,
    assisted: bool,
    agencies: dict[str, str],
) -> str:
    """Return who answered, in the words the page uses ("Child or young person, 8-11, Polish")."""
    parts = [GROUP_NAMES.get(group, group)]
    if age_band:
        parts.append(f"aged {age_band}")
    if agency:
        parts.append(agencies.get(agency, agency))
    parts.append(f"in {LANGUAGE_NAMES.get(language, language)}")
    if assisted:
        parts.append("with help")
    return ", ".join(parts)


def presented(
    item: ListedAnswer, definitions: dict[str, SurveyDefinition], entry_id: int | None
) -> ShownAnswer:
    """Return how the page shows one listed answer."""
    response, reading = item.response, item.reading
    definition = definitions.get(item.survey)
    return ShownAnswer(
        answer_id=item.answer.id,
        text=item.answer.text or "",
        survey_title=definition.title if definition else item.survey,
        question=question_text(item.survey, item.answer.question_key, response.age_band),
        respondent=describe_respondent(
            response.respondent_group,
            response.age_band,
            response.agency,
            response.language,
            response.assisted,
            agency_names(definitions),
        ),
        themes=corrected_themes(item),
        tone_key=item.correction.sentiment_label if item.correction else _tone(reading),
        corrected=item.correction is not None,
        analysis_themes=analysis_themes(reading),
        analysis_tone=_tone(reading),
        evidence=evidence_of(reading),
        not_analysed=not_analysed_because(reading, response.language),
        flagged=item.flagged,
        entry_id=entry_id,
    )


def _tone(reading: AnalysisResult | None) -> str | None:
    return reading.sentiment_label if reading is not None else None


def choices_for(
    form: AnswerFilterForm, definitions: dict[str, SurveyDefinition], inspection: Inspection
) -> None:
    """Offer the inspection's surveys, their free-text questions and the staff agencies."""
    used = [definitions[s.definition_key] for s in inspection.surveys if s.definition_key in definitions]
    form.survey.choices = [form.survey.choices[0], *listed((d.key, d.title) for d in used)]
    questions: dict[str, tuple[str, list[str]]] = {}
    for definition in used:
        for question in definition.questions:
            if question.type == "free_text":
                words = question.wording(definition.bands[-1]).text
                questions.setdefault(question.key, (words, []))[1].append(definition.key)
    form.question.choices = [
        form.question.choices[0],
        *listed((key, f"{words} ({', '.join(keys)})") for key, (words, keys) in questions.items()),
    ]
    form.agency.choices = [form.agency.choices[0], *listed(agency_names({d.key: d for d in used}).items())]
