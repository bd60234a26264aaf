"""The groups a reader may narrow the findings to, named in plain words.

Which groups are offered is `analysis.group_filters.offered_groups` (a group and the rest of its
survey both large enough); this module only names them and reads a chosen one back.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.group_filters import offered_groups
from participation.surveys import SurveyDefinition
from participation.workspace.dashboard.figures import AGE_BAND_NAMES, language_name
from participation.workspace.frames import KINSHIP_CARER, PARENT

# The columns of the answers frame a reader may pick a group by, in the order they are listed.
GROUP_COLUMNS = ("age_band", "carer", "agency", "language", "assisted")
CARER_NAMES = {PARENT: "Parents (not kinship carers)", KINSHIP_CARER: "Kinship carers"}
ASSISTED_NAMES = {"True": "Answered with a volunteer's help", "False": "Answered without help"}


@dataclass(frozen=True)
class GroupChoice:
    """One group a reader may pick: the frame's column and value, and its name."""

    column: str
    value: str
    label: str

    @property
    def key(self) -> str:
        """Return the value the form sends for this group."""
        return f"{self.column}:{self.value}"

    @property
    def filters(self) -> dict[str, str]:
        """Return the filter `summaries.inspection_summary` takes for this group."""
        return {self.column: self.value}


def group_label(column: str, value: str, definitions: dict[str, SurveyDefinition]) -> str:
    """Return a group's name as a reader would say it."""
    if column == "age_band":
        return f"Children aged {AGE_BAND_NAMES.get(value, value)}"
    if column == "carer":
        return CARER_NAMES.get(value, value)
    if column == "agency":
        names = {option.key: option.label for d in definitions.values() for option in d.agencies}
        return f"Staff: {names.get(value, value)}"
    if column == "language":
        return f"Answered in {language_name(value)}"
    if column == "assisted":
        return ASSISTED_NAMES.get(value, value)
    return value


def _listing_order(definitions: dict[str, SurveyDefinition]) -> dict[tuple[str, str], int]:
    """Return where known groups come in the list: age bands youngest first, parents before
    kinship carers, agencies as the staff survey lists them, with help before without."""
    known = [*(("age_band", band) for band in AGE_BAND_NAMES), *(("carer", key) for key in CARER_NAMES),
             *(("agency", option.key) for d in definitions.values() for option in d.agencies),
             *(("assisted", key) for key in ASSISTED_NAMES)]
    return {group: place for place, group in enumerate(dict.fromkeys(known))}


def group_choices(
    frame: pd.DataFrame, definitions: dict[str, SurveyDefinition], min_n: int
) -> list[GroupChoice]:
    """Return the groups that may be offered for this inspection's answers, in listing order."""
    if frame.empty:
        return []
    # A response's groups are on every one of its rows (frames.py), so one row each is enough.
    people = frame.drop_duplicates("response_id")[["response_id", "survey", *GROUP_COLUMNS]]
    table = offered_groups(people, GROUP_COLUMNS, min_n=min_n)
    offered = table[table["offered"]]
    choices = [GroupChoice(row.column, row.group, group_label(row.column, row.group, definitions))
               for row in offered.itertuples(index=False)]
    order = _listing_order(definitions)
    return sorted(choices, key=lambda c: (GROUP_COLUMNS.index(c.column),
                                          order.get((c.column, c.value), len(order)), c.label))


def chosen_group(key: str, choices: list[GroupChoice]) -> GroupChoice | None:
    """Return the offered group a form value names; None for everyone. Raise ValueError for a
    group that is not offered (unknown, or too small to show)."""
    if not key:
        return None
    for choice in choices:
        if choice.key == key:
            return choice
    raise ValueError(key)
