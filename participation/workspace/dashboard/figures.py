"""Turn an inspection's counts into the tables the dashboard shows, suppressed for coordinators.

Inspectors see exact counts (they are not published). Anyone else who may see counts sees a
figure built on fewer than SUPPRESSION_MIN_N people withheld, with the secondary suppression
`analysis.suppression` applies, so a withheld cell cannot be worked out from a total.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from babel import Locale, UnknownLocaleError

from analysis.suppression import DEFAULT_MIN_N, suppress_series, suppress_table, withheld_label
from participation.surveys import SurveyDefinition
from participation.workspace.dashboard.counts import InspectionCounts
from participation.workspace.names import AGE_BAND_NAMES, AUDIENCE_NAMES

TOTAL = "total"
NOT_GIVEN = "Rather not say"
SECONDARY = "withheld"


@dataclass(frozen=True)
class Cell:
    value: float | None  # None when withheld
    text: str


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def column(self, index: int) -> list[tuple[str, Cell]]:
        """Return (label, cell) of one column, totals left out: what a chart draws."""
        return [(row.label, row.cells[index]) for row in self.rows if not row.is_total]


@dataclass(frozen=True)
class Suppression:
    """Whether and how to withhold small counts for the person looking."""

    exact: bool
    min_n: int = DEFAULT_MIN_N

    def mask(self, frame: pd.DataFrame, **totals) -> pd.DataFrame:
        if self.exact:
            return pd.DataFrame(False, index=frame.index, columns=frame.columns)
        return suppress_table(frame, self.min_n, **totals)

    def series_mask(self, series: pd.Series) -> pd.Series:
        if self.exact:
            return pd.Series(False, index=series.index)
        return suppress_series(series, self.min_n, total=TOTAL)

    def cell(self, value: float, withheld: bool) -> Cell:
        if not withheld:
            return Cell(value, f"{int(value):,}")
        if 0 < value < self.min_n:
            # analysis's own wording, without its "withheld" word: "fewer than 5".
            return Cell(None, withheld_label(self.min_n).removeprefix("withheld (").removesuffix(")"))
        # Withheld only so that a small group beside it cannot be worked out: not itself small.
        return Cell(None, SECONDARY)


def survey_table(counts: InspectionCounts, titles: dict[str, str], suppression: Suppression) -> Table:
    """Sent, and for inspectors started and not yet sent, per survey, with totals.

    Coordinators see sent responses only: a small number of unsent ones would withhold, through
    secondary suppression, the sent count of its survey and then of others, and what they need
    is how many have been sent.
    """
    keys = [row.definition_key for row in counts.surveys]
    frame = pd.DataFrame(
        {
            "sent": [row.sent for row in counts.surveys],
            "not_sent": [row.started - row.sent for row in counts.surveys],
            "started": [row.started for row in counts.surveys],
        },
        index=keys,
    )
    headings = ("Sent", "Started, not sent", "Started")
    if not suppression.exact:
        frame, headings = frame[["sent"]], headings[:1]
    frame.loc[TOTAL] = frame.sum()
    mask = suppression.mask(frame, total_row=TOTAL, total_col="started" if suppression.exact else None)
    rows = tuple(
        Row(
            "Total" if key == TOTAL else titles.get(key, key),
            tuple(suppression.cell(frame.at[key, name], bool(mask.at[key, name])) for name in frame.columns),
            is_total=key == TOTAL,
        )
        for key in frame.index
    )
    return Table("Responses by survey", headings, rows)


def series_table(
    caption: str, heading: str, groups: list[tuple[str, int]], suppression: Suppression
) -> Table:
    """One line of sent counts by group, with its total."""
    series = pd.Series(dict(groups), dtype="int64")
    series[TOTAL] = int(series.sum())
    mask = suppression.series_mask(series)
    rows = tuple(
        Row(
            "Total" if label == TOTAL else label,
            (suppression.cell(series[label], bool(mask[label])),),
            is_total=label == TOTAL,
        )
        for label in series.index
    )
    return Table(caption, (heading,), rows)


def language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


def rate_table(
    counts: InspectionCounts,
    surveys: Table,
    agencies: Table,
    agency_names: dict[str, str],
    audience_titles: dict[str, str],
) -> Table:
    """Sent against the coordinator's expected numbers, per group and per staff agency.

    A rate is withheld wherever its sent count is, since the expected number is known to the
    coordinator and would give the count back.
    """
    sent_cells = {row.label: row.cells[0] for row in surveys.rows}
    agency_cells = {row.label: row.cells[0] for row in agencies.rows}
    expected = {(row.respondent_group, row.agency): row.number for row in counts.expected}
    rows = []
    for group, title in audience_titles.items():
        lines = [(AUDIENCE_NAMES.get(group, title), sent_cells.get(title), expected.get((group, "")))]
        if group == "staff":
            lines += [
                (f"Staff: {name}", agency_cells.get(name), expected.get((group, key)))
                for key, name in agency_names.items()
                if (group, key) in expected
            ]
        for label, sent, number in lines:
            if sent is None or number is None:
                continue
            if sent.value is None:
                rate = Cell(None, sent.text)
            else:
                rate = Cell(sent.value / number, f"{sent.value / number:.0%}") if number else Cell(None, "–")
            rows.append(Row(label, (sent, Cell(number, f"{number:,}"), rate)))
    return Table("Response rate against expected numbers", ("Sent", "Expected", "Response rate"), tuple(rows))


@dataclass(frozen=True)
class Dashboard:
    surveys: Table
    age_bands: Table
    agencies: Table
    languages: Table
    assisted: Table
    rates: Table
    # (survey title, [(day, sent that day, running total)]): for inspectors only.
    by_day: list[tuple[str, list]]

    @property
    def highest_running_total(self) -> int:
        """Return the top of the by-day chart's scale."""
        return max((point.cumulative for _title, points in self.by_day for point in points), default=0)


def dashboard(
    counts: InspectionCounts, definitions: dict[str, SurveyDefinition], suppression: Suppression
) -> Dashboard:
    """Build every table of the dashboard from one set of counts."""
    titles = {key: definition.title for key, definition in definitions.items()}
    audience_titles = {
        definitions[row.definition_key].audience: titles[row.definition_key]
        for row in counts.surveys
        if row.definition_key in definitions
    }
    staff = next((d for d in definitions.values() if d.audience == "staff"), None)
    agency_names = {option.key: option.label for option in staff.agencies} if staff else {}
    children = next((d for d in definitions.values() if d.audience == "children"), None)
    bands = children.bands if children else tuple(AGE_BAND_NAMES)

    by_band = {row.key: row.sent for row in counts.age_bands}
    age_groups = [(AGE_BAND_NAMES.get(band, band), by_band.get(band, 0)) for band in bands]
    age_groups.append((NOT_GIVEN, by_band.get(None, 0)))
    by_agency = {row.key: row.sent for row in counts.agencies}
    agency_groups = [(name, by_agency.get(key, 0)) for key, name in agency_names.items()]
    agency_groups.append((NOT_GIVEN, by_agency.get(None, 0)))
    language_groups = [(language_name(row.key), row.sent) for row in counts.languages]
    by_assisted = {bool(row.key): row.sent for row in counts.assisted}
    assisted_groups = [
        ("With a volunteer's help", by_assisted.get(True, 0)),
        ("On their own", by_assisted.get(False, 0)),
    ]

    surveys = survey_table(counts, titles, suppression)
    agencies = series_table("Staff responses by agency", "Sent", agency_groups, suppression)
    by_day = []
    if suppression.exact:
        for key in dict.fromkeys(row.definition_key for row in counts.by_day):
            by_day.append((titles.get(key, key), [row for row in counts.by_day if row.definition_key == key]))
    return Dashboard(
        surveys=surveys,
        age_bands=series_table("Children and young people by age band", "Sent", age_groups, suppression),
        agencies=agencies,
        languages=series_table("Responses by language", "Sent", language_groups, suppression),
        assisted=series_table("Responses with a volunteer's help", "Sent", assisted_groups, suppression),
        rates=rate_table(counts, surveys, agencies, agency_names, audience_titles),
        by_day=by_day,
    )
