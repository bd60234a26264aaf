"""Every question, hint and answer is written for its readers' reading age.

Reading age is taken as the Flesch-Kincaid grade (textstat) plus 5, measured on items of at least
8 words (shorter ones give the formula too little to go on). Limits: 9 for ages 5-7 and 8-11 (as
GOV.UK writes for 9), 12 for ages 12-17 and for parents, 14 for staff. Run with `-s` to see each
group's median and hardest items.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import pytest
import textstat

from participation.surveys import DEFINITIONS_DIR, SurveyDefinition, load_definitions

LIMITS = {"5-7": 9, "8-11": 9, "12-17": 12, "parents": 12, "staff": 14}
MIN_WORDS = 8
SHOWN = 5


@dataclass(frozen=True)
class Item:
    """One piece of wording a group reads, where it comes from, and its reading age."""

    where: str
    text: str

    @property
    def reading_age(self) -> float:
        # Rounded as it is printed, so an item shown as 9.0 is within a limit of 9.
        return round(textstat.flesch_kincaid_grade(self.text) + 5, 1)


def items_by_group(definitions: dict[str, SurveyDefinition]) -> dict[str, list[Item]]:
    """Return the wording each group reads (age bands for children), long enough to measure."""
    groups: dict[str, dict[str, Item]] = {}
    for survey in definitions.values():
        for band in survey.bands:
            group = groups.setdefault(survey.key if band == "all" else band, {})
            texts = [("intro", survey.intro)]
            for question in survey.questions:
                wording = question.wording(band)
                texts.append((f"{question.key} text", wording.text))
                if wording.hint:
                    texts.append((f"{question.key} hint", wording.hint))
                texts += [(f"{question.key} option {o.key}", o.label) for o in wording.options]
            for where, text in texts:
                if len(text.split()) >= MIN_WORDS:
                    group.setdefault(text, Item(where, text))
    return {group: list(items.values()) for group, items in groups.items()}


def report(group: str, items: list[Item]) -> str:
    """Describe a group's median reading age and its hardest items, hardest first."""
    hardest = sorted(items, key=lambda item: item.reading_age, reverse=True)[:SHOWN]
    median = statistics.median(item.reading_age for item in items)
    lines = [f"{group}: {len(items)} items, median reading age {median:.1f}, limit {LIMITS[group]}"]
    lines += [f"  {item.reading_age:5.1f}  {item.where}: {item.text}" for item in hardest]
    return "\n".join(lines)


def too_hard(group: str, items: list[Item]) -> list[Item]:
    return [item for item in items if item.reading_age > LIMITS[group]]


@pytest.fixture(scope="module")
def groups() -> dict[str, list[Item]]:
    return items_by_group(load_definitions(DEFINITIONS_DIR))


def test_every_group_is_measured(groups: dict[str, list[Item]]) -> None:
    assert set(groups) == set(LIMITS)
    assert all(len(items) >= 10 for items in groups.values())


@pytest.mark.parametrize("group", sorted(LIMITS))
def test_wording_is_within_the_group_reading_age(groups: dict[str, list[Item]], group: str) -> None:
    items = groups[group]
    print("\n" + report(group, items))  # the figures are what the test is for
    hard = too_hard(group, items)
    assert not hard, f"{len(hard)} items above reading age {LIMITS[group]}:\n" + report(group, hard)


def test_a_long_winded_sentence_would_fail() -> None:
    hard = Item("test", "Do you consider the professionals involved demonstrated appropriate sensitivity?")
    plain = Item("test", "Do you feel safe where you live most of the time?")
    assert hard.reading_age > LIMITS["staff"]
    assert too_hard("8-11", [hard, plain]) == [hard]
