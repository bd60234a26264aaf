"""Detect the five themes of an answer from the lexicon in data/themes.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from analysis import lexicon
from analysis.patterns import Entry, Matcher, compile_pattern

THEMES: tuple[str, ...] = ("wellbeing", "relationships", "process", "involvement", "leadership")
CORE_THEMES: tuple[str, ...] = THEMES[:4]
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
    # Label -> (kind, name), e.g. "theme:process" -> ("theme", "process").
    kinds: dict[str, tuple[str, str]]


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
    kinds = {e.label: tuple(e.label.partition(":")[::2]) for e in entries}
    flat = tuple(
        (theme, rule, frozenset(rule)) for theme, rules in combos.items() for rule in rules
    )
    return ThemeModel(
        Matcher(entries), lexicon.words(data.get("negators")), flat, weak_unless, kinds
    )


def _negated(toks: Sequence[str], start: int, negators: frozenset[str]) -> bool:
    return any(t in negators for t in toks[max(0, start - NEGATION_WINDOW) : start])


def find_themes(
    toks: Sequence[str], present: set[str] | None = None, keyed: list | None = None
) -> dict[str, list[str]]:
    """Return, for each theme found in ``toks``, the words that triggered it.

    ``present`` is ``set(toks)`` and ``keyed`` each token's candidates in the theme matcher,
    when the caller has them already (see ``Matcher.scan``).
    """
    # Known to be a list and a dict, the compiled build indexes and looks up directly.
    hits: list
    kinds: dict
    m = model()
    hits = m.matcher.scan(toks, present, keyed)
    if not hits:
        return {}
    kinds = m.kinds
    ignored = [(start, end) for entry, start, end in hits if entry.label == "ignore"]
    found: dict[str, list[str]] = {}
    groups: dict[str, str] = {}
    weak: dict[str, list[str]] = {}
    for entry, start, end in hits:
        kind, name = kinds[entry.label]
        if kind == "ignore":
            continue
        if ignored and any(s <= start < e for s, e in ignored):
            continue
        words = toks[start] if end == start + 1 else " ".join(toks[start:end])
        if kind == "theme":
            if name in found:
                found[name].append(words)
            else:
                found[name] = [words]
        elif kind == "neg":
            if _negated(toks, start, m.negators):
                found.setdefault(name, []).append("not " + words)
        elif kind == "weak":
            weak.setdefault(name, []).append(words)
        elif name not in groups:
            groups[name] = words
    if groups:
        names = groups.keys()
        for theme, rule, needed in m.combos:
            if names >= needed:
                found.setdefault(theme, []).append(" + ".join(groups[g] for g in rule))
    for theme, words in weak.items():
        if theme not in found and m.weak_unless[theme].isdisjoint(found):
            found[theme] = words
    return found
