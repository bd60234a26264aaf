"""Language choice for respondent pages: one catalog per language under translations/."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, request, session

from participation.config import LANGUAGES


def available_languages(translations: Path) -> dict[str, dict[str, str]]:
    """Return the languages with a catalog (English, the source language, always)."""
    found = {"en"}
    for code in LANGUAGES:
        if (translations / code / "LC_MESSAGES" / "messages.po").exists():
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
