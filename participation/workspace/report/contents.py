"""What the printed report of an inspection holds, gathered from what the pages already show.

The figures are the findings page's (`themed_findings`), the aims view's (`by_aim`) and quality
indicator 2.1's evidence (`tagged_figures`), all read from the cached, suppressed summary and kept
per data version; the evaluation and the kept strengths and areas for development are the team's
own rows, read fresh. Nothing here analyses answers or words a figure: the report never differs
from the pages it summarises.

The report links nowhere (a printout cannot follow a link) and carries no quotes: see
docs/workspace.md, "The printed report".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from flask import g

from participation.models import Inspection
from participation.reference import local_authority
from participation.reference.quality_framework import Aim, Grade, QualityIndicator, quality_framework
from participation.workspace.evaluation.findings import KINDS
from participation.workspace.evaluation.records import KEPT, evaluations, latest_decisions
from participation.workspace.evaluation.views import IMPACT_ON_CHILDREN
from participation.workspace.findings.figures import (
    Cell,
    Links,
    ThemeFindings,
    respondents_by_survey,
    themed_findings,
)
from participation.workspace.findings.views import inspection_surveys
from participation.workspace.questions.figures import (
    SurveyFigures,
    by_aim,
    definitions,
    min_n,
    overall_figures,
    tagged_figures,
)
from participation.workspace.summaries import cached_under_data_version, data_version, inspection_summary

BY = ("survey",)
# Nothing in a report links to the pages behind it.
NO_LINKS = Links(answers=lambda **_filters: None, question=lambda _survey, _key: None,
                 answer_of_quote=lambda _source, _text: None)


@dataclass(frozen=True)
class ReportFigures:
    """Everything in the report that comes from answers: the same until the data changes."""

    respondents: tuple[tuple[str, Cell], ...]  # (survey name, people who answered)
    themes: tuple[ThemeFindings, ...]
    aims: dict[int, list[SurveyFigures]]
    evidence: list[SurveyFigures]  # the questions informing quality indicator 2.1


@dataclass(frozen=True)
class Evaluation:
    """The current evaluation of quality indicator 2.1."""

    grade: Grade
    rationale: str
    made_at: dt.datetime
    made_by: str | None


@dataclass(frozen=True)
class Report:
    inspection: Inspection
    local_authority: str | None
    made_on: dt.date
    min_n: int
    aims: tuple[Aim, ...]
    indicator: QualityIndicator
    evaluation: Evaluation | None
    kept: tuple[tuple[str, tuple[str, ...]], ...]  # (kind's name, the kept findings' words)
    figures: ReportFigures


def without_quotes(themes: list[ThemeFindings]) -> tuple[ThemeFindings, ...]:
    """Return the themes with no quotes: the report never carries anyone's own words."""
    return tuple(replace(theme, surveys=tuple(replace(survey, quotes=()) for survey in theme.surveys))
                 for theme in themes)


def report_figures(threshold: int) -> ReportFigures:
    """Return the report's figures, kept per data version (every one from the cached summary)."""
    found = definitions()
    version = data_version(g.inspection.id)  # once: it reads every answer's number

    def make() -> ReportFigures:
        summary = inspection_summary(g.inspection.id, found, by=BY, min_n=threshold, version=version)
        surveys = inspection_surveys()
        figures = overall_figures()
        return ReportFigures(
            respondents=tuple(respondents_by_survey(summary, None, surveys, found)),
            themes=without_quotes(themed_findings(summary, found, surveys, NO_LINKS)),
            aims=by_aim(aim.number for aim in quality_framework().aims),
            evidence=tagged_figures(lambda question: IMPACT_ON_CHILDREN in question.quality_indicators,
                                    figures),
        )

    return cached_under_data_version("report", g.inspection.id, (threshold,), make, version=version)


def current_evaluation() -> Evaluation | None:
    """Return the latest evaluation of quality indicator 2.1, or None before the first."""
    history = evaluations(g.inspection.id, IMPACT_ON_CHILDREN)
    if not history:
        return None
    latest = history[0]
    return Evaluation(quality_framework().grade(latest.grade), latest.rationale, latest.made_at,
                      latest.made_by)


def kept_findings() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return the words of each kind's findings whose latest decision is "kept": never a draft
    (undecided) or a discarded one. Read from the decisions alone, so no draft is derived here."""
    kept = [row for row in latest_decisions(g.inspection.id).values() if row.decision == KEPT]
    kept.sort(key=lambda row: row.draft_key)
    return tuple((name, tuple(row.text for row in kept if row.kind == kind)) for kind, name in KINDS)


def report_of_inspection() -> Report:
    """Return the report of g.inspection as it stands now."""
    framework = quality_framework()
    threshold = min_n()
    authority = local_authority(g.inspection.local_authority_code)
    return Report(
        inspection=g.inspection,
        local_authority=authority.name if authority else None,
        made_on=dt.date.today(),
        min_n=threshold,
        aims=framework.aims,
        indicator=framework.indicator(IMPACT_ON_CHILDREN),
        evaluation=current_evaluation(),
        kept=kept_findings(),
        figures=report_figures(threshold),
    )
