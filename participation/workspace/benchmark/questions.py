"""What the benchmark's questions are called and which themes they belong to, from the survey
definitions: a question is read in the wording version people answered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from analysis.benchmark import QuestionId
from participation.surveys import Question, SurveyDefinition

Versions = Mapping[str, Mapping[int, SurveyDefinition]]


@dataclass(frozen=True)
class QuestionInfo:
    """A compared question as the page shows it."""

    text: str
    themes: tuple[str, ...]
    latest: bool  # asked in these words in the survey's current version


def _as_answered(versions: Versions, question: QuestionId) -> Question | None:
    """Return the question in the newest survey version that asked it in these words."""
    survey, key, wording_version = question
    for version in sorted(versions.get(survey, {}), reverse=True):
        try:
            found = versions[survey][version].question(key)
        except KeyError:
            continue
        if found.wording_version == wording_version:
            return found
    return None


def describe(versions: Versions, questions: Iterable[QuestionId]) -> dict[QuestionId, QuestionInfo]:
    """Return the wording (the oldest age band's, which says most) and themes of each question."""
    described = {}
    for question in questions:
        found = _as_answered(versions, question)
        if found is None:
            described[question] = QuestionInfo(question[1], (), False)
            continue
        band = list(found.wordings)[-1]
        survey = versions[question[0]]
        current = survey[max(survey)]
        latest = any(q.key == found.key and q.wording_version == found.wording_version
                     for q in current.questions)
        described[question] = QuestionInfo(found.wording(band).text, found.themes, latest)
    return described


def in_survey_order(versions: Versions, questions: Iterable[QuestionId]) -> list[QuestionId]:
    """Return the questions by survey, in the order the current version asks them (older wordings
    beside the current one; questions no longer asked last)."""
    surveys = list(versions)
    position: dict[tuple[str, str], int] = {}
    for survey in surveys:
        current = versions[survey][max(versions[survey])]
        for index, key in enumerate(current.question_keys):
            position[(survey, key)] = index

    def order(question: QuestionId) -> tuple:
        survey, key, wording_version = question
        survey_place = surveys.index(survey) if survey in surveys else len(surveys)
        return (survey_place, position.get((survey, key), len(position)), key, -wording_version)

    return sorted(questions, key=order)
