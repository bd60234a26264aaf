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
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

from analysis import lexicon

__all__ = ["Score", "score_sentiment", "sentiment_of"]

_DATA = lexicon.DATA / "sentiment_words.txt"

# Label thresholds on the polarity: the usual ±0.05, confirmed on 70% of the NHS comments
# and checked on the other 30% (seed 20261123).
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05

# Entry kinds (first item of a lexicon entry).
_NONE = 0
_POL = 1
_NEG = 2
_NEG0 = 3
_INT = 4
_BUT = 5
_CONC = 6
_CMP = 7
_REQ = 8
_TOO = 9
_LIKE = 10
_PUNCT = 11
_ATALL = 12
_HEDGE = 13
_WISH = 14

# The scorer's weights.
# Tokens a negator reaches forward ("don't really feel that safe").
_NEGATION_SCOPE = 3
# "not happy" is nearly as strong as "unhappy".
_NEGATE_POSITIVE = -0.75
# "not bad" is milder praise than "good".
_NEGATE_NEGATIVE = -0.5
# "nobody explained", "I didn't know": a complaint with no sentiment word.
_BARE_NEGATION = -0.3
# "more staff" after "what could be better?"
_SUGGESTION = -0.35
# "too <anything>".
_TOO_MUCH = -0.4
# "I wish", "should have": what is wished for is missing.
_WISHED = -0.3
# "... but now ...": after a complaint, the answer turns from how things were to how they are,
# which is better even when the new clause has no sentiment word ("i used to be hungry but now
# i get my tea").
_TURN = 0.4
_NOW = frozenset({"now", "nowadays", "today"})
# Weight left to the clause before "but".
_BEFORE_BUT = 0.4
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
    r"\W*(?:(?:i )?(?:really |just )?(?:don'?t|do not) know|dunno|idk|(?:i'?m )?not (?:really )?sure|"
    r"unsure|(?:i )?(?:have |got )?no idea|no comment|no comments|"
    r"nothing (?:else )?to (?:add|say|report|comment)|no opinion|not applicable|"
    # "I don't have any other comments", "haven't got anything else to add"
    r"(?:i )?(?:don'?t|do not|haven'?t|have not) (?:have|got) any(?:thing)? "
    r"(?:(?:other|else|more|further) )?(?:comments?|to add|to say|thoughts)|"
    r"no|none|nothing|n/?a|nil|-|\?+|test|ok|okay|k|yes)"
    # "i don't know really", "not sure tbh"
    r"(?:\W+(?:really|tbh|to be honest|sorry|at the moment|yet))?\W*"
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
_TO_CHANGE = re.compile(r"chang|improv")
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
# Question kinds.
_CTX_NONE = 0
_CTX_IMPROVE = 1
_CTX_GOOD = 2
_CTX_MIXED = 3
_CTX_OTHER = 4


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


class Entry(NamedTuple):
    """What the scorer knows of a token: its kind, a number (a polarity, a multiplier...),
    the cue it shows in the evidence, and the phrases that start with it, by their next word."""

    kind: int
    value: float
    cue: str
    phrases: dict[str, tuple[tuple[tuple[str, ...], Entry], ...]] | None = None


def _entry(tag: str, term: str, value: str) -> Entry:
    """Turn one data line into a lexicon entry."""
    cue = term if tag in ("word", "domain") else f"{tag}:{term}"
    if value == "neg0":
        return Entry(_NEG0, 0.0, cue)
    if value.startswith("neg"):
        # The number is what the negator reads as when it negates no sentiment word.
        return Entry(_NEG, float(value[4:]) if ":" in value else _BARE_NEGATION, cue)
    if value.startswith("*"):
        return Entry(_INT, float(value[1:]), cue)
    if value == "but":
        return Entry(_BUT, 0.0, cue)
    if value == "conc":
        return Entry(_CONC, 0.0, cue)
    if value.startswith("cmp"):
        return Entry(_CMP, float(value[4:]) if ":" in value else 0.0, cue)
    if value == "req":
        return Entry(_REQ, 0.0, cue)
    if value == "too":
        return Entry(_TOO, 0.0, cue)
    if value == "like":
        return Entry(_LIKE, 0.4, cue)
    if value == "hedge":
        return Entry(_HEDGE, 0.0, cue)
    if value.startswith("wish"):
        return Entry(_WISH, float(value[5:]) if ":" in value else _WISHED, cue)
    if value == "atall":
        return Entry(_ATALL, 0.0, cue)
    if value == "zero":
        return Entry(_NONE, 0.0, cue)
    return Entry(_POL, float(value), cue)


def _load() -> tuple[
    dict[str, Entry], frozenset[str], frozenset[tuple[str, ...]], frozenset[tuple[str, ...]], frozenset[str]
]:
    """Build the token table (word -> Entry), the words that open a request, the sarcastic
    openers and setbacks, and the nouns that make a harm word the name of a topic."""
    single = {w: Entry(_POL, p, w) for w, p in _textblob_lexicon().items() if " " not in w}
    phrases: dict[tuple[str, ...], Entry] = {}
    aliases: dict[str, tuple[str, str]] = {}
    imperative: set[str] = set()
    topics: set[str] = set()
    sarcasm: dict[str, set[tuple[str, ...]]] = {"sarc": set(), "setback": set()}
    for raw in _DATA.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tag, rest = line.split("|", 1)
        term, value = rest.rsplit("|", 1)  # the emoticon ":|" holds the separator
        tag, term, value = tag.strip(), term.strip(), value.strip()
        term = term.replace("\ufe0f", "")
        if value in sarcasm:
            sarcasm[value].add(tuple(term.split()))
            continue
        if value == "imp":
            imperative.add(term)
            continue
        if value == "topic":
            topics.add(term)
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
            single[word] = Entry(_CONC, 0.0, word)
    canon = {alias: target for alias, (target, _) in aliases.items()}
    for alias, (target, cue) in aliases.items():
        base = single.get(target)
        if base is not None:
            single[alias] = base._replace(cue=cue)
    # Attach phrases to their first word, longest first, so one lookup per token finds both.
    starts: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
    for words, entry in phrases.items():
        starts.setdefault(words[0], []).append((words[1:], entry))
    table = dict(single)
    for word, options in starts.items():
        options.sort(key=lambda item: -len(item[0]))
        # By the word that must come next, each group still longest first: one lookup finds
        # the only phrases that can match here.
        by_next: dict[str, tuple] = {}
        for rest_words, entry in options:
            by_next[rest_words[0]] = (*by_next.get(rest_words[0], ()), (rest_words, entry))
        base = table.get(word, Entry(_NONE, 0.0, word))
        table[word] = base._replace(phrases=by_next)
        for alias, target in canon.items():
            if target == word:
                table[alias] = table.get(alias, base)._replace(phrases=by_next)
    for mark in ".!?;,":
        table[mark] = Entry(_PUNCT, 0.0, mark)
    # An answer that opens with a comparative asks for something ("more staff").
    imperative.update(w for w, e in single.items() if e.kind in (_CMP, _REQ) and " " not in w)
    return (
        table,
        frozenset(imperative),
        frozenset(sarcasm["sarc"]),
        frozenset(sarcasm["setback"]),
        frozenset(topics),
    )


_TABLE, _IMPERATIVE, _OPENERS, _SETBACKS, _TOPIC_NOUNS = _load()
# "training on neglect", "signs of abuse": the harm word after these names what is taught.
_TOPIC_LINKS = frozenset({"on", "about", "around", "in", "of", "covering"})
_JOINS = frozenset({"and", "or", "&", ","})
# Words that may stand in a list of harms before its noun ("domestic abuse and trauma training").
_TOPIC_QUALIFIERS = frozenset(
    {"domestic", "sexual", "child", "criminal", "online", "self", "mental", "health", "trauma"}
)
# The sarcastic openers by their first word, so an answer is checked only against those that
# start with its own first word. Longest first ("great stuff" before "great"), then in word
# order: the set's own order follows the string hash seed, and with it which opener matched.
_SARCASM_OPENERS: dict[str, tuple[tuple[str, ...], ...]] = {}
for _opener in sorted(_OPENERS, key=lambda words: (-len(words), words)):
    _SARCASM_OPENERS[_opener[0]] = (*_SARCASM_OPENERS.get(_opener[0], ()), _opener)
# Openers that need no comma after them to read as an aside ("oh brilliant another worker").
_ASIDES = frozenset({"oh", "wow", "yeah", "love"})
_SARCASM = -0.5


def _has_phrase(tokens: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> bool:
    return any(tuple(tokens[i : i + len(p)]) == p for p in phrases for i in range(len(tokens)))


def _sarcastic(tokens: Sequence[str]) -> bool:
    """Return whether praise opens the answer only to report a setback ("oh wonderful, the
    meeting's been moved again", "wow thanks for listening... not")."""
    if not tokens:
        return False
    openers = _SARCASM_OPENERS.get(tokens[0])
    if openers is None:  # most answers: no opener starts with their first word
        return False
    opener = next((p for p in openers if tuple(tokens[: len(p)]) == p), None)
    if opener is None:
        return False
    rest = tokens[len(opener) :]
    if not rest or not (tokens[0] in _ASIDES or rest[0] in ",.!"):
        return False
    words = [t for t in rest if t not in ".!?;,"]
    if words and words[-1] == "not":  # "... not": the praise is taken back
        return True
    # Praise in the rest ("Brilliant, another great session") means the opener was meant.
    if any(t in _TABLE and _TABLE[t].kind == _POL and _TABLE[t].value > 0 for t in words):
        return False
    return _has_phrase(words, _SETBACKS)
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


# Characters that only separate words become spaces; clause marks become tokens of their own.
# A bytes table: str.translate looks every character up in a dict, several times slower.
_SEPARATORS = bytes.maketrans(b'-()"/:', b"      ")
_MARKS = ((".", " . "), (",", " , "), ("!", " ! "), ("?", " ? "), (";", " ; "))


def _tokens(s: str) -> list[str]:
    """Split lowercased text into words, clause marks, emoji and emoticons.

    Plain ASCII text (most answers) is split at spaces and separators with the clause marks
    apart, several times faster than the regular expression, which splits the rest. The two
    differ on symbols such as "&" or "%", which the fast split keeps inside their word.
    """
    # Without ":", ";", "<" or "=" there is no emoticon, so no need for the regex.
    if s.isascii() and ":" not in s and ";" not in s and "<" not in s and "=" not in s:
        s = s.encode("ascii").translate(_SEPARATORS).decode("ascii")
        for mark, spaced in _MARKS:
            if mark in s:
                s = s.replace(mark, spaced)
        return s.split()
    return _TOKEN.findall(s)


class Score(NamedTuple):
    """The sentiment of one answer."""

    polarity: float  # -1 to 1
    label: str  # positive, neutral or negative
    cues: list[str]  # what drove it, for the evidence


_NEUTRAL = Score(0.0, "neutral", [])
_NO_ENTRY = Entry(_NONE, 0.0, "")


class _Opening(NamedTuple):
    """How the answer opens, read against its question: the text left to score, and what
    the opening says already (or the whole score, when the opening settles it)."""

    rest: str
    total: float = 0.0
    weight: float = 0.0
    cues: tuple[str, ...] = ()
    score: Score | None = None


def read_opening(s: str, context: int) -> _Opening:
    """Read "nothing", "everything" and no-opinion answers against the question's kind.

    An answer that opens with "nothing" means all is well after "What could be better?" and is
    a complaint after "What was good?"; what follows ("Nothing, all very good") is scored on
    its own, not negated by it.
    """
    head = _NOTHING.match(s)
    if head is not None:
        rest = s[head.end() :]
        if context in (_CTX_IMPROVE, _CTX_OTHER):
            # FFT "why?" answers (no recognised question) read the same way, more weakly.
            weight = 0.6 if context == _CTX_IMPROVE else 0.3
            return _Opening(rest, weight, 1.0, ("question-context:nothing after what should change",))
        if context == _CTX_GOOD:
            return _Opening(rest, -0.6, 1.0, ("question-context:nothing after what was good",))
        if context == _CTX_MIXED and (not rest or rest.isspace()):
            cue = "question-context:nothing after a mixed question"
            return _Opening(rest, score=Score(0.0, "neutral", [cue]))
        if context == _CTX_NONE and _TO_CHANGE.search(head.group(0)) is not None:
            # "Nothing to change", "nothing needs improving": content, whatever was asked.
            return _Opening(rest, 0.4, 1.0, ("nothing to change",))
        return _Opening(rest)
    if len(s) < 48 and _NO_OPINION.fullmatch(s) is not None:
        return _Opening(s, score=Score(0.0, "neutral", ["no-opinion"]))
    if context in (_CTX_GOOD, _CTX_IMPROVE):
        every = _EVERYTHING.match(s)
        if every is not None:
            if context == _CTX_GOOD:
                return _Opening(
                    s[every.end() :], 0.6, 1.0, ("question-context:everything after what was good",)
                )
            return _Opening(
                s[every.end() :], -0.5, 1.0, ("question-context:everything after what should change",)
            )
    return _Opening(s)


@dataclass(slots=True)
class _Reading:
    """The running reading of one answer's tokens, clause by clause.

    Each kind of token has its step below: a sentiment word (``polar_word``, where negation,
    intensity and "too" apply), a negator, an intensifier, a comparative or request (what an
    answer asks for), and a clause break (``clause_break``, where "but" and "although" weigh
    the clauses: contrast). A negator that reaches no sentiment word ("nobody explained") and
    a request are held until their clause ends, because a later word can change their reading:
    "I cannot think of anything that could have been better" is praise, not a request.
    """

    tokens: list[str]
    context: int
    total: float = 0.0
    weight: float = 0.0
    cues: list[str] = field(default_factory=list)
    hedged: bool = False  # "it's ok I guess": lukewarm whatever the words
    last: float = 0.0  # the last sentiment word's score ("not good at all")
    clause: float = 1.0  # weight of the current clause: lower inside "although ..."
    asked_at: int = -9  # where the last request was: what follows it is what is asked for
    # Negation: the pending negator's position, cue, and what it reads as on its own.
    neg_at: int = -1
    neg_word: str = ""
    bare: float = 0.0
    # Intensity: the pending multiplier and where it was.
    mult: float = 1.0
    mult_at: int = -9
    too_at: int = -1  # where a pending "too" was
    topic_at: int = -9  # where the last harm word that names a topic ended ("neglect training")
    # Held until the clause ends (see the class's docstring).
    held: float = 0.0
    held_weight: float = 0.0
    held_cues: list[str] = field(default_factory=list)
    request: str = ""  # a request ("could", "should") seen in this clause
    clause_negated: bool = False  # a negator seen in this clause
    flipped: bool = False  # a negated comparative in this clause: nothing needs improving
    wished: bool = False  # a wish in this clause ("I wish they'd listened"): its praise is missing
    # The question asks what should change (or is not recognised): "more" is a request.
    suggest: bool = field(init=False)

    def __post_init__(self) -> None:
        self.suggest = self.context in (_CTX_IMPROVE, _CTX_OTHER)

    def add(self, value: float, weight: float, cue: str) -> None:
        """Count a scored cue."""
        self.total += value
        self.weight += weight
        self.cues.append(cue)

    def read(self) -> None:
        """Read every token in turn, each phrase as one token."""
        tokens = self.tokens
        if (
            tokens
            and tokens[0] in _IMPERATIVE
            and (self.suggest or self.context == _CTX_NONE)
            and not self.praise_at_start()
        ):
            # "Answer the phone quicker", "More staff": an answer that opens with a request.
            # After "what could be better?" it is a suggestion; asked of nothing in particular
            # it is a request, neutral in tone, and the praise after it is what is asked for
            # ("more joint training would help").
            if self.suggest:
                self.add(_SUGGESTION, 1.0, f"suggestion:{tokens[0]}")
                self.asked_at = 0
            elif _TABLE.get(tokens[0], _NO_ENTRY).kind != _POL:  # "waiting lists ...": a fact
                self.cues.append(f"request:{tokens[0]}")
                self.asked_at = 0
        skip = 0
        n = len(tokens)
        for i, token in enumerate(tokens):
            entry = _TABLE.get(token)
            if entry is None or i < skip:
                continue
            end = i
            # (Only when the next word can continue a phrase: most words that start one are
            # common and stand alone.)
            if entry.phrases is not None and i + 1 < n and tokens[i + 1] in entry.phrases:
                entry, end = self.phrase_at(i, entry)
                skip = end + 1 if end > i else skip
            if entry.kind != _NONE:  # else a word that only starts phrases, none found here
                self.step(i, entry, end)
        self.end_of_answer()

    def praise_at_start(self) -> bool:
        """Return whether the answer opens with a phrase of praise ("keep doing what you're
        doing", "keep it up"), not a request."""
        entry = _TABLE.get(self.tokens[0])
        if entry is None or entry.phrases is None:
            return False
        phrase, end = self.phrase_at(0, entry)
        return end > 0 and phrase.kind == _POL and phrase.value > 0

    def phrase_at(self, i: int, entry: Entry) -> tuple[Entry, int]:
        """Return the longest phrase starting at token ``i`` and its last token, or the
        token's own entry and ``i``."""
        tokens = self.tokens
        if entry.phrases is not None and i + 1 < len(tokens):
            for rest, phrase in entry.phrases.get(tokens[i + 1], ()):
                k = len(rest)
                if i + k < len(tokens) and tuple(tokens[i + 1 : i + 1 + k]) == rest:
                    return phrase, i + k
        return entry, i

    def step(self, i: int, entry: Entry, end: int) -> None:
        """Read one token (or phrase, tokens ``i`` to ``end``)."""
        if self.neg_at >= 0 and i - self.neg_at > _NEGATION_SCOPE:
            self.end_negation_scope()
        if self.too_at >= 0 and i > self.too_at + 1:
            self.end_too()
        kind = entry.kind
        if kind in (_POL, _LIKE) or (kind == _CMP and entry.value and not self.suggest):
            self.polar_word(i, entry, end)
        elif kind in (_NEG, _NEG0):
            self.negator(entry, end)
        elif kind == _INT:
            self.intensifier(i, entry, end)
        elif kind == _CMP:
            self.comparative(i, entry, end)
        elif kind == _REQ:
            if self.suggest:
                if i:
                    self.request = entry.cue
                self.asked_at = end
        elif kind == _TOO:
            self.too_at = end
        elif kind == _HEDGE:
            self.hedged = True
        elif kind == _WISH:
            self.wish(entry)
        elif kind == _ATALL:
            if self.last < 0:
                # "not good at all": stronger, without counting as another cue's weight.
                self.total += self.last * 0.5
                self.cues.append("at-all")
        else:
            self.clause_break(kind)
            if (
                kind in (_BUT, _CONC)
                and self.total < 0
                and end + 1 < len(self.tokens)
                and self.tokens[end + 1] in _NOW
            ):
                self.add(_TURN, 1.0, f"turn:{self.tokens[end + 1]}")

    # --- negation ---------------------------------------------------------------------------

    def negator(self, entry: Entry, end: int) -> None:
        """A negator: it negates the next sentiment word within its scope, or reads as a
        complaint on its own (``bare``) when none comes."""
        self.hold_bare_negation()
        self.clause_negated = True
        self.neg_at = end
        self.neg_word = entry.cue
        self.bare = entry.value

    def end_negation_scope(self) -> None:
        """Let the pending negator go: the token now read is out of its reach."""
        self.hold_bare_negation()
        self.neg_at = -1

    def hold_bare_negation(self) -> None:
        """Hold what the pending negator reads as on its own, until the clause ends."""
        if self.neg_at >= 0 and self.bare:
            self.held += self.bare * self.clause
            self.held_weight += self.clause
            self.held_cues.append(f"negation:{self.neg_word}")

    def wish(self, entry: Entry) -> None:
        """A wish ("I wish", "should have"): a complaint in itself, and the praise or the
        "more" that follows it in its clause is what is missing ("I wish they'd listened")."""
        self.add(entry.value * self.clause, self.clause, entry.cue)
        self.wished = True

    # --- intensity --------------------------------------------------------------------------

    def intensifier(self, i: int, entry: Entry, end: int) -> None:
        """An intensifier ("really", "a bit"): it scales the next sentiment word; two in a
        row multiply ("really really")."""
        self.mult = self.mult * entry.value if i - self.mult_at <= 1 else entry.value
        self.mult_at = end

    def end_too(self) -> None:
        """Score a pending "too" that reached no sentiment word ("too long")."""
        self.add(_TOO_MUCH * self.clause, self.clause, f"too:{self.tokens[self.too_at + 1]}")
        if self.too_at + 2 < len(self.tokens) and self.tokens[self.too_at + 2] == "to":
            self.clause = 0.0  # "too high to do good work": the good work does not happen
        self.too_at = -1

    # --- sentiment words --------------------------------------------------------------------

    def polar_word(self, i: int, entry: Entry, end: int) -> None:
        """A sentiment word: apply intensity, "too" and negation, then count it."""
        tokens = self.tokens
        if (
            entry.kind == _LIKE
            and self.neg_at < 0
            and (i == 0 or tokens[i - 1] not in _LIKE_AFTER)
        ):
            return  # "like" that compares, not likes
        value, cue = entry.value, entry.cue
        if value < 0 and self.names_topic(i, end):
            # "the neglect toolkit", "training on self-harm": a subject, not a tone.
            self.cues.append(f"topic:{cue}")
            self.topic_at = end
            return
        if value > 0 and i - self.asked_at <= 3 and (self.suggest or self.asked_at == 0):
            # "more support", "could be more helpful": asked for, so not yet there.
            self.cues.append(f"requested:{cue}")
            return
        if value > 0 and self.wished:
            value *= _NEGATE_POSITIVE
            cue = f"wished:{cue}"
        if i - self.mult_at <= 2:
            value *= self.mult
            cue = f"{cue}(x{self.mult:g})"
        self.mult_at = -9
        if self.too_at >= 0:
            value = value * 1.3 if value < 0 else _TOO_MUCH
            cue = f"too:{entry.cue}"
            self.too_at = -1
            if end + 1 < len(tokens) and tokens[end + 1] == "to":
                # "too busy to listen": what follows is what does not happen.
                self.add(value * self.clause, self.clause, cue)
                self.clause = 0.0
                return
        if self.neg_at >= 0:
            value *= _NEGATE_POSITIVE if value > 0 else _NEGATE_NEGATIVE
            cue = f"negated:{entry.cue}"
            self.neg_at = -1
        if value and self.clause:
            self.add(value * self.clause, self.clause, cue)
            self.last = value * self.clause

    def names_topic(self, i: int, end: int) -> bool:
        """Return whether the harm word at ``i`` to ``end`` names a topic: a training, a tool or
        a team ("neglect toolkit", "abuse and neglect training", "a course on self-harm")."""
        tokens = self.tokens
        after = tokens[end + 1 : end + 7]
        if after and after[0] in _TOPIC_NOUNS:
            return True
        if after and after[0] in _JOINS:
            # "abuse, neglect and trauma training": the noun after the last of a list of harms.
            for word in after[1:]:
                if word in _TOPIC_NOUNS:
                    return True
                entry = _TABLE.get(word)
                harm = entry is not None and entry.kind == _POL and entry.value < 0
                if not (harm or word in _JOINS or word in _TOPIC_QUALIFIERS):
                    return False
        if i >= 2 and tokens[i - 1] in _TOPIC_LINKS and tokens[i - 2] in _TOPIC_NOUNS:
            return True
        # "training on neglect and self-harm": the next of a list already read as a topic.
        return i >= 2 and tokens[i - 1] in _JOINS and self.topic_at == i - 2

    def comparative(self, i: int, entry: Entry, end: int) -> None:
        """A comparative with no polarity of its own ("more", "better" after "what could be
        better?"): a suggestion, unless negated ("couldn't ask for more": nothing to improve)."""
        if self.neg_at >= 0 or self.clause_negated:
            self.add(0.5 * self.clause, self.clause, f"negated:{entry.cue}")
            self.neg_at = -1
            self.flipped = True
        elif self.wished:
            self.add(_SUGGESTION * self.clause, self.clause, f"wished:{entry.cue}")
        elif self.suggest:
            if i:
                self.add(_SUGGESTION * self.clause, self.clause, f"suggestion:{entry.cue}")
            self.asked_at = end

    # --- clauses and contrast ---------------------------------------------------------------

    def clause_break(self, kind: int) -> None:
        """End the clause at a punctuation mark, a contrast ("but") or a concession
        ("although"), and start the next one."""
        self.hold_bare_negation()
        self.neg_at = -1
        self.close_clause()
        self.held = self.held_weight = 0.0
        self.held_cues = []
        self.request = ""
        self.clause_negated = self.flipped = self.wished = False
        self.too_at = -1
        self.mult_at = -9
        if kind == _PUNCT:
            self.clause = 1.0
        elif kind == _BUT:
            self.contrast()
            self.clause = 1.0
        else:
            # A concession weakens its own clause.
            self.clause = 0.5
            self.cues.append("concession")

    def close_clause(self) -> None:
        """Count what the clause held back, unless a negated comparative turned it to praise."""
        if self.flipped:
            return
        if self.held_weight:
            self.total += self.held
            self.weight += self.held_weight
            self.cues.extend(self.held_cues)
        if self.request and not self.clause_negated:
            self.add(_SUGGESTION, 1.0, f"suggestion:{self.request}")

    def contrast(self) -> None:
        """The clause after "but" usually carries the point: shrink what came before."""
        if self.weight:
            self.total *= _BEFORE_BUT
            self.weight *= _BEFORE_BUT
            self.cues.append("but-clause")

    def end_of_answer(self) -> None:
        """Count what is still pending when the answer ends."""
        tokens = self.tokens
        if self.neg_at + 1 < len(tokens):
            self.hold_bare_negation()
        self.close_clause()
        too_at = self.too_at
        if too_at >= 0 and too_at + 1 < len(tokens) and tokens[too_at + 1] not in _TABLE:
            self.add(_TOO_MUCH * self.clause, self.clause, f"too:{tokens[too_at + 1]}")


def _label(polarity: float) -> str:
    if polarity >= POSITIVE_AT:
        return "positive"
    if polarity <= NEGATIVE_AT:
        return "negative"
    return "neutral"


def _score(text: str, context: int, retry: bool = True) -> Score:
    """Score one answer (not empty) whose question is of kind ``context``."""
    s = text.lower()
    if not s.isascii():
        s = s.replace("\u2019", "'").replace("\u2018", "'")
    opening = read_opening(s, context)
    if opening.score is not None:
        return opening.score
    reading = _Reading(
        _tokens(opening.rest), context, opening.total, opening.weight, list(opening.cues)
    )
    reading.read()
    if _sarcastic(reading.tokens):
        # The praise is the joke: the whole answer reads as the setback it reports.
        reading.weight = max(1.0, reading.weight)
        reading.total = _SARCASM * reading.weight
        reading.cues.append("sarcasm")
    if not reading.weight:
        if retry and _ELONGATED.search(opening.rest) is not None:
            # Rare, so only tried when nothing was found: "soooo happpy" -> "soo happy".
            return _score(_ELONGATED.sub(r"\1\1", _ELONGATED_END.sub(r"\1", s)), context, False)
        if reading.tokens:
            # Words the lexicon does not know, read by the question alone.
            if context == _CTX_IMPROVE:
                reading.add(-0.3, 1.0, "question-context:suggestion after what should change")
            elif context == _CTX_GOOD:
                reading.add(0.3, 1.0, "question-context:answer to what was good")
    polarity = reading.total / reading.weight if reading.weight else 0.0
    if reading.hedged:
        polarity *= 0.15
        reading.cues.append("hedged")
    polarity = round(max(-1.0, min(1.0, polarity)), 4)
    return Score(polarity, _label(polarity), reading.cues)


def sentiment_of(text: str, question: str | None = None) -> tuple[float, str, list[str]]:
    """Score one answer: (polarity in -1..1, label, the cues that drove it)."""
    if not isinstance(text, str) or not text or text.isspace():
        return (0.0, "neutral", [])
    return tuple(_score(text, _question_kind(question)))


def score_sentiment(
    texts: Sequence[str], questions: Sequence[str | None] | None = None
) -> list[Score]:
    """Score many answers, each optionally with the question it replies to.

    A missing answer (None, NaN from pandas) reads as an empty one.
    """
    if questions is None:
        questions = [None] * len(texts)
    elif len(questions) != len(texts):
        raise ValueError("questions must be as long as texts")
    # Questions repeat and answers do not: classify each distinct question once.
    kinds: dict = {}
    out = []
    for text, question in zip(texts, questions, strict=True):
        if not isinstance(text, str) or not text or text.isspace():
            out.append(_NEUTRAL._replace(cues=[]))
            continue
        if question not in kinds:
            kinds[question] = _question_kind(question)
        out.append(_score(text, kinds[question]))
    return out
