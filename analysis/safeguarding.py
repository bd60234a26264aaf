"""Flag answers that may disclose current harm, from the patterns in data/safeguarding.yaml.

Recall comes first. A pattern is dropped only when a negator comes right before it ("nobody
hits me") or when the answer says the harm is over, reads as past and has no sign that it is
still going on ("I used to be scared of my dad but I'm safe now with my gran").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from analysis import lexicon
from analysis.patterns import Entry, Matcher, compile_pattern

NEGATION_WINDOW = 2
PAST_WINDOW = 4
# Words after a hit that can date it too ("the violence happened before we left").
PAST_AFTER = 2
_MACRO = re.compile(r"\{([A-Z]+)\}")
# "I'd tell my teacher if I didn't feel safe" is a hypothetical, not a disclosure; "what if he
# hurts me again" has no such verb before it and stays flagged.
_CONDITIONAL = frozenset(
    ("id", "would", "wed", "could", "should", "know", "tell", "call", "phone", "ring", "speak",
     "talk")
)
# "... who to call if you don't feel safe" talks about someone else, hypothetically.
_HYPOTHETICAL_PEOPLE = frozenset(
    ("you", "they", "anyone", "anybody", "someone", "somebody", "children", "kids", "people",
     "child", "pupils")
)


@dataclass(frozen=True)
class SafeguardingModel:
    """The compiled safeguarding lexicon."""

    matcher: Matcher
    markers: Matcher
    negators: frozenset[str]
    past_words: frozenset[str]
    past_after: frozenset[str]
    anchors: frozenset[str]
    staff_training: frozenset[str]
    categories: tuple[str, ...]


def expand(pattern: str, macros: dict[str, str]) -> list[str]:
    """Expand {MACRO} tokens; a macro with multi-word alternatives yields several patterns."""
    out = [pattern]
    while any(_MACRO.search(p) for p in out):
        nxt: list[str] = []
        for p in out:
            m = _MACRO.search(p)
            if m is None:
                nxt.append(p)
                continue
            name = m.group(1)
            if name not in macros:
                raise ValueError(f"unknown macro {{{name}}} in {pattern!r}")
            alts = [a.strip() for a in macros[name].split("|") if a.strip()]
            single = [a for a in alts if " " not in a]
            multi = [a for a in alts if " " in a]
            whole_token = p[m.start() - 1 : m.start()] in ("", " ") and p[m.end() : m.end() + 1] in (
                "",
                " ",
            )
            if multi and not whole_token:
                raise ValueError(f"macro {{{name}}} has phrases; use it as a whole word")
            choices = (["|".join(single)] if single else []) + multi
            nxt.extend(p[: m.start()] + c + p[m.end() :] for c in choices)
        out = nxt
    return out


@cache
def model() -> SafeguardingModel:
    """Compile data/safeguarding.yaml once per process."""
    data = lexicon.load("safeguarding.yaml")
    macros = {k: " ".join(str(v).split()) for k, v in (data.get("macros") or {}).items()}
    entries: list[Entry] = []
    categories = tuple(data["categories"])
    for category, block in data["categories"].items():
        for line in lexicon.lines(block):
            entries.extend(compile_pattern(p, category) for p in expand(line, macros))
    for line in lexicon.lines(data.get("anchored")):
        entries.extend(compile_pattern(p, "anchored") for p in expand(line, macros))
    markers: list[Entry] = []
    for kind in ("resolved", "current", "not_harm"):
        for line in lexicon.lines(data.get(kind)):
            markers.extend(compile_pattern(p, kind) for p in expand(line, macros))
    return SafeguardingModel(
        matcher=Matcher(entries),
        markers=Matcher(markers),
        negators=lexicon.words(data.get("negators")),
        past_words=lexicon.words(data.get("past_words")),
        past_after=lexicon.words(data.get("past_after")),
        anchors=lexicon.words(data.get("anchors")),
        staff_training=lexicon.words(data.get("staff_training")),
        categories=categories,
    )


_CRIES = frozenset(("help", "sos", "helpp", "hlp"))
_ADVERBS = frozenset(
    ("ever", "really", "even", "always", "actually", "properly", "usually", "much", "often")
)
# A member of staff writing about one particular child ("a 14 year old on my caseload", "a
# young person told me yesterday") may be reporting a current concern, not a general trend.
_ONE_CHILD = frozenset(
    {("year", "old"), ("my", "caseload"), ("told", "me"), ("disclosed", "to"), ("my", "class")}
    | {("i", verb) for verb in ("mentor", "support", "visited", "raised", "flagged", "referred")}
    | {("work", "with"), ("a", "toddler"), ("a", "baby"), ("a", "family"), ("in", "my")}
    | {(who, "who") for who in ("pupil", "child", "boy", "girl", "person", "lad", "lass")}
)


def _about_one_child(toks: Sequence[str]) -> bool:
    pairs = set(itertools.pairwise(toks))
    return not pairs.isdisjoint(_ONE_CHILD)


def find_disclosures(
    toks: Sequence[str],
    respondent: str = "unknown",
    present: set[str] | None = None,
    keyed: Sequence | None = None,
    line: str | None = None,
) -> list[str]:
    """Return evidence ("category: words") for each possible disclosure in ``toks``.

    ``present`` is ``set(toks)``, ``keyed`` each token's candidates in the disclosure matcher
    and ``line`` the words joined, when the caller has them already (see ``Matcher.scan``).
    """
    m = model()
    if toks and len(toks) <= 2 and toks[0] in _CRIES:
        # "help" or "sos" on its own is the shortest disclosure there is.
        return [f"asking_for_help: {' '.join(toks)}"]
    hits = m.matcher.scan(toks, present, keyed, line)
    if not hits:
        return []
    if respondent == "staff" and not m.staff_training.isdisjoint(toks) and not _about_one_child(toks):
        return []
    marked = m.markers.scan(toks, present, line=line)
    marks = {entry.label for entry, _, _ in marked}
    resolved = "resolved" in marks and "current" not in marks
    not_harm = [(s, e) for entry, s, e in marked if entry.label == "not_harm"]
    personal: bool | None = None
    evidence: list[str] = []
    for entry, start, end in hits:
        category = entry.label
        if category == "anchored":
            if respondent == "staff" and not _about_one_child(toks):
                continue
            if personal is None:
                personal = respondent == "child" or any(t in m.anchors for t in toks)
            if not personal:
                continue
            category = "personal_risk"
        if not_harm and any(s <= start < e or start <= s < end for s, e in not_harm):
            continue
        # A negator right before the pattern, or two before with only an adverb between
        # ("never ever hits me"); "I say I'm not. He hits me" starts a new clause.
        before = toks[max(0, start - NEGATION_WINDOW) : start]
        if before and (
            before[-1] in m.negators
            or (len(before) == 2 and before[0] in m.negators and before[1] in _ADVERBS)
        ):
            continue
        window = toks[max(0, start - PAST_WINDOW) : start]
        if "if" in window and any(t in _HYPOTHETICAL_PEOPLE for t in window):
            continue
        if "if" in window[-3:] and any(t in _CONDITIONAL for t in toks[:start]):
            continue
        after = toks[end : end + PAST_AFTER]
        if resolved and (
            any(t in m.past_words for t in [*window, *toks[start:end]])
            or any(t in m.past_after for t in after)
        ):
            continue
        item = f"{category}: {' '.join(toks[start : end])}"
        if item not in evidence:
            evidence.append(item)
    return evidence
