"""Compile readable phrase patterns and find them in token lists quickly.

Pattern syntax (one phrase per string, tokens separated by spaces):

- ``word``      the exact token (apostrophes are already removed: write ``dont``)
- ``word*``     any token starting with ``word``
- ``a|b*|c``    any one of the alternatives
- ``[a|b]``     an optional token
- ``...``       a gap of up to three tokens
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GAP = 3
# Token caches are bounded so a stream of typos cannot grow memory without limit.
_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Element:
    """One position of a pattern."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    optional: bool = False
    gap: bool = False

    def matches(self, token: str) -> bool:
        """Return whether ``token`` fits this position."""
        return token in self.words or (bool(self.prefixes) and token.startswith(self.prefixes))


@dataclass(frozen=True, slots=True)
class Entry:
    """A compiled phrase with the label it votes for."""

    label: str
    text: str
    elements: tuple[Element, ...]
    has_gap: bool


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in a token list: tokens ``start`` to ``end`` (exclusive)."""

    entry: Entry
    start: int
    end: int


def _element(token: str) -> Element:
    if token == "...":  # noqa: S105 - the gap marker, not a secret
        return Element(frozenset(), (), gap=True)
    optional = token.startswith("[") and token.endswith("]")
    if optional:
        token = token[1:-1]
    words: set[str] = set()
    prefixes: list[str] = []
    for alt in token.split("|"):
        alt = alt.strip().lower().replace("'", "")
        if not alt:
            raise ValueError(f"empty alternative in pattern token {token!r}")
        if alt.endswith("*"):
            prefixes.append(alt[:-1])
        else:
            words.add(alt)
    return Element(frozenset(words), tuple(prefixes), optional=optional)


def compile_pattern(pattern: str, label: str) -> Entry:
    """Compile one phrase pattern; raise ValueError when it cannot start a match."""
    elements = tuple(_element(tok) for tok in pattern.split())
    if not elements or elements[0].gap or elements[0].optional:
        raise ValueError(f"pattern must start with a plain token: {pattern!r}")
    if elements[-1].gap:
        raise ValueError(f"pattern must not end with a gap: {pattern!r}")
    return Entry(label, pattern, elements, any(e.gap for e in elements))


def _match_rest(elements: tuple[Element, ...], k: int, toks: Sequence[str], j: int) -> int:
    """Return the end index of the longest match of ``elements[k:]`` at ``j``, or -1."""
    if k == len(elements):
        return j
    element = elements[k]
    n = len(toks)
    if element.gap:
        best = -1
        for skip in range(GAP + 1):
            if j + skip > n:
                break
            best = max(best, _match_rest(elements, k + 1, toks, j + skip))
        return best
    best = -1
    if j < n and element.matches(toks[j]):
        best = _match_rest(elements, k + 1, toks, j + 1)
    if element.optional:
        best = max(best, _match_rest(elements, k + 1, toks, j))
    return best


class Matcher:
    """Find labelled phrases in token lists, longest contiguous match first."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_word: dict[str, list[Entry]] = {}
        self._by_prefix: dict[str, list[Entry]] = {}
        self.vocabulary: set[str] = set()
        for entry in entries:
            first = entry.elements[0]
            for word in first.words:
                self._by_word.setdefault(word, []).append(entry)
            for prefix in first.prefixes:
                self._by_prefix.setdefault(prefix, []).append(entry)
            for element in entry.elements:
                self.vocabulary.update(element.words)
                self.vocabulary.update(element.prefixes)
        self._max_prefix = max((len(p) for p in self._by_prefix), default=0)
        self._cache: dict[str, tuple[Entry, ...]] = {}

    def _candidates(self, token: str) -> tuple[Entry, ...]:
        found = self._cache.get(token)
        if found is not None:
            return found
        found_list = list(self._by_word.get(token, ()))
        for size in range(1, min(len(token), self._max_prefix) + 1):
            found_list.extend(self._by_prefix.get(token[:size], ()))
        # Longest patterns first, so the first hit at a position is the one that consumes it.
        found = tuple(sorted(found_list, key=lambda e: -len(e.elements)))
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[token] = found
        return found

    def scan(self, toks: Sequence[str]) -> list[Hit]:
        """Return every hit; a contiguous match hides shorter ones inside it."""
        hits: list[Hit] = []
        covered = 0
        candidates = self._candidates
        for i, token in enumerate(toks):
            entries = candidates(token)
            if not entries:
                continue
            found: list[tuple[int, Entry]] = []
            for entry in entries:
                one = len(entry.elements) == 1
                end = i + 1 if one else _match_rest(entry.elements, 1, toks, i + 1)
                if end < 0:
                    continue
                if entry.has_gap:
                    hits.append(Hit(entry, i, end))
                elif i >= covered:
                    found.append((end, entry))
            if found:
                best_end = max(end for end, _ in found)
                hits.extend(Hit(entry, i, end) for end, entry in found if end == best_end)
                covered = best_end
        return hits
