"""The parts of a page kept per language (participation/fragments.py) read as if rendered afresh."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from flask_caching import make_template_fragment_key

from participation.fragments import fragments

# What differs between two renderings of one page on purpose: the CSP nonce and the CSRF token.
PER_REQUEST = re.compile(r'(nonce|value)="[^"]*"')
KEPT = [("exit-this-page", ["{lang}"]), ("language-switcher", ["{lang}"]), ("help-link", ["{lang}"]),
        ("skip-link", ["{lang}"]), ("footer", ["{lang}", "children"]), ("footer", ["{lang}", "adults"])]


def parsed(page) -> BeautifulSoup:
    return BeautifulSoup(page.html, "html.parser")


def forget_fragments(app) -> None:
    with app.app_context():
        fragments.clear()


def kept_fragments(app, lang: str) -> list[str]:
    """Return the fragments kept for a language, as the pages would read them."""
    with app.app_context():
        found = [fragments.get(make_template_fragment_key(name, [key.format(lang=lang) for key in keys]))
                 for name, keys in KEPT]
    return [str(fragment) for fragment in found if fragment is not None]


def test_a_page_built_from_kept_fragments_reads_as_one_rendered_afresh(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("8-11")
    for path in (child.base, f"{child.base}/q/1", f"{child.base}/check", "/help"):
        forget_fragments(app)
        afresh = child.get(path)
        kept = child.get(path)
        assert PER_REQUEST.sub("", kept.html) == PER_REQUEST.sub("", afresh.html), path
    assert len(kept_fragments(app, "en")) == 5  # the adults' footer is not yet needed


def test_each_language_is_kept_apart(app, surveys, respondent):
    child = respondent(surveys["children"])
    english = parsed(child.get(child.base))
    gaelic = parsed(child.get(f"{child.base}?lang=gd"))
    again = parsed(child.get(f"{child.base}?lang=en"))

    def exit_button(page: BeautifulSoup) -> str:
        return page.select_one(".govuk-exit-this-page").get_text(" ", strip=True)

    def current_language(page: BeautifulSoup) -> str:
        return page.select_one(".app-language-switcher [aria-current]")["lang"]

    assert exit_button(english) == exit_button(again) == "Emergency Exit this page"
    assert exit_button(gaelic) != exit_button(english)
    assert [current_language(page) for page in (english, gaelic, again)] == ["en", "gd", "en"]
    assert gaelic.select_one(".app-footer").get_text() != english.select_one(".app-footer").get_text()


def test_children_and_adults_each_get_their_own_privacy_link(app, surveys, respondent):
    for survey, link in (("children", "/privacy/children"), ("parents", "/privacy"),
                         ("children", "/privacy/children")):
        person = respondent(surveys[survey])
        footer = parsed(person.get(person.base)).select_one(".app-footer")
        assert link in [a["href"] for a in footer.select("a")]


def test_no_kept_fragment_holds_a_nonce_a_token_or_a_survey_address(app, surveys, respondent):
    forget_fragments(app)
    for survey in ("children", "parents"):
        person = respondent(surveys[survey])
        person.get(person.base)
        person.begin()
        page = person.get(f"{person.base}/q/1")
        kept = kept_fragments(app, "en")
        assert kept
        for fragment in kept:
            assert "nonce" not in fragment and page.csrf() not in fragment
            assert person.token not in fragment and "/s/" not in fragment
