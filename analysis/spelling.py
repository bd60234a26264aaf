"""Map misspelt words onto lexicon words ("sucide" -> "suicid", "scaired" -> "scared").

A token is corrected only when it is not a known English word, is at least five letters long
and is one edit (a deletion on either side, so also one substitution) from exactly one word of
the lexicons. Corrections are cached per distinct token, so the cost is one dict lookup a word.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path

MIN_LENGTH = 5
_CACHE_LIMIT = 200_000


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@cache
def known_words() -> frozenset[str]:
    """Return the English words of TextBlob's bundled lexicon (no download needed)."""
    spec = find_spec("textblob")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "en" / "en-lexicon.txt"
    if not path.exists():
        return frozenset()
    words = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(";;;"):
                continue
            word = line.split(" ", 1)[0].lower()
            if word.isalpha():
                words.add(word)
    return frozenset(words)


class Speller:
    """Correct tokens towards a fixed vocabulary."""

    def __init__(self, vocabulary: Iterable[str], known: Iterable[str]) -> None:
        vocab = {w for w in vocabulary if len(w) >= MIN_LENGTH - 1 and w.isalpha()}
        self._known = frozenset(known) | vocab
        self._index: dict[str, set[str]] = {}
        for word in vocab:
            self._index.setdefault(word, set()).add(word)
            for d in _deletes(word):
                self._index.setdefault(d, set()).add(word)
        # Every token checked so far, with its correction, or when it is written right the
        # token itself: the first string seen with that text, which stands for it from then on.
        self._fixed: dict[str, str] = {}

    def _correct(self, token: str) -> str:
        if len(self._fixed) >= _CACHE_LIMIT:
            self._fixed.clear()
        fixed = token
        if len(token) >= MIN_LENGTH and token not in self._known and token.isalpha():
            found: set[str] = set(self._index.get(token, ()))
            for d in _deletes(token):
                found.update(self._index.get(d, ()))
            # Ambiguous corrections are worse than none: keep the word as written.
            if len(found) == 1:
                fixed = next(iter(found))
        self._fixed[token] = fixed
        return fixed

    def fix(self, tokens: list[str]) -> list[str]:
        """Return a list of ``tokens`` with misspellings replaced.

        Every word comes back as the one string object that stands for its text (see _fixed),
        so that later lookups of it, in the matchers' caches and in sets of an answer's words,
        find the very object and skip comparing the characters.
        """
        fixed = self._fixed
        return [fixed.get(token) or self._correct(token) for token in tokens]
