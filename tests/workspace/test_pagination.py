"""Page numbers for GOV.UK pagination: the first, the last and the neighbours of the current page."""

from __future__ import annotations

from participation.workspace.pagination import PageOf, page_numbers, pagination


def test_page_numbers_leave_out_runs_as_ellipses():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert page_numbers(10, 10) == [1, None, 9, 10]


def test_a_page_knows_its_items_and_links():
    page = PageOf(3, 50, 120)
    assert (page.count, page.offset, page.first_item, page.last_item) == (3, 100, 101, 120)
    links = pagination(page, lambda n: f"?page={n}")
    assert links["previous"] == {"href": "?page=2"} and links["next"] is None
    assert [item.get("number") for item in links["items"]] == [1, 2, 3]
    assert pagination(PageOf(1, 50, 0), str) is None  # one page: no pagination at all
    assert PageOf(1, 50, 0).count == 1 and PageOf(1, 50, 0).first_item == 0
