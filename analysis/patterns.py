"""Compile readable phrase patterns and find them in token lists quickly.

Pattern syntax (one phrase per string, tokens separated by spaces):

- ``word``      the exact token (apostrophes are already removed: write ``dont``)
- ``word*``     any token starting with ``word``
- ``a|b*|c``    any one of the alternatives
- ``[a|b]``     an optional token
- ``...``       a gap of up to three tokens

Each pattern is looked up by its rarest position (its "key"), not by its first word, so that
common words such as "i", "my" or "not" do not send every answer through dozens of patterns.
Longer phrases of plain words (a prefix only at the end) are found all at once by one
Aho-Corasick automaton (pyahocorasick) over the answer's words; the few with gaps, optional
words or a prefix inside are matched outwards from their key afterwards.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

GAP = 3
# Token caches are bounded so a stream of typos cannot grow memory without limit.
_CACHE_LIMIT = 200_000
# Words too common to key a pattern on (English, Scots and text-speak function words).
_COMMON_WORDS = """
    a about after again all am an and any are as at be been before being but by can cant could
    couldnt did didnt do does doesnt dont down for from get gets got had has have he her him
    his how i if im in into is isnt it its ive just like me mine more my myself no nobody not
    now of off on one or our out over she so some than that the their them then there they
    this to too up us very was wasnt we were what when where which who why will with wont would
    you your ma mi oor tae wi nae naw ah aye dinnae cannae didnae disnae isnae wasnae feel felt
    make made makes go going goes went want wanted wants wanna get getting keep keeps kept
    really always never every someone somebody anyone he she they
"""
COMMON = frozenset(_COMMON_WORDS.split())


@dataclass(frozen=True, slots=True)
class Element:
    """One position of a pattern."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    optional: bool = False
    gap: bool = False

    def fits(self, token: str) -> bool:
        """Say whether ``token`` can stand at this position (a gap fits nothing by itself)."""
        return token in self.words or bool(self.prefixes and token.startswith(self.prefixes))


@dataclass(frozen=True, slots=True)
class Entry:
    """A compiled phrase with the label it votes for."""

    label: str
    text: str
    elements: tuple[Element, ...]
    has_gap: bool
    # The position the pattern is looked up by, and the positions before it (reversed) and
    # after it, matched outwards from the key.
    key: int
    left: tuple[Element, ...]
    right: tuple[Element, ...]
    # Exact words of one other mandatory position: when none is in the answer, skip the entry.
    required: frozenset[str] | None
    # Two words or more with no gap, no optional word and a prefix at most at the end: the
    # automaton finds it whole.
    whole: bool


# A phrase found in a token list: (entry, start, end), tokens ``start`` to ``end - 1``. A plain
# tuple: an answer's scans make several, and a NamedTuple costs a Python call each.
Hit = tuple[Entry, int, int]


class Candidates(NamedTuple):
    """The patterns a token is the key of."""

    singles: tuple[Entry, ...]  # one-word patterns
    longer: tuple[Entry, ...]  # longer patterns, in writing order
    always: tuple[Entry, ...]  # the longer patterns that need no other particular word
    gate: frozenset[str]  # the words one of which each of the other longer patterns needs
    order: dict[int, int]  # id(pattern) -> its place among the patterns keyed on the token


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


def _commonness(element: Element) -> tuple[int, int, int]:
    """Rank positions for keying: fewest common words, then exact words only, then fewest."""
    common = sum(1 for w in element.words if w in COMMON)
    return (common, len(element.prefixes), len(element.words))


def compile_pattern(pattern: str, label: str) -> Entry:
    """Compile one phrase pattern; raise ValueError when it cannot start a match."""
    elements = tuple(_element(tok) for tok in pattern.split())
    if not elements or elements[0].gap or elements[0].optional:
        raise ValueError(f"pattern must start with a plain token: {pattern!r}")
    if elements[-1].gap:
        raise ValueError(f"pattern must not end with a gap: {pattern!r}")
    mandatory = [i for i, e in enumerate(elements) if not (e.gap or e.optional)]
    plain = not any(e.gap or e.optional for e in elements)
    key = min(mandatory, key=lambda i: (_commonness(elements[i]), i))
    others = [elements[i] for i in mandatory if i != key and not elements[i].prefixes]
    required = min(others, key=lambda e: len(e.words)).words if others else None
    return Entry(
        label=label,
        text=pattern,
        elements=elements,
        has_gap=any(e.gap for e in elements),
        key=key,
        left=tuple(reversed(elements[:key])),
        right=elements[key + 1 :],
        required=required,
        whole=plain and len(elements) > 1 and not any(e.prefixes for e in elements[:-1]),
    )


def _match(elements: tuple[Element, ...], k: int, toks: Sequence[str], j: int) -> int:
    """Return the end index of the longest match of ``elements[k:]`` at ``j``, or -1."""
    if k == len(elements):
        return j
    n = len(toks)
    element = elements[k]
    best = -1
    if element.gap:
        following = elements[k + 1]  # a gap is never last
        if following.optional or following.gap:
            for at in range(min(GAP, n - j) + 1):
                best = max(best, _match(elements, k + 1, toks, j + at))
            return best
        # Only positions where the next word fits can continue the match. (Element.fits
        # written out: this loop runs for every gap of every pattern tried.)
        words, prefixes = following.words, following.prefixes
        for at in range(j, min(n, j + GAP + 1)):
            token = toks[at]
            if token in words or (prefixes and token.startswith(prefixes)):
                end = _match(elements, k + 2, toks, at + 1)
                if end > best:
                    best = end
        return best
    if j < n and element.fits(toks[j]):
        best = _match(elements, k + 1, toks, j + 1)
    if element.optional:
        best = max(best, _match(elements, k + 1, toks, j))
    return best


# What the automaton found at a place: a one-word pattern, a whole phrase, or the key of a
# pattern with gaps, optional words or a prefix inside, to be matched outwards from there.
ONE_WORD, WHOLE, KEY = range(3)


class Matcher:
    """Find labelled phrases in token lists, longest contiguous match first.

    One automaton reads the answer's words once and finds every one-word pattern, every
    whole phrase and the key of every other pattern; those others are then matched outwards
    from their key. The hits come back as a scan of the words from left to right would meet
    them, each pattern at its key: one-word patterns first, then longer ones in lexicon order.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_word: dict[str, list[Entry]] = {}
        self._by_prefix: dict[str, list[Entry]] = {}
        self.vocabulary: set[str] = set()
        entries = list(entries)
        for entry in entries:
            key = entry.elements[entry.key]
            for word in key.words:
                self._by_word.setdefault(word, []).append(entry)
            for prefix in key.prefixes:
                self._by_prefix.setdefault(prefix, []).append(entry)
            for element in entry.elements:
                self.vocabulary.update(element.words)
                self.vocabulary.update(element.prefixes)
        self._max_prefix = max((len(p) for p in self._by_prefix), default=0)
        # Per token ever looked up: its Candidates, or None for a token that keys no pattern.
        self._cache: dict[str, Candidates | None] = {}
        self._automaton = _automaton(entries)

    def candidates(self, token: str) -> Candidates | None:
        """Return the patterns ``token`` is the key of, or None."""
        if token in self._cache:
            return self._cache[token]
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        found = list(self._by_word.get(token, ()))
        for size in range(1, min(len(token), self._max_prefix) + 1):
            found.extend(self._by_prefix.get(token[:size], ()))
        # A pattern keyed on "cancel*|cancelled" is found through both; try it once.
        unique = list({id(e): e for e in found}.values())
        longer = tuple(e for e in unique if len(e.elements) > 1)
        candidates = (
            Candidates(
                singles=tuple(e for e in unique if len(e.elements) == 1),
                longer=longer,
                always=tuple(e for e in longer if e.required is None),
                gate=frozenset().union(*(e.required for e in longer if e.required is not None)),
                order={id(e): i for i, e in enumerate(unique)},
            )
            if unique
            else None
        )
        self._cache[token] = candidates
        return candidates

    def scan(
        self,
        toks: Sequence[str],
        present: set[str] | None = None,
        keyed: Sequence[Candidates | None] | None = None,
        line: str | None = None,
    ) -> list[Hit]:
        """Return every hit in reading order (by start, then end); a contiguous match hides
        shorter ones inside it.

        ``present`` is ``set(toks)`` when the caller has it already; ``keyed``, when given,
        holds ``candidates(token)`` of each token, looked up by the caller; ``line``, when
        given, is ``joined(toks)``, made once for several lexicons.
        """
        if not toks or (keyed is not None and not any(keyed)):
            return []  # no word is the key of a pattern: nothing to find
        seen = present if present is not None else set(toks)
        if line is None:
            line = joined(toks)
        # (place in the scan, entry, start, end): the place is the key's position, then
        # one-word patterns before longer ones, then the order of the patterns keyed on that
        # word, as one number. No two found items share a place, so the tuples sort by it alone.
        contiguous: list[tuple[int, Entry, int, int]] = []
        gapped: list[tuple[int, Entry, int, int]] = []
        done: set[tuple[int, int]] = set()
        tile = False  # a longer contiguous phrase was found: hide what it covers
        for end, (length, found) in self._automaton.iter(line):
            # What was found starts on the word after a space: as many words come before it
            # as there are spaces before that one.
            start = line.count(" ", 0, end - length + 1)
            for kind, entry, ident, offset, twice, needs in found:
                if needs is not None and needs.isdisjoint(seen):
                    continue  # a pattern with gaps that needs a word this answer lacks
                j = start + offset
                if twice:  # two alternatives of one word may both fit it: find it once
                    if (ident, j) in done:
                        continue
                    done.add((ident, j))
                candidates = keyed[j] if keyed is not None else self.candidates(toks[j])
                assert candidates is not None  # the automaton found a pattern keyed on it
                if kind == ONE_WORD:
                    # Where no longer pattern keyed on the word can match, the first place the
                    # word stands is enough.
                    # (The cheap test first: most words stand once in an answer.)
                    if toks.index(toks[j]) != j and not (
                        candidates.always
                        or (candidates.gate and not candidates.gate.isdisjoint(seen))
                    ):
                        continue
                    contiguous.append(((j << 21) + candidates.order[ident], entry, j, j + 1))
                elif kind == WHOLE:
                    place = (j << 21) + (1 << 20) + candidates.order[ident]
                    contiguous.append((place, entry, start, start + len(entry.elements)))
                    tile = True
                else:
                    span = _match_around(entry, toks, j)
                    if span is None:
                        continue
                    place = (j << 21) + (1 << 20) + candidates.order[ident]
                    if entry.has_gap:
                        gapped.append((place, entry, *span))
                    else:
                        contiguous.append((place, entry, *span))
                        tile = True
        contiguous.sort()
        # One-word hits never overlap each other; only a longer phrase can hide some.
        if tile and len(contiguous) > 1:
            contiguous = _longest_first(contiguous)
        hits: list[Hit] = [item[1:] for item in contiguous]
        # Phrases with gaps may start anywhere: after the others, a stable sort by position.
        if gapped:
            gapped.sort()
            hits.extend(item[1:] for item in gapped)
            hits.sort(key=_span)
        return hits


def _span(hit: Hit) -> tuple[int, int]:
    return hit[1], hit[2]


def joined(toks: Sequence[str]) -> str:
    """Return the text the automata read: the words with a space between and at each end."""
    return " " + " ".join(toks) + " "


def _automaton(entries: list[Entry]) -> ahocorasick.Automaton:
    """Return the automaton of every pattern: what to look for in " word word ... ".

    A word is looked for between spaces (" safe "), a prefix after a space only (" worr"
    also finds "worried"). One-word patterns and whole phrases are written out in every way
    they can be (" social worker ", " health visitor" for "health visitor*"); any other
    pattern is looked for by its key alone.
    """
    keys: dict[str, list[tuple[int, Entry, int, int, bool, frozenset[str] | None]]] = {}

    def add(key: str, kind: int, entry: Entry, element: Element) -> None:
        found = keys.setdefault(key, [])
        if not any(other is entry for _, other, *_ in found):  # by identity: twins both count
            # Where the key is, counted from where the found words start; and whether two of
            # the element's alternatives can fit one word ("cancel*|cancelled").
            offset = 0 if kind == KEY else entry.key
            twice = any(w.startswith(p) for w in (*element.words, *element.prefixes)
                        for p in element.prefixes if w != p)
            # The words one of which a pattern matched outwards from its key needs (checked
            # first, as most such keys are common words: "i", "to", "for").
            needs = entry.required if kind == KEY else None
            found.append((kind, entry, id(entry), offset, twice, needs))

    def forms(element: Element) -> list[str]:
        return [w + " " for w in sorted(element.words)] + sorted(element.prefixes)

    for entry in entries:
        if entry.whole:
            *inner, last = entry.elements
            for words in itertools.product(*(sorted(e.words) for e in inner), forms(last)):
                add(" " + " ".join(words), WHOLE, entry, last)
        else:
            kind = ONE_WORD if len(entry.elements) == 1 else KEY
            key = entry.elements[entry.key]
            for form in forms(key):
                add(" " + form, kind, entry, key)
    automaton = ahocorasick.Automaton()
    for key, found in keys.items():
        automaton.add_word(key, (len(key), tuple(found)))
    automaton.make_automaton()
    return automaton


def _match_around(entry: Entry, toks: Sequence[str], j: int) -> tuple[int, int] | None:
    """Match ``entry`` (with gaps or optional words) outwards from its key at ``toks[j]``;
    return where the match starts and ends, or None."""
    n = len(toks)
    start = j
    if entry.left:
        # The left side is matched on the reversed tokens, from the key backwards.
        back = _match(entry.left, 0, toks[::-1], n - j)
        if back < 0:
            return None
        start = n - back
    end = _match(entry.right, 0, toks, j + 1) if entry.right else j + 1
    return None if end < 0 else (start, end)


def _longest_first(found: list[tuple[int, Entry, int, int]]) -> list[tuple[int, Entry, int, int]]:
    """Tile (place, entry, start, end) items: by start, the longest first; drop those inside an
    earlier longer one (an item as long as the longest at its start is kept too)."""
    found = sorted(found, key=_start_longest)
    kept = []
    covered = 0
    best = (-1, -1)
    for item in found:
        span = item[2:]
        if span == best:
            kept.append(item)
        elif span[0] >= covered:
            kept.append(item)
            best = span
            covered = span[1]
    return kept


def _start_longest(item: tuple[int, Entry, int, int]) -> tuple[int, int]:
    return item[2], -item[3]
