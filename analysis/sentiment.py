"""Sentiment of free-text answers: a transparent lexicon scorer with rules.

Builds on TextBlob's adjective lexicon (read once from the installed package, never called per
text) and layers the words and rules that matter in answers from children, parents and staff:
negation, intensifiers, contrast, Scots and children's words, misspellings, emoji, and the
question an answer replies to ("Nothing" after "What should change?" is praise).
The layered words live in ``analysis/data/sentiment_words.txt`` so they can be read and edited.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from pathlib import Path

from analysis import lexicon

try:  # C types for the compiled build (analysis/accelerate.py); plain Python ignores them
    import cython

    _COMPILED = cython.compiled  # True in the compiled build, where Cython makes it a constant
except ImportError:  # pragma: no cover - only where Cython is not installed
    from analysis import _shadow as cython

    _COMPILED = False

__all__ = ["score_sentiment", "score_with_words", "sentiment_of"]

_DATA = lexicon.DATA / "sentiment_words.txt"

# Label thresholds on the polarity: the usual ±0.05, confirmed on 70% of the NHS comments
# and checked on the other 30% (seed 20261123).
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05

# Entry kinds (first item of a lexicon entry). C constants in the compiled build, so that the
# scorer compares an entry's kind with them in C, not through an integer object each time.
_NONE = cython.declare(cython.int, 0)
_POL = cython.declare(cython.int, 1)
_NEG = cython.declare(cython.int, 2)
_NEG0 = cython.declare(cython.int, 3)
_INT = cython.declare(cython.int, 4)
_BUT = cython.declare(cython.int, 5)
_CONC = cython.declare(cython.int, 6)
_CMP = cython.declare(cython.int, 7)
_REQ = cython.declare(cython.int, 8)
_TOO = cython.declare(cython.int, 9)
_LIKE = cython.declare(cython.int, 10)
_PUNCT = cython.declare(cython.int, 11)
_ATALL = cython.declare(cython.int, 12)
_HEDGE = cython.declare(cython.int, 13)

# The scorer's weights, C constants in the compiled build (see the entry kinds above).
# Tokens a negator reaches forward ("don't really feel that safe").
_NEGATION_SCOPE = cython.declare(cython.int, 3)
# "not happy" is nearly as strong as "unhappy".
_NEGATE_POSITIVE = cython.declare(cython.double, -0.75)
# "not bad" is milder praise than "good".
_NEGATE_NEGATIVE = cython.declare(cython.double, -0.5)
# "nobody explained", "I didn't know": a complaint with no sentiment word.
_BARE_NEGATION = cython.declare(cython.double, -0.3)
# "more staff" after "what could be better?"
_SUGGESTION = cython.declare(cython.double, -0.35)
# "too <anything>".
_TOO_MUCH = cython.declare(cython.double, -0.4)
# Weight left to the clause before "but".
_BEFORE_BUT = cython.declare(cython.double, 0.4)
# "like" is a verb of liking only after these ("I like", "we really like"); elsewhere it
# compares ("talks about me like I'm not there").
_LIKE_AFTER = frozenset(
    {"i", "we", "they", "you", "he", "she", "me", "us", "really", "do", "does", "did"}
    | {"also", "just", "still", "always", "both", "all", "dont", "didnt", "doesnt"}
)

_TOKEN = re.compile(
    r"[a-z0-9]+(?:'[a-z]+)?"  # words, keeping contractions whole: "wasn't", "i'm"
    r"|>?[:;=]'?-?[()\[\]dp/|]|</?3"  # emoticons, after lowercasing
    r"|[.!?;,]"  # clause ends
    r"|[\u2600-\u27bf\U0001f300-\U0001faff]"  # emoji, one code point each
)
_ELONGATED = re.compile(r"([a-z])\1{2,}")  # "happpy", "gooood": keep two
_ELONGATED_END = re.compile(r"([a-z])\1{2,}(?![a-z])")  # "sooo", "happyyy": keep one

_NO_OPINION = re.compile(
    r"\W*(?:don'?t know|dunno|idk|not sure|unsure|no idea|no comment|no comments|"
    r"nothing (?:else )?to (?:add|say|report|comment)|no opinion|not applicable|"
    r"no|none|nothing|n/?a|nil|-|\?+|test|ok|okay|k|yes)\W*"
)
# An answer that opens with "nothing" (or "none", "not a thing"...): after "What could be
# better?" it means nothing needs changing; after "What was good?" it is a complaint. What
# follows ("Nothing, all very good") is scored on its own, not negated by it.
_NOTHING = re.compile(
    r"\W*(?:(?:absolutely|really|honestly|just|genuinely|literally) )?"
    r"(?:(?:nothing|none|nowt|naething|nuhin|not a thing|not anything)"
    r"(?:\s+(?:at all|really|whatsoever|much|else|so far|for me|i can think of|"
    r"that i can think of|i could think of|comes to mind|to (?:improve|change|add|say|report)|"
    r"needs? (?:changing|to change|improving|to be improved)))*"
    # "nothing was done", "none of them listen": a complaint, not an answer of "nothing"
    r"(?!\s+(?:was|were|is|are|has|have|had|happened|happens|changes|changed|gets|got|seems|"
    r"works|worked|ever|done|helps|helped|of|about|came|comes|goes|went|will|would|could)\b)"
    r"|(?:no|nope|nah|naw|nae|nil|zero|n/?a|not really|not much|not a lot|no not really|"
    r"no thanks?|no thank you|(?:i )?can'?t think of (?:any(?:thing)?|one)|"
    r"(?:i )?cannot think of any(?:thing)?|couldn'?t|can'?t)"
    r"(?=\W*$|\s*[.,;:!\-]|\s+(?:they|it|i|we|all|everything|everyone|you|very|always)\b))"
)
# How what _NOTHING can match begins, by first letter: most answers cannot, so the pattern is
# only tried on those that might ("i can't think of anything", not "i think").
_NOTHING_STARTS = {
    "n": "n", "z": "zero", "a": "absolutely", "r": "really", "h": "honestly", "j": "just",
    "g": "genuinely", "l": "literally", "c": ("can", "couldn"), "i": "i can",
}
_EVERYTHING = re.compile(
    r"\W*(?:everything|every thing|all of it|all|the lot|everyone|all of them|all staff)\W*"
)

# Question kinds, recognised by meaning rather than exact wording.
_Q_IMPROVE = re.compile(
    r"improv|better|change|differently|do more|wrong|worse|worst|bad|not (?:so )?good|"
    r"n'?t (?:you )?(?:like|enjoy|help)|not like|dislike|least|problem|concern|complain|"
    r"dissatisf|unhappy|worr|missing|lack|wish|should we|could we|need to|fix|harder"
)
_Q_GOOD = re.compile(
    r"good|well|best|like|enjoy|help|positive|strength|happy|proud|satisf|great|"
    r"work(?:s|ed)? for|pleased|valu|thank|praise|impress"
)
# Question kinds, C constants in the compiled build (see the entry kinds above).
_CTX_NONE = cython.declare(cython.int, 0)
_CTX_IMPROVE = cython.declare(cython.int, 1)
_CTX_GOOD = cython.declare(cython.int, 2)
_CTX_MIXED = cython.declare(cython.int, 3)
_CTX_OTHER = cython.declare(cython.int, 4)


def _textblob_lexicon() -> dict[str, float]:
    """Average TextBlob's per-sense polarities, as TextBlob does."""
    spec = find_spec("textblob")
    if spec is None or spec.origin is None:  # pragma: no cover - textblob is pinned
        return {}
    path = Path(spec.origin).with_name("en") / "en-sentiment.xml"
    senses: dict[str, list[float]] = {}
    for node in ET.parse(path).getroot().iter("word"):  # noqa: S314 - a file of the package
        form = node.get("form", "").lower()
        if form:
            senses.setdefault(form, []).append(float(node.get("polarity", "0")))
    return {w: sum(v) / len(v) for w, v in senses.items() if any(v)}


def _entry(tag: str, term: str, value: str) -> tuple:
    """Turn one data line into a lexicon entry (kind, number, cue)."""
    cue = term if tag in ("word", "domain") else f"{tag}:{term}"
    if value == "neg0":
        return (_NEG0, 0.0, cue)
    if value.startswith("neg"):
        # The number is what the negator reads as when it negates no sentiment word.
        return (_NEG, float(value[4:]) if ":" in value else _BARE_NEGATION, cue)
    if value.startswith("*"):
        return (_INT, float(value[1:]), cue)
    if value == "but":
        return (_BUT, 0.0, cue)
    if value == "conc":
        return (_CONC, 0.0, cue)
    if value.startswith("cmp"):
        return (_CMP, float(value[4:]) if ":" in value else 0.0, cue)
    if value == "req":
        return (_REQ, 0.0, cue)
    if value == "too":
        return (_TOO, 0.0, cue)
    if value == "like":
        return (_LIKE, 0.4, cue)
    if value == "hedge":
        return (_HEDGE, 0.0, cue)
    if value == "atall":
        return (_ATALL, 0.0, cue)
    if value == "zero":
        return (_NONE, 0.0, cue)
    return (_POL, float(value), cue)


def _load() -> tuple[dict[str, tuple], dict[str, str], frozenset[str]]:
    """Build the token table: word -> (kind, value, cue, phrases starting with it)."""
    single: dict[str, tuple] = {w: (_POL, p, w) for w, p in _textblob_lexicon().items() if " " not in w}
    phrases: dict[tuple[str, ...], tuple] = {}
    aliases: dict[str, tuple[str, str]] = {}
    imperative: set[str] = set()
    for raw in _DATA.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tag, rest = line.split("|", 1)
        term, value = rest.rsplit("|", 1)  # the emoticon ":|" holds the separator
        tag, term, value = tag.strip(), term.strip(), value.strip()
        term = term.replace("\ufe0f", "")
        if value == "imp":
            imperative.add(term)
            continue
        if value.startswith("="):
            aliases[term] = (value[1:], f"{tag}:{term}")
            continue
        entry = _entry(tag, term, value)
        words = tuple(term.split())
        if len(words) > 1:
            phrases[words] = entry
        else:
            single[term] = entry
    # Concessive words weaken their own clause; contrast words weaken what came before.
    for word in ("although", "though", "despite", "except", "whilst"):
        if word in single:
            single[word] = (_CONC, 0.0, word)
    canon = {alias: target for alias, (target, _) in aliases.items()}
    for alias, (target, cue) in aliases.items():
        base = single.get(target)
        if base is not None:
            single[alias] = (base[0], base[1], cue)
    # Attach phrases to their first word, longest first, so one lookup per token finds both.
    starts: dict[str, list[tuple[tuple[str, ...], tuple]]] = {}
    for words, entry in phrases.items():
        starts.setdefault(words[0], []).append((words[1:], entry))
    table: dict[str, tuple] = {}
    for word, entry in single.items():
        table[word] = (*entry, None)
    for word, options in starts.items():
        options.sort(key=lambda item: -len(item[0]))
        # By the word that must come next, each group still longest first: one lookup finds
        # the only phrases that can match here.
        by_next: dict[str, tuple] = {}
        for rest_words, entry in options:
            by_next[rest_words[0]] = (*by_next.get(rest_words[0], ()), (rest_words, entry))
        base = table.get(word, (_NONE, 0.0, word, None))
        table[word] = (base[0], base[1], base[2], by_next)
        for alias, target in canon.items():
            if target == word:
                a = table.get(alias, base)
                table[alias] = (a[0], a[1], a[2], by_next)
    for mark in ".!?;,":
        table[mark] = (_PUNCT, 0.0, mark, None)
    # An answer that opens with a comparative asks for something ("more staff").
    imperative.update(w for w, e in single.items() if e[0] in (_CMP, _REQ) and " " not in w)
    return table, canon, frozenset(imperative)


_TABLE, _CANON, _IMPERATIVE = _load()
_question_kinds: dict[str, int] = {}


def _question_kind(question: str | None) -> int:
    """Classify what a question asks for: improvements, good things, both, or neither."""
    if not isinstance(question, str):
        return _CTX_NONE
    kind = _question_kinds.get(question)
    if kind is None:
        q = " ".join(question.lower().replace("’", "'").split())
        if not q:
            kind = _CTX_NONE
        else:
            improve = _Q_IMPROVE.search(q) is not None
            # Remove what asked for improvements so "didn't like" does not also read as "like".
            good = _Q_GOOD.search(_Q_IMPROVE.sub(" ", q)) is not None
            if improve and good:
                kind = _CTX_MIXED
            elif improve:
                kind = _CTX_IMPROVE
            elif good:
                kind = _CTX_GOOD
            else:
                kind = _CTX_OTHER
        if len(_question_kinds) < 10_000:  # questions repeat; answers do not
            _question_kinds[question] = kind
    return kind


@cython.ccall  # called from C in the compiled build: no float object either way
def round4(polarity: float) -> float:
    """Return ``round(polarity, 4)`` for |polarity| <= 1, without round()'s decimal
    conversion (a few thousand instructions) where it is not needed."""
    scaled: cython.double = polarity * 10000.0
    # Adding and taking away 1.5 * 2**52 rounds to a whole number, ties to even, in plain
    # arithmetic that the compiled build runs in C.
    nearest: cython.double = (scaled + 6755399441055744.0) - 6755399441055744.0
    # Further than 1e-6 from half-way, the error in scaled (under 1e-12) cannot change that
    # whole number, and dividing it by 10000 gives the double nearest the rounded decimal,
    # which is what round() returns. Nearer half-way, or out of range, round() decides.
    if abs(abs(scaled - nearest) - 0.5) > 1e-6 and abs(scaled) <= 1e6:
        # round() keeps the sign of a zero (-0.00001 gives -0.0); so does polarity * 0.0.
        return nearest / 10000.0 if nearest != 0.0 else polarity * 0.0
    return round(polarity, 4)


def _has_triple_letter(s: str) -> bool:
    """Say whether ``s`` holds one letter a-z three times running, as ``_ELONGATED`` finds:
    a loop over the characters, for the compiled build, where it costs a tenth of the search."""
    c: cython.Py_UCS4
    last: cython.Py_UCS4 = 0
    run: cython.int = 0
    for c in s:
        if c == last and "a" <= c <= "z":
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
        last = c
    return False


# Characters that only separate words become spaces; clause marks become tokens of their own.
_SPACES = bytes.maketrans(b'-()"/:', b"      ")
_MARKS = ((".", " . "), (",", " , "), ("!", " ! "), ("?", " ? "), (";", " ; "))
# Text made only of these (and without an emoticon) splits exactly as _TOKEN would split it.
_QUICK = b"abcdefghijklmnopqrstuvwxyz0123456789 \t\n\r.,!?;:-()\"/'"
# One translate both spaces out the separators and marks every byte outside _QUICK as NUL: a
# NUL in the result says the text is not quick (NUL itself is not in _QUICK either).
_QUICK_SPACES = bytes(b if b in _QUICK else 0 for b in range(256)).translate(_SPACES)
# ... as long as every apostrophe sits inside a word the way _TOKEN keeps it ("don't", "90's").
_CONTRACTION = re.compile(r"[a-z0-9]+'[a-z]+")
# The emoticons _TOKEN knows, as far as they can be written with those characters. Starting with
# a character class lets the regular expression engine skip ahead; _TOKEN cannot.
_QUICK_EMOTICON = re.compile(r"([:;]'?-?[()dp/])")


def _split_plain(s: str) -> list[str]:
    """Split ASCII text that has no emoticon: a byte translate, a replace for each clause mark
    the text has, then a split, several times faster than the regular expression."""
    return _split_spaced(s.encode("ascii").translate(_SPACES).decode("ascii"))


@cython.cfunc
def _split_spaced(s: str) -> list:
    """Split text whose separators are spaces already: a replace for each clause mark the text
    has, then a split."""
    for mark, spaced in _MARKS:
        if mark in s:
            s = s.replace(mark, spaced)
    return s.split()


@cython.ccall
def _has_quick_emoticon(s: str) -> bool:
    """Say whether ``_QUICK_EMOTICON`` finds an emoticon in ``s``, for the compiled build,
    where this costs a fraction of the search: find each ":" and ";" (a C search) and look at
    the characters after it."""
    n: cython.Py_ssize_t = len(s)
    k: cython.Py_ssize_t
    at: cython.Py_ssize_t
    # Characters held as C characters: compared with these one-character literals in C.
    after: cython.Py_UCS4
    for mark in (":", ";"):
        k = s.find(mark)
        while k >= 0:
            # [:;]'?-?[()dp/]: taking the optional marks greedily loses no match, as neither
            # can stand for the character that must follow it.
            at = k + 1
            if at < n:
                after = s[at]
                if after == "'" and at + 1 < n:
                    at += 1
                    after = s[at]
                if after == "-" and at + 1 < n:
                    at += 1
                    after = s[at]
                if after == "(" or after == ")" or after == "d" or after == "p" or after == "/":
                    return True
            k = s.find(mark, k + 1)
    return False


def _tokens(s: str) -> list[str]:
    """Split lowercased text into words, clause marks, emoji and emoticons."""
    return _split(s)[0]


def _split(s: str) -> tuple[list[str], bool]:
    """Split as ``_tokens`` does; say too whether the text held only words, apostrophes, clause
    marks and separators (no emoticon, emoji or other symbol), so that dropping the marks and
    apostrophes leaves exactly ``analysis.text.tokens``."""
    if s.isascii():
        spaced = s.encode("ascii").translate(_QUICK_SPACES)
        quick = b"\x00" not in spaced
        if ":" not in s and ";" not in s and "<" not in s and "=" not in s:
            # Plain text, the common case.
            if quick:
                return _split_spaced(spaced.decode("ascii")), True
            return _split_plain(s), False
        if quick:
            # Only characters _TOKEN reads the same way: split around the emoticons, if any
            # (the pattern captures them, so they come back between the pieces).
            plain = not (
                _has_quick_emoticon(s) if _COMPILED else _QUICK_EMOTICON.search(s) is not None
            )
            if plain:
                found = _split_spaced(spaced.decode("ascii"))
            else:
                pieces = _QUICK_EMOTICON.split(s)
                found = []
                for i, piece in enumerate(pieces):
                    if i % 2:
                        found.append(piece)
                    elif piece:
                        found.extend(_split_plain(piece))
            if "'" not in s or all(
                _CONTRACTION.fullmatch(t) for t in found if "'" in t and t[0] not in ":;"
            ):
                return found, plain
    return _TOKEN.findall(s), False


def _score(
    text: str, context: cython.int, retry: bool = True, vocabulary: Vocabulary | None = None
) -> tuple[float, str, list[str], list | None]:
    """Score one answer: (polarity, label, cues, its word tokens or None).

    The word tokens are what ``analysis.text.tokens`` returns for the whole answer, given when
    they fall out of the split here for free (plain ASCII answers); None otherwise. Given a
    ``vocabulary``, its records of the answer's tokens come instead of the word tokens.
    """
    # Declared C types: the compiled build then keeps these numbers out of Python objects.
    total: cython.double
    weight: cython.double
    n: cython.Py_ssize_t
    i: cython.Py_ssize_t
    end: cython.Py_ssize_t
    k: cython.Py_ssize_t
    q: cython.Py_ssize_t
    rest_words: tuple
    skip: cython.Py_ssize_t
    neg_at: cython.Py_ssize_t
    mult_at: cython.Py_ssize_t
    too_at: cython.Py_ssize_t
    asked_at: cython.Py_ssize_t
    kind: cython.int
    v: cython.double
    bare: cython.double
    mult: cython.double
    clause: cython.double
    last: cython.double
    held: cython.double
    held_w: cython.double
    polarity: cython.double
    s: str
    t: str
    tokens: list
    entries: list
    e: tuple
    words: list | None = None
    s = text.lower()
    whole = True  # s still holds the whole answer
    if not s.isascii():
        s = s.replace("\u2019", "'").replace("\u2018", "'")
    cues: list[str] = []
    total = 0.0
    weight = 0.0
    first = s[:1]
    # Most answers cannot open with "nothing": skip the pattern on the first letter.
    starts = _NOTHING_STARTS.get(first)
    head = (
        _NOTHING.match(s)
        if (starts is not None and s.startswith(starts)) or not first.isalpha()
        else None
    )
    if head is not None:
        rest = s[head.end() :]
        if context in (_CTX_IMPROVE, _CTX_OTHER):
            # "Nothing" to change means all is well; FFT "why?" answers read the same way.
            cues.append("question-context:nothing after what should change")
            total, weight = (0.6 if context == _CTX_IMPROVE else 0.3), 1.0
        elif context == _CTX_GOOD:
            cues.append("question-context:nothing after what was good")
            total, weight = -0.6, 1.0
        elif context == _CTX_MIXED and (not rest or rest.isspace()):
            return (0.0, "neutral", ["question-context:nothing after a mixed question"], None)
        s = rest
        whole = False
    elif len(s) < 48 and _NO_OPINION.fullmatch(s) is not None:
        return (0.0, "neutral", ["no-opinion"], None)
    elif context in (_CTX_GOOD, _CTX_IMPROVE) and (first in "eat" or not first.isalpha()):
        # Only "everything", "all", "the lot" and the like, perhaps after punctuation, match.
        every = _EVERYTHING.match(s)
        if every is not None:
            if context == _CTX_GOOD:
                cues.append("question-context:everything after what was good")
                total, weight = 0.6, 1.0
            else:
                cues.append("question-context:everything after what should change")
                total, weight = -0.5, 1.0
            s = s[every.end() :]
            whole = False

    tokens, plain = _split(s)
    n = len(tokens)
    if plain and whole and vocabulary is not None:
        # One lookup a token gives its lexicon entry and the caller's record of it as a word.
        records: dict = vocabulary[0]
        entries = [records.get(t) for t in tokens]
        for i in range(n):
            if entries[i] is None:
                entries[i] = _token_record(tokens[i], vocabulary)
        words = entries
    elif _COMPILED:
        # Look every token up; the loop below then skips the unknown ones. The compiled build
        # calls the dict's lookup directly from a C loop; plain Python does best with map.
        table: dict = _TABLE
        entries = [table.get(t) for t in tokens]
    else:
        entries = list(map(_TABLE.get, tokens))
    if plain and whole and vocabulary is None:
        # Only [a-z0-9'] and clause marks are left: drop the marks and the apostrophes, and
        # the words are text.tokens' (same objects, so their hashes are already computed).
        words = []
        apostrophes = "'" in s
        for i in range(n):
            t = tokens[i]
            if len(t) == 1:
                if t in ".,!?;'":
                    continue
            elif apostrophes and "'" in t:
                t = t.replace("'", "")
                if not t:
                    continue
            words.append(t)
    suggest = context in (_CTX_IMPROVE, _CTX_OTHER)
    asked_at = -9  # where the last request was: what follows it is what is asked for
    hedged = False
    if n and tokens[0] in _IMPERATIVE and (suggest or context == _CTX_NONE):
        # "Answer the phone quicker", "More staff": an answer that opens with a request.
        total += _SUGGESTION
        weight += 1.0
        cues.append(f"suggestion:{tokens[0]}")
        asked_at = 0
    neg_at = -1  # index of the pending negator
    neg_word = ""
    bare = 0.0  # what the pending negator reads as if it negates no sentiment word
    mult = 1.0
    mult_at = -9
    too_at = -1
    clause = 1.0  # weight of the current clause: lower inside "although ..."
    last = 0.0
    skip = 0
    # Held until the clause ends, because a later word can change their reading:
    # "I cannot think of anything that could have been better" is praise, not a request.
    held = 0.0
    held_w = 0.0
    held_cues: list[str] = []
    request = ""  # a request ("could", "should") seen in this clause
    clause_neg = False  # a negator seen in this clause
    flipped = False  # a negated comparative in this clause: nothing needs improving
    # A plain range, which the compiled build turns into a C loop (behind a conditional
    # expression it iterates a Python range object, one integer object a step).
    for i in range(n):
        if entries[i] is None or i < skip:
            continue
        e = entries[i]
        end = i
        if e[3] is not None and i + 1 < n:
            for rest_words, pe in e[3].get(tokens[i + 1], ()):
                k = len(rest_words)
                # Word by word, not a sliced tuple: no new objects for phrases that fail.
                if i + k < n:
                    for q in range(k):
                        if tokens[i + 1 + q] != rest_words[q]:
                            break
                    else:
                        e = pe
                        end = i + k
                        skip = end + 1
                        break
        kind = e[0]
        if not kind:
            continue  # a word that only starts phrases, and none matched here
        if neg_at >= 0 and i - neg_at > _NEGATION_SCOPE:
            if bare:
                held += bare * clause
                held_w += clause
                held_cues.append(f"negation:{neg_word}")
            neg_at = -1
        if too_at >= 0 and i > too_at + 1:
            total += _TOO_MUCH * clause
            weight += clause
            cues.append(f"too:{tokens[too_at + 1]}")
            if too_at + 2 < n and tokens[too_at + 2] == "to":
                clause = 0.0  # "too high to do good work": the good work does not happen
            too_at = -1
        if kind in (_POL, _LIKE) or (kind == _CMP and e[1] and not suggest):
            if kind == _LIKE and neg_at < 0 and (i == 0 or tokens[i - 1] not in _LIKE_AFTER):
                continue
            v = e[1]
            cue = e[2]
            if v > 0 and i - asked_at <= 3 and suggest:
                # "more support", "could be more helpful": asked for, so not yet there.
                cues.append(f"requested:{cue}")
                continue
            if i - mult_at <= 2:
                v *= mult
                cue = f"{cue}(x{mult:g})"
            mult_at = -9
            if too_at >= 0:
                v = v * 1.3 if v < 0 else _TOO_MUCH
                cue = f"too:{e[2]}"
                too_at = -1
                if end + 1 < n and tokens[end + 1] == "to":
                    # "too busy to listen": what follows is what does not happen.
                    total += v * clause
                    weight += clause
                    cues.append(cue)
                    clause = 0.0
                    continue
            if neg_at >= 0:
                v *= _NEGATE_POSITIVE if v > 0 else _NEGATE_NEGATIVE
                cue = f"negated:{e[2]}"
                neg_at = -1
            if v and clause:
                total += v * clause
                weight += clause
                last = v * clause
                cues.append(cue)
        elif kind in (_NEG, _NEG0):
            if neg_at >= 0 and bare:
                held += bare * clause
                held_w += clause
                held_cues.append(f"negation:{neg_word}")
            clause_neg = True
            neg_at = end
            neg_word = e[2]
            bare = e[1]
        elif kind == _INT:
            mult = mult * e[1] if i - mult_at <= 1 else e[1]
            mult_at = end
        elif kind == _CMP:
            if neg_at >= 0 or clause_neg:
                # "couldn't ask for more", "not a thing to do better": nothing to improve.
                total += 0.5 * clause
                weight += clause
                cues.append(f"negated:{e[2]}")
                neg_at = -1
                flipped = True
            elif suggest:
                if i:
                    total += _SUGGESTION * clause
                    weight += clause
                    cues.append(f"suggestion:{e[2]}")
                asked_at = end
        elif kind == _REQ:
            if suggest:
                if i:
                    request = e[2]
                asked_at = end
        elif kind == _TOO:
            too_at = end
        elif kind == _HEDGE:
            hedged = True  # "it's ok I guess": lukewarm whatever the words
        elif kind == _ATALL:
            if last < 0:
                total += last * 0.5
                cues.append("at-all")
        elif kind != _NONE:
            if neg_at >= 0 and bare:
                held += bare * clause
                held_w += clause
                held_cues.append(f"negation:{neg_word}")
            neg_at = -1
            if not flipped:
                if held_w:
                    total += held
                    weight += held_w
                    cues.extend(held_cues)
                if request and not clause_neg:
                    total += _SUGGESTION
                    weight += 1.0
                    cues.append(f"suggestion:{request}")
            held = held_w = 0.0
            held_cues = []
            request = ""
            clause_neg = flipped = False
            too_at = -1
            mult_at = -9
            if kind == _PUNCT:
                clause = 1.0
            elif kind == _BUT:
                # The clause after "but" usually carries the point: shrink what came before.
                if weight:
                    total *= _BEFORE_BUT
                    weight *= _BEFORE_BUT
                    cues.append("but-clause")
                clause = 1.0
            else:
                clause = 0.5
                cues.append("concession")
    if neg_at >= 0 and bare and neg_at + 1 < n:
        held += bare * clause
        held_w += clause
        held_cues.append(f"negation:{neg_word}")
    if not flipped:
        if held_w:
            total += held
            weight += held_w
            cues.extend(held_cues)
        if request and not clause_neg:
            total += _SUGGESTION
            weight += 1.0
            cues.append(f"suggestion:{request}")
    if too_at >= 0 and too_at + 1 < n and tokens[too_at + 1] not in _TABLE:
        total += _TOO_MUCH * clause
        weight += clause
        cues.append(f"too:{tokens[too_at + 1]}")
    if not weight:
        if retry and (_has_triple_letter(s) if _COMPILED else _ELONGATED.search(s) is not None):
            # Rare, so only checked when nothing was found: "soooo happpy" -> "soo happy".
            squeezed = _ELONGATED.sub(r"\1\1", _ELONGATED_END.sub(r"\1", text.lower()))
            polarity, label, cues, _ = _score(squeezed, context, False)
            return (polarity, label, cues, words)
        if n:
            if context == _CTX_IMPROVE:
                total, weight = -0.3, 1.0
                cues.append("question-context:suggestion after what should change")
            elif context == _CTX_GOOD:
                total, weight = 0.3, 1.0
                cues.append("question-context:answer to what was good")
    polarity = total / weight if weight else 0.0
    if hedged:
        polarity *= 0.15
        cues.append("hedged")
    if polarity > 1.0:
        polarity = 1.0
    elif polarity < -1.0:
        polarity = -1.0
    polarity = round4(polarity)
    if polarity >= POSITIVE_AT:
        return (polarity, "positive", cues, words)
    if polarity <= NEGATIVE_AT:
        return (polarity, "negative", cues, words)
    return (polarity, "neutral", cues, words)


# A vocabulary: records of the tokens seen so far, and the function that makes the caller's
# record of a word (see _token_record). Records are (kind, value, cue, phrases, word): the token's
# lexicon entry (a kind of _NONE and no phrases where the lexicon does not know the token, which
# the scorer then passes over, as it passes over a token it finds no entry for) and the
# caller's record of the token as an analysis.text word, or None for a clause mark or a bare
# apostrophe, which are not words.
Vocabulary = tuple[dict, Callable[[str], object]]
_VOCABULARY_LIMIT = 200_000  # bounded, so a stream of typos cannot grow memory without limit


def _token_record(piece: str, vocabulary: Vocabulary) -> tuple:
    """Make and keep the record of a token (``piece``) met for the first time (see Vocabulary)."""
    records, word_of = vocabulary
    if len(records) >= _VOCABULARY_LIMIT:
        records.clear()
    entry = _TABLE.get(piece)
    if entry is None:
        entry = (_NONE, 0.0, piece, None)
    # As the word tokens are made from the split in _score.
    word = None
    if len(piece) != 1 or piece not in ".,!?;'":
        plain = piece.replace("'", "") if "'" in piece else piece
        if plain:
            word = word_of(plain)
    record = records[piece] = (entry[0], entry[1], entry[2], entry[3], word)
    return record


def sentiment_of(text: str, question: str | None = None) -> tuple[float, str, list[str]]:
    """Score one answer: (polarity in -1..1, label, the cues that drove it)."""
    if not isinstance(text, str) or not text or text.isspace():
        return (0.0, "neutral", [])
    polarity, label, cues, _ = _score(text, _question_kind(question))
    return (polarity, label, cues)


def score_sentiment(
    texts: Sequence[str], questions: Sequence[str | None] | None = None
) -> list[tuple[float, str, list[str]]]:
    """Score many answers, each optionally with the question it replies to."""
    return [(p, label, cues) for p, label, cues, _ in score_with_words(texts, questions)]


def score_with_words(
    texts: Sequence[str],
    questions: Sequence[str | None] | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[tuple[float, str, list[str], list | None]]:
    """Score many answers as ``score_sentiment`` does; give each answer's word tokens too
    (``analysis.text.tokens``), or None where the split here cannot give them.

    Given a ``vocabulary``, give each answer's token records instead of its word tokens (see
    Vocabulary): the caller's per-word data comes with the lookup the scorer makes anyway.
    """
    out: list[tuple[float, str, list[str], list | None]] = []
    append = out.append
    score = _score
    if questions is None:
        for text in texts:
            if not text or text.__class__ is not str or text.isspace():
                # A missing answer (None, NaN from pandas) reads as an empty one.
                append((0.0, "neutral", [], None))
            else:
                append(score(text, _CTX_NONE, True, vocabulary))
        return out
    if len(questions) != len(texts):
        raise ValueError("questions must be as long as texts")
    # Questions repeat and answers do not: classify each distinct question once.
    kinds: dict = {}
    for text, question in zip(texts, questions, strict=True):
        if not text or text.__class__ is not str or text.isspace():
            append((0.0, "neutral", [], None))
        else:
            context = kinds.get(question)
            if context is None:
                context = kinds[question] = _question_kind(question)
            append(score(text, context, True, vocabulary))
    return out
