"""Compile readable phrase patterns and find them in token lists quickly.

Pattern syntax (one phrase per string, tokens separated by spaces):

- ``word``      the exact token (apostrophes are already removed: write ``dont``)
- ``word*``     any token starting with ``word``
- ``a|b*|c``    any one of the alternatives
- ``[a|b]``     an optional token
- ``...``       a gap of up to three tokens

Each pattern is looked up by its rarest position (its "key"), not by its first word, so that
common words such as "i", "my" or "not" do not send every answer through dozens of patterns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

try:  # C types for the compiled build (analysis/accelerate.py); plain Python ignores them
    import cython
except ImportError:  # pragma: no cover - only where Cython is not installed
    from analysis import _shadow as cython

GAP = 3
_START = itemgetter(1)
_END = itemgetter(2)
_START_END = itemgetter(1, 2)
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
    # Neither side has gaps or optional tokens, so a plain loop matches it.
    plain: bool


# A phrase found in a token list: (entry, start, end), tokens start..end-1. A tuple, not a
# dataclass, because millions are made and a tuple is several times cheaper to build.
Hit = tuple[Entry, int, int]
# A longer pattern as the scan reads it: (entry, plain, left, right, required, has_gap). Left
# and right hold a Position for each element; a plain entry's are matched in the scan itself,
# the others by _match. Tuples, because the compiled scan indexes a tuple directly but looks
# attributes up by name and calls a set's methods through a lookup by name too; it loops over
# required instead.
Spec = tuple[Entry, bool, tuple, tuple, "tuple[str, ...] | None", bool]
# An Element as the matchers read it: (words, prefixes, optional, gap).
Position = tuple[frozenset[str], tuple[str, ...], bool, bool]
# What a token keys: (one-word patterns, longer ones needing no other word, longer ones by a
# word the answer must also hold, those words, every longer one in writing order).
Candidates = tuple[
    tuple[Entry, ...],
    tuple[Spec, ...],
    dict[str, tuple[Spec, ...]],
    tuple[str, ...],
    tuple[Spec, ...],
]


def _position(element: Element) -> Position:
    return (element.words, element.prefixes, element.optional, element.gap)


def _spec(entry: Entry) -> Spec:
    left = tuple(_position(e) for e in entry.left)
    right = tuple(_position(e) for e in entry.right)
    required = None if entry.required is None else tuple(sorted(entry.required))
    return (entry, entry.plain, left, right, required, entry.has_gap)


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
        plain=not any(e.gap or e.optional for e in elements),
    )


@cython.cfunc
def _match(positions: tuple, k: cython.Py_ssize_t, toks: list, j: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Return the end index of the longest match of ``positions[k:]`` at ``j``, or -1.

    A C function in the compiled build, with C integers: it recurses once a position.
    """
    n: cython.Py_ssize_t = len(toks)
    best: cython.Py_ssize_t = -1
    at: cython.Py_ssize_t
    stop: cython.Py_ssize_t
    position: tuple
    following: tuple
    prefixes: tuple
    token: str
    if k == len(positions):
        return j
    position = positions[k]
    if position[3]:  # a gap
        following = positions[k + 1]  # a gap is never last
        if following[2] or following[3]:
            for at in range(GAP + 1):
                if j + at > n:
                    break
                best = max(best, _match(positions, k + 1, toks, j + at))
            return best
        # Only positions where the next word fits can continue the match.
        prefixes = following[1]
        stop = min(n, j + GAP + 1)
        for at in range(j, stop):
            token = toks[at]
            if token in following[0] or (prefixes and token.startswith(prefixes)):
                best = max(best, _match(positions, k + 2, toks, at + 1))
        return best
    if j < n:
        token = toks[j]
        prefixes = position[1]
        if token in position[0] or (prefixes and token.startswith(prefixes)):
            best = _match(positions, k + 1, toks, j + 1)
    if position[2]:  # optional
        best = max(best, _match(positions, k + 1, toks, j))
    return best


@cython.cfunc
def _insertion_sort(hits: list, longest_first: cython.bint) -> cython.int:
    """Sort hits in place by start, then by end (the longest first if ``longest_first``),
    keeping the order of equals: on C integers, for the few hits of one answer."""
    at: cython.Py_ssize_t
    back: cython.Py_ssize_t
    start: cython.Py_ssize_t
    end: cython.Py_ssize_t
    hit: tuple
    other: tuple
    for at in range(1, len(hits)):
        hit = hits[at]
        start = hit[1]
        end = hit[2]
        back = at - 1
        while back >= 0:
            other = hits[back]
            if other[1] > start or (
                other[1] == start and (other[2] < end if longest_first else other[2] > end)
            ):
                hits[back + 1] = other
                back -= 1
            else:
                break
        hits[back + 1] = hit
    return 0


class Matcher:
    """Find labelled phrases in token lists, longest contiguous match first."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_word: dict[str, list[Entry]] = {}
        self._by_prefix: dict[str, list[Entry]] = {}
        self.vocabulary: set[str] = set()
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
        # Per token ever looked up: a Candidates tuple (see _candidates), or an empty tuple
        # for a token that keys no pattern.
        self._cache: dict[str, Candidates | tuple[()]] = {}

    def _candidates(self, token: str) -> Candidates | tuple[()]:
        """Look a token up for the first time: return what it keys (see Candidates): its
        one-word patterns; its longer patterns that need no particular other word; the others
        by the words one of which an answer must hold for them to match; those words, so a
        short loop over them can rule all of those out; and every longer one in writing order."""
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        found_list = list(self._by_word.get(token, ()))
        for size in range(1, min(len(token), self._max_prefix) + 1):
            found_list.extend(self._by_prefix.get(token[:size], ()))
        if not found_list:
            self._cache[token] = ()
            return ()
        # A pattern keyed on "cancel*|cancelled" is found through both; try it once.
        found_list = list({id(e): e for e in found_list}.values())
        singles = tuple(e for e in found_list if len(e.elements) == 1)
        longer = [_spec(e) for e in found_list if len(e.elements) > 1]
        always = tuple(spec for spec in longer if spec[4] is None)
        by_word: dict[str, list[Spec]] = {}
        for spec in longer:
            for word in spec[4] or ():
                by_word.setdefault(word, []).append(spec)
        found = (
            singles,
            always,
            {w: tuple(entries) for w, entries in by_word.items()},
            tuple(sorted(by_word)),
            tuple(longer),
        )
        self._cache[token] = found
        return found

    def candidates(self, token: str) -> Candidates | tuple[()]:
        """Return what ``token`` keys (see Candidates), or an empty tuple."""
        found = self._cache.get(token)
        return self._candidates(token) if found is None else found

    def scan(
        self, toks: Sequence[str], present: set[str] | None = None, keyed: list | None = None
    ) -> list[Hit]:
        """Return every hit in reading order (by start, then end); a contiguous match hides
        shorter ones inside it.

        ``present`` is ``set(toks)`` when the caller has it already; ``keyed``, when given,
        holds ``candidates(token)`` of each token, looked up by the caller.
        """
        # C types for the compiled build (analysis/accelerate.py); plain Python ignores them.
        j: cython.Py_ssize_t
        n: cython.Py_ssize_t
        k: cython.Py_ssize_t
        held: cython.Py_ssize_t
        start: cython.Py_ssize_t
        end: cython.Py_ssize_t
        back: cython.Py_ssize_t
        # Known to be a dict, lists, tuples and strings, the compiled build calls get and
        # append directly and indexes without a lookup by name.
        cache: dict = self._cache
        words_of: list = toks if type(toks) is list else list(toks)
        info: tuple
        spec: tuple
        side: tuple
        check: tuple
        hit: tuple
        prefixes: tuple
        gate: tuple
        required: tuple
        longer: tuple | list
        always: tuple
        word: str
        one: str
        # The answer's words as a set, typed so that the compiled build asks the set directly.
        seen: set | None = present
        contiguous: list = []
        gapped: list[Hit] = []
        longer_found = False
        rev: list[str] | None = None
        reported: set[str] | None = None
        n = len(words_of)
        # One pass over the answer's words, one dict lookup each: most key no pattern.
        # Each word's candidates, as the caller looked them up or as looked up here; typed, so
        # that the compiled build indexes the list directly.
        keys: list = keyed if keyed is not None else [None] * n
        for j in range(n):
            info = keys[j]
            if info is None:
                token = words_of[j]
                info = cache.get(token)
                if info is None:
                    info = self._candidates(token)
            if not info:
                continue
            always = info[1]
            gate = info[3]
            # How many of the words that gate this token's other patterns the answer holds
            # (a loop, not set methods: see Spec), and the one if there is only one.
            held = 0
            one = ""
            if gate:
                if seen is None:
                    seen = set(words_of)
                for word in gate:
                    if word in seen:
                        held += 1
                        one = word
                        if held > 1:
                            break
            if always or held:
                # Some longer pattern keyed on this word may match: try those whose other
                # words the answer holds, in the order they were written.
                if not held:
                    longer = always
                elif held == 1 and not always:
                    longer = info[2][one]
                else:
                    longer = []
                    for spec in info[4]:
                        if spec[4] is None:
                            longer.append(spec)
                        else:
                            required = spec[4]
                            for word in required:
                                if word in seen:
                                    longer.append(spec)
                                    break
                for entry in info[0]:
                    contiguous.append((entry, j, j + 1))
                for spec in longer:
                    if spec[1]:
                        # Plain positions, the common shape: check them here, outwards from
                        # the key, without a call.
                        side = spec[2]
                        start = j - len(side)
                        if start < 0:
                            continue
                        for k in range(len(side)):
                            check = side[k]
                            word = words_of[j - 1 - k]
                            if word not in check[0]:
                                prefixes = check[1]
                                if not prefixes or not word.startswith(prefixes):
                                    break
                        else:
                            side = spec[3]
                            end = j + 1 + len(side)
                            if end > n:
                                continue
                            for k in range(len(side)):
                                check = side[k]
                                word = words_of[j + 1 + k]
                                if word not in check[0]:
                                    prefixes = check[1]
                                    if not prefixes or not word.startswith(prefixes):
                                        break
                            else:
                                contiguous.append((spec[0], start, end))
                                longer_found = True
                        continue
                    # Gaps or optional words: the general matcher, outwards from the key.
                    start = j
                    if spec[2]:
                        if rev is None:
                            rev = words_of[::-1]
                        back = _match(spec[2], 0, rev, n - j)
                        if back < 0:
                            continue
                        start = n - back
                    end = _match(spec[3], 0, words_of, j + 1) if spec[3] else j + 1
                    if end < 0:
                        continue
                    if spec[5]:
                        gapped.append((spec[0], start, end))
                    else:
                        contiguous.append((spec[0], start, end))
                        longer_found = True
            elif info[0]:
                # One-word patterns only: the first place the word stands is enough.
                token = words_of[j]
                if reported is None:
                    reported = {token}
                elif token in reported:
                    continue
                else:
                    reported.add(token)
                for entry in info[0]:
                    contiguous.append((entry, j, j + 1))
        # One-word hits never overlap each other; only a longer phrase can hide some.
        if longer_found and len(contiguous) > 1:
            # By start, longest first, in the order found among equals.
            if len(contiguous) > 24:
                contiguous.sort(key=_END, reverse=True)
                contiguous.sort(key=_START)
            else:
                # The hits come nearly in order, and a few at a time: an insertion sort on
                # C integers costs a fraction of two list sorts with their key calls.
                _insertion_sort(contiguous, True)
            kept: list[Hit] = []
            covered = 0
            best_start = best_end = -1
            for hit in contiguous:
                _, start, end = hit
                if start == best_start and end == best_end:
                    kept.append(hit)  # as long as the longest at this start: keep it too
                elif start >= covered:
                    kept.append(hit)
                    best_start, best_end = start, end
                    covered = end
            contiguous = kept
        # The contiguous hits are in reading order already (one-word hits come in word order,
        # and the tiling above sorts); phrases with gaps may start anywhere.
        if not gapped:
            return contiguous
        contiguous.extend(gapped)
        if len(contiguous) > 24:
            contiguous.sort(key=_START_END)
            return contiguous
        # Stable, by (start, end), as the sort above: the insertion sort passes over the hits
        # in order and moves only the few gapped ones, in a fraction of the sort's cost.
        _insertion_sort(contiguous, False)
        return contiguous
