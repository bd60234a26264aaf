"""Help numbers on the page after a closed answer of concern (for example never feeling safe).

The next page is reached by a redirect, so the offer is carried in the signed session cookie,
not the address: someone else may read the phone's history.
"""

from __future__ import annotations

from flask import Blueprint, session

HELP_NEXT = "help_next"


def offer_help_on_next_page() -> None:
    """Show the help numbers on the next respondent page this session renders."""
    session[HELP_NEXT] = True


def take_help_offer() -> bool:
    """Say whether this page should show the help numbers, and show them only once."""
    return bool(session.pop(HELP_NEXT, False))


def register(blueprint: Blueprint) -> None:
    """Let the blueprint's templates ask for the offer (components/safety.html help_after_concern)."""
    blueprint.context_processor(lambda: {"take_help_offer": take_help_offer})
