"""What every respondent page must pass in a real browser, and helpers that move through the survey."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.extensions import db
from participation.models import Response, ResponseStatus

RAW_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?>")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()

# Whether an element shows where the keyboard is. For GOV.UK radios and checkboxes the input itself
# is transparent and the focus ring is drawn on its label's ::before, so look there too.
FOCUS_INDICATOR_JS = """
el => {
  const visible = (style) => {
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      && !/rgba\\(\\d+, \\d+, \\d+, 0\\)|transparent/.test(style.outlineColor);
    return outline || (style.boxShadow && style.boxShadow !== 'none');
  };
  if (visible(getComputedStyle(el))) return true;
  if (el.matches('input[type=radio], input[type=checkbox]') && el.labels && el.labels.length) {
    return visible(getComputedStyle(el.labels[0], '::before'));
  }
  return false;
}
"""

OVERFLOWING_JS = """
() => {
  const width = document.documentElement.clientWidth;
  // Content inside a box that scrolls sideways itself (a wide table's wrapper) widens nothing.
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const insideScroller = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width && !insideScroller(el))
    .map(el => el.outerHTML.slice(0, 120));
}
"""

DESCRIBE_JS = """
el => {
  if (!el) return 'nothing';
  const label = (el.labels && el.labels.length) ? el.labels[0].innerText : el.innerText;
  return `<${el.tagName.toLowerCase()} name=${el.getAttribute('name')} value=${el.value ?? ''}> `
    + (label || '').trim().slice(0, 60);
}
"""


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core with the WCAG 2.2 AA rules on the page as it is now."""
    results = AXE.run(page, options={
        "runOnly": {"type": "tag", "values": WCAG_22_AA},
        "resultTypes": ["violations"],
    })
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_no_horizontal_scroll(page: Page) -> None:
    """Nothing on the page is wider than the screen.

    On an emulated phone (is_mobile) chromium widens window.innerWidth to fit content that overflows,
    so comparing scrollWidth with innerWidth alone can never fail there: compare with the layout
    viewport (clientWidth) and the screen the context was opened with too.
    """
    scroll_width, inner_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " document.documentElement.clientWidth]"
    )
    screen = page.viewport_size["width"] if page.viewport_size else client_width
    widest = min(inner_width, client_width, screen)
    if scroll_width > widest:
        culprits = page.evaluate(OVERFLOWING_JS)
        raise AssertionError(
            f"{page.url} scrolls sideways: {scroll_width}px of content on a {widest}px screen; "
            f"past the right edge: {culprits}"
        )


def assert_no_markup_shown_as_text(page: Page) -> None:
    """No HTML tag appears in what a person reads (escaped markup from a template)."""
    shown = page.locator("body").inner_text()
    tags = RAW_TAG.findall(shown)
    assert not tags, f"{page.url} shows markup as text: {tags}"


def assert_page_is_usable(page: Page) -> None:
    """Zero axe violations, no horizontal scrolling, no markup shown as text."""
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)
    assert_no_markup_shown_as_text(page)


def focused_description(page: Page) -> str:
    return page.evaluate(f"({DESCRIBE_JS})(document.activeElement)")


def focus_is_visible(page: Page) -> bool:
    return page.evaluate(f"({FOCUS_INDICATOR_JS})(document.activeElement)")


def tab_to(page: Page, target, *, key: str = "Tab", limit: int = 40) -> None:
    """Press Tab (or Shift+Tab) until `target` (a locator) has focus, then check focus is visible."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate("el => el === document.activeElement"):
            assert focus_is_visible(page), f"focus is not visible on {focused_description(page)}"
            return
        seen.append(focused_description(page))
    raise AssertionError(f"{key} never reached {target}; focus went through:\n" + "\n".join(seen))


def expect_heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text(text)


def submitted_responses(app: Flask) -> list[Response]:
    """Return every sent response with its answers loaded, detached from the session."""
    with app.app_context():
        sent = select(Response).where(Response.status == ResponseStatus.SUBMITTED)
        responses = db.session.scalars(sent).all()
        for response in responses:
            _ = response.answers
        db.session.expunge_all()
        return list(responses)


def all_responses(app: Flask) -> list[Response]:
    with app.app_context():
        responses = db.session.scalars(select(Response)).all()
        for response in responses:
            _ = response.answers
        db.session.expunge_all()
        return list(responses)


def begin_as_a_child(page: Page, token: str, band_label: str = "8 to 11 years old") -> None:
    """Open the children's survey, press Start now and give an age band: ends on question 1."""
    page.goto(f"/s/{token}")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(f"**/s/{token}/about")
    page.get_by_text(band_label, exact=True).click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/q/1")
