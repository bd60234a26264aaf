"""Language choice for respondent pages: one catalog per language under translations/."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import yaml
from flask import current_app, request, session

from participation.config import LANGUAGES


def reviewed_languages(translations: Path) -> set[str]:
    """Return the languages whose translation a fluent person has reviewed (translations/reviews.yaml)."""
    path = translations / "reviews.yaml"
    if not path.exists():
        return set()
    reviews = yaml.safe_load(path.read_text()) or {}
    return {code for code, review in reviews.items() if isinstance(review, dict) and review.get("reviewed")}


def available_languages(
    translations: Path, offer_unreviewed: Collection[str] | str = "all"
) -> dict[str, dict[str, str]]:
    """Return the languages to offer: English, and each with a catalog that is reviewed or allowed.

    `offer_unreviewed` is "all" (development and the demo), or the codes configuration allows
    before their review.
    """
    reviewed = reviewed_languages(translations)
    found = {"en"}
    for code in LANGUAGES:
        if not (translations / code / "LC_MESSAGES" / "messages.po").exists():
            continue
        if offer_unreviewed == "all" or code in reviewed or code in offer_unreviewed:
            found.add(code)
    return {code: LANGUAGES[code] for code in LANGUAGES if code in found}


def select_locale() -> str:
    """Use the language chosen on the switcher for the whole survey, else English."""
    languages = current_app.config["AVAILABLE_LANGUAGES"]
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
    current = session.get("lang")
    return current if current in languages else "en"


def text_direction(code: str) -> str:
    """Return ltr or rtl for the language."""
    return LANGUAGES.get(code, {}).get("dir", "ltr")
