"""Detect the five themes of an answer from the lexicon in data/themes.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from analysis import lexicon
from analysis.patterns import Entry, Matcher, compile_pattern
from analysis.theme_list import THEMES

NEGATION_WINDOW = 3


@dataclass(frozen=True)
class ThemeModel:
    """The compiled theme lexicon."""

    matcher: Matcher
    negators: frozenset[str]
    # (theme, groups in the order their words are shown, the same groups as a set)
    combos: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]
    # Theme -> themes whose presence cancels that theme's weak terms.
    weak_unless: dict[str, frozenset[str]]
    # Label -> (kind, name), e.g. "theme:process" -> (THEME, "process"), the kind one of the
    # numbers below: compared as numbers, not strings, once per hit.
    kinds: dict[str, tuple[int, str]]


# Kinds of lexicon entry, the part of a label before its colon ("theme:process").
IGNORE, THEME, NEGATED, WEAK, GROUP = range(5)
_KIND_CODES = {"ignore": IGNORE, "theme": THEME, "neg": NEGATED, "weak": WEAK, "group": GROUP}


@cache
def model() -> ThemeModel:
    """Compile data/themes.yaml once per process."""
    data = lexicon.load("themes.yaml")
    entries: list[Entry] = []
    combos: dict[str, tuple[tuple[str, ...], ...]] = {}
    weak_unless: dict[str, frozenset[str]] = {}
    for pattern in lexicon.lines(data.get("ignore")):
        entries.append(compile_pattern(pattern, "ignore"))
    for theme, spec in data["themes"].items():
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r} in themes.yaml")
        for pattern in lexicon.lines(spec.get("terms")):
            entries.append(compile_pattern(pattern, "theme:" + theme))
        for pattern in lexicon.lines(spec.get("negated")):
            entries.append(compile_pattern(pattern, "neg:" + theme))
        for pattern in lexicon.lines(spec.get("weak")):
            entries.append(compile_pattern(pattern, "weak:" + theme))
        weak_unless[theme] = frozenset(lexicon.lines(spec.get("weak_unless")))
        combos[theme] = tuple(tuple(line.split()) for line in lexicon.lines(spec.get("combos")))
    groups = data.get("groups") or {}
    for group, block in groups.items():
        for pattern in lexicon.lines(block):
            entries.append(compile_pattern(pattern, "group:" + group))
    for theme, rules in combos.items():
        for rule in rules:
            missing = [g for g in rule if g not in groups]
            if missing:
                raise ValueError(f"theme {theme!r} combines unknown groups {missing}")
    kinds = {}
    for e in entries:
        kind, _, name = e.label.partition(":")
        kinds[e.label] = (_KIND_CODES[kind], name)
    flat = tuple(
        (theme, rule, frozenset(rule)) for theme, rules in combos.items() for rule in rules
    )
    return ThemeModel(
        Matcher(entries), lexicon.words(data.get("negators")), flat, weak_unless, kinds
    )


def _negated(toks: Sequence[str], start: int, negators: frozenset[str]) -> bool:
    """Say whether a negator comes in the few words before ``start``."""
    return any(t in negators for t in toks[max(0, start - NEGATION_WINDOW) : start])


def find_themes(
    toks: Sequence[str],
    present: set[str] | None = None,
    keyed: Sequence | None = None,
    line: str | None = None,
) -> dict[str, list[str]]:
    """Return, for each theme found in ``toks``, the words that triggered it.

    ``present`` is ``set(toks)``, ``keyed`` each token's candidates in the theme matcher and
    ``line`` the words joined, when the caller has them already (see ``Matcher.scan``).
    """
    m = model()
    hits = m.matcher.scan(toks, present, keyed, line)
    if not hits:
        return {}
    # Each hit's (kind, name) and span.
    kinds = m.kinds
    marked = [(kinds[entry.label], start, end) for entry, start, end in hits]
    # Where the "ignore" phrases are: the words inside them count for no theme.
    ignored = [(start, end) for (kind, _), start, end in marked if kind == IGNORE]
    found: dict[str, list[str]] = {}
    groups: dict | None = None
    weak: dict | None = None
    for (kind, name), start, end in marked:
        if kind == IGNORE:
            continue
        if ignored and any(first <= start < stop for first, stop in ignored):
            continue
        words = toks[start] if end == start + 1 else " ".join(toks[start:end])
        if kind == THEME:
            if name in found:
                found[name].append(words)
            else:
                found[name] = [words]
        elif kind == NEGATED:
            if _negated(toks, start, m.negators):
                found.setdefault(name, []).append("not " + words)
        elif kind == WEAK:
            if weak is None:
                weak = {}
            weak.setdefault(name, []).append(words)
        elif groups is None:
            groups = {name: words}
        elif name not in groups:
            groups[name] = words
    if groups is not None:
        names = groups.keys()
        for theme, rule, needed in m.combos:
            if names >= needed:
                found.setdefault(theme, []).append(" + ".join([groups[g] for g in rule]))
    if weak is not None:
        for theme, words in weak.items():
            if theme not in found and m.weak_unless[theme].isdisjoint(found):
                found[theme] = words
    return found
