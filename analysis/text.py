"""Normalise and tokenise free text the same way for every analysis step."""

from __future__ import annotations

import re

# Apostrophes are dropped rather than split on, so "don't", "dont" and "don’t" are one token.
_APOSTROPHES = re.compile(r"['’‘`´]")
# Letters and digits of any script; the language check needs non-Latin letters too.
_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """Return the lower-cased word tokens of ``text`` with apostrophes removed."""
    low = text.lower()
    if "'" in low or "’" in low or "‘" in low or "`" in low or "´" in low:
        low = _APOSTROPHES.sub("", low)
    return _WORD.findall(low)
