"""The live responses page: counts match a hand count, inspectors see them exactly, coordinators
see small groups withheld in a way totals cannot undo."""

from __future__ import annotations

import datetime as dt

from participation.extensions import db
from participation.workspace.dashboard.counts import inspection_counts
from tests.workspace.responses import add_responses

DAY_ONE = dt.date(2026, 11, 30)
DAY_TWO = dt.date(2026, 12, 2)


def load(app, inspection: int) -> None:
    """A small inspection counted by hand: 12 children, 7 parents, 9 staff sent; 3 unsent."""
    with app.app_context():
        add_responses(inspection, "children", 6, age_band="8-11", on=DAY_ONE)
        add_responses(inspection, "children", 4, age_band="12-17", on=DAY_TWO)
        add_responses(inspection, "children", 2, age_band="12-17", on=DAY_TWO, language="pl", assisted=True)
        add_responses(inspection, "children", 2, sent=False, age_band="5-7")
        add_responses(inspection, "parents", 7, on=DAY_ONE)
        add_responses(inspection, "parents", 1, sent=False)
        add_responses(inspection, "staff", 5, agency="social_work", on=DAY_ONE)
        add_responses(inspection, "staff", 4, agency="health", on=DAY_TWO)
        db.session.commit()


def table(page, caption: str) -> dict[str, list[str]]:
    """Return a table of the page by its caption: row heading -> its cells' text."""
    for candidate in page.soup.select("table"):
        if candidate.caption and candidate.caption.get_text(strip=True) == caption:
            return {
                row.th.get_text(" ", strip=True): [
                    cell.get_text(" ", strip=True) for cell in row.select("td")
                ]
                for row in candidate.select("tbody tr")
            }
    raise AssertionError(f"no table captioned {caption!r}")


def test_the_query_layer_matches_a_hand_count(app, inspection):
    load(app, inspection)
    with app.app_context():
        counts = inspection_counts(inspection)
    by_survey = {row.definition_key: (row.started, row.sent) for row in counts.surveys}
    assert by_survey == {"children": (14, 12), "parents": (8, 7), "staff": (9, 9)}
    assert {row.key: row.sent for row in counts.age_bands} == {"8-11": 6, "12-17": 6}
    assert {row.key: row.sent for row in counts.agencies} == {"social_work": 5, "health": 4}
    assert {row.key: row.sent for row in counts.languages} == {"en": 26, "pl": 2}
    assert {bool(row.key): row.sent for row in counts.assisted} == {False: 26, True: 2}
    children = [
        (row.day, row.sent, row.cumulative) for row in counts.by_day if row.definition_key == "children"
    ]
    assert children == [(DAY_ONE, 6, 6), (DAY_ONE + dt.timedelta(days=1), 0, 6), (DAY_TWO, 6, 12)]


def test_an_inspector_sees_exact_counts_and_the_daily_running_totals(app, inspection, signed_in):
    load(app, inspection)
    client, _staff = signed_in("inspector")
    page = client.get(f"/inspections/{inspection}/responses")
    assert page.status == 200
    surveys = table(page, "Responses by survey")
    assert surveys["Total"] == ["28", "3", "31"]
    assert sorted(surveys.values()) == sorted(
        [["12", "2", "14"], ["7", "1", "8"], ["9", "0", "9"], ["28", "3", "31"]]
    )
    assert table(page, "Staff responses by agency")["Health"] == ["4"]
    assert table(page, "Responses with a volunteer's help")["With a volunteer's help"] == ["2"]
    by_day = table(page, "Sent responses by day")
    assert by_day["2 December 2026"][0] == "6 / 12"
    # Every chart has an accessible name and sits beside a table of the same numbers.
    charts = page.soup.select("svg.app-chart")
    assert charts and all(chart["role"] == "img" and chart.title.get_text() for chart in charts)


def test_a_coordinator_sees_a_group_of_four_as_fewer_than_five_and_cannot_work_it_out(
    app, inspection, signed_in
):
    load(app, inspection)
    client, _staff = signed_in("coordinator")
    page = client.get(f"/inspections/{inspection}/responses")
    assert page.status == 200
    agencies = table(page, "Staff responses by agency")
    assert agencies["Health"] == ["fewer than 5"]
    assert agencies["Social work"] == ["withheld"]
    # Social work's 5 alone would give Health's 4 back from the total of 9: one more is withheld.
    visible = [int(cells[0]) for label, cells in agencies.items() if cells[0].isdigit() and label != "Total"]
    total = agencies["Total"][0]
    assert not (total.isdigit() and int(total) - sum(visible) == 4)
    # The two assisted responses and the two in Polish are withheld, with what would give them away.
    assert table(page, "Responses with a volunteer's help")["With a volunteer's help"] == ["fewer than 5"]
    assert "fewer than 5" in table(page, "Responses by language")["Polish"]
    # Sent only, per survey: a few unsent responses would otherwise withhold the sent counts.
    assert sorted(table(page, "Responses by survey").values()) == [["12"], ["28"], ["7"], ["9"]]
    # No daily figures, and never an answer or a flag.
    assert "Sent responses by day" not in [
        caption.get_text(strip=True) for caption in page.soup.select("caption")
    ]
    assert "flag" not in page.text.lower()


def test_the_response_rate_uses_the_coordinators_expected_numbers(app, inspection, signed_in):
    load(app, inspection)
    client, _staff = signed_in("coordinator")
    page = client.post(
        f"/inspections/{inspection}/expected",
        {"children": "24", "parents": "abc", "staff__social_work": "10", "staff__health": "8"},
    )
    assert page.status == 400
    [error] = page.errors()
    assert error.endswith(": enter a whole number, like 40")
    page = client.post(
        f"/inspections/{inspection}/expected",
        {"children": "24", "parents": "14", "staff__social_work": "10", "staff__health": "8"},
    )
    assert page.status == 302
    rates = table(client.follow(page), "Response rate against expected numbers")
    assert rates["Children and young people"] == ["12", "24", "50%"]
    assert rates["Parents and carers"] == ["7", "14", "50%"]
    assert rates["Staff"] == ["9", "18", "50%"]
    # Health's 4 is withheld, and social work's 5 with it (else 9 − 5 gives the 4 back): so are their rates.
    assert rates["Staff: Health"] == ["fewer than 5", "8", "fewer than 5"]
    assert rates["Staff: Social work"] == ["withheld", "10", "withheld"]
