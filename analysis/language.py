"""Tell whether an answer looks like English (or Scots) so others go to a person."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from analysis.spelling import known_words

# Scots and text-speak that the English lexicon lacks but this survey expects.
_EXTRA = frozenset(
    (
        "ma", "da", "maw", "mam", "hame", "hoose", "dinnae", "cannae", "canny", "didnae", "disnae",
        "wullnae", "willnae", "isnae", "wasnae", "naebody", "nae", "feart", "greetin", "wean",
        "weans", "bairn", "bairns", "tae", "wi", "aye", "naw", "ken", "youse", "yous", "pure",
        "barry", "sound", "gonnae", "wanna", "gonna", "dunno", "lol", "idk", "ok", "okay", "im",
        "ive", "dont", "didnt", "cant", "wont", "isnt", "camhs", "n", "a", "na",
    )
)
MIN_TOKENS = 3


@cache
def _english() -> frozenset[str]:
    return known_words() | _EXTRA


def looks_english(text: str, toks: Sequence[str]) -> bool:
    """Return False when most letters are not Latin or few words are English."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if c.isascii())
    if latin / len(letters) < 0.7:
        return False
    words = [t for t in toks if t.isalpha()]
    if len(words) < MIN_TOKENS:
        return True
    english = _english()
    hits = sum(1 for t in words if t in english)
    return hits / len(words) >= 0.5
