"""Split a long list into numbered pages, with the links GOV.UK's pagination component draws."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

PAGE_SIZE = 50
# Page numbers beyond this are refused as bad input rather than turned into a huge OFFSET.
MOST_PAGES = 100_000


@dataclass(frozen=True)
class PageOf:
    """Where one page sits in a list of `total` items shown `size` at a time."""

    number: int
    size: int
    total: int

    @property
    def count(self) -> int:
        """Return how many pages there are (one, even for an empty list)."""
        return max(1, math.ceil(self.total / self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first_item(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last_item(self) -> int:
        return min(self.total, self.offset + self.size)


def page_numbers(current: int, count: int) -> list[int | None]:
    """Return the page numbers to link, None where a run of them is left out (shown as an ellipsis)."""
    shown = {1, count, current - 1, current, current + 1}
    numbers: list[int | None] = []
    for number in sorted(n for n in shown if 1 <= n <= count):
        if numbers and number - numbers[-1] > 1:  # type: ignore[operator]
            numbers.append(None)
        numbers.append(number)
    return numbers


def pagination(page: PageOf, href: Callable[[int], str]) -> dict | None:
    """Return the parameters of `govukPagination` for a page (None when there is only one page)."""
    if page.count <= 1:
        return None
    items = [
        {"ellipsis": True}
        if number is None
        else {"number": number, "href": href(number), "current": number == page.number}
        for number in page_numbers(page.number, page.count)
    ]
    return {
        "items": items,
        "previous": {"href": href(page.number - 1)} if page.number > 1 else None,
        "next": {"href": href(page.number + 1)} if page.number < page.count else None,
    }
