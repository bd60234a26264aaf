"""The safeguarding queue lists its entries fifty a page, newest first, keeping the state filter."""

from __future__ import annotations

from tests.workspace.written import Reading, add_written


def test_the_queue_is_paginated_and_keeps_its_filter(app, signed_in, inspection):
    with app.app_context():
        for number in range(60):
            add_written(inspection, "children", f"Worrying answer {number}", Reading(flagged=True))
    client, _ = signed_in("inspector")
    first = client.get(f"/inspections/{inspection}/safeguarding/?state=new")
    rows = first.soup.select("tbody tr")
    assert len(rows) == 50
    assert first.soup.select_one("#entries-shown").get_text(strip=True) == "Showing 1 to 50 of 60 entries"
    following = first.soup.select_one(".govuk-pagination__next a")["href"]
    assert "state=new" in following and "page=2" in following
    second = client.get(following.removeprefix("/workspace"))
    assert len(second.soup.select("tbody tr")) == 10
    numbers = [int(row.a.get_text().split()[-1]) for row in rows + second.soup.select("tbody tr")]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == 60
    assert len(client.get(f"/inspections/{inspection}/safeguarding/?page=zz").soup.select("tbody tr")) == 50
