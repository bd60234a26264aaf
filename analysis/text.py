"""Normalise and tokenise free text the same way for every analysis step."""

from __future__ import annotations

import re

# Apostrophes are dropped rather than split on, so "don't", "dont" and "don’t" are one token.
_APOSTROPHES = re.compile(r"['’‘`´]")
# Letters and digits of any script; the language check needs non-Latin letters too.
_WORD = re.compile(r"[^\W_]+")


# For plain ASCII text the same split is a byte translate and a split, a few times cheaper
# than the regular expression: capitals become small letters, every byte that is not a letter
# or digit becomes a space, and apostrophes and backticks disappear.
_ASCII_TABLE = bytes(ord(chr(c).lower()) if chr(c).isalnum() and c < 128 else 32 for c in range(256))
_ASCII_DROP = b"'`"


# Emoji that children use for self-harm and suicide, read as the words they stand for.
_EMOJI_WORDS = {"🔪": " knife ", "💊": " pills ", "🩸": " blood ", "⚰": " coffin ", "🪢": " rope "}


def tokens(text: str) -> list[str]:
    """Return the lower-cased word tokens of ``text`` with apostrophes removed."""
    if text.isascii():  # lower-cased by the table
        return text.encode("ascii").translate(_ASCII_TABLE, _ASCII_DROP).decode("ascii").split()
    low = text.lower()
    for emoji, word in _EMOJI_WORDS.items():
        if emoji in low:
            low = low.replace(emoji, word)
    if "'" in low or "’" in low or "‘" in low or "`" in low or "´" in low:
        low = _APOSTROPHES.sub("", low)
    return _WORD.findall(low)
