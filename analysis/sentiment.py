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
from importlib.util import find_spec
from pathlib import Path

__all__ = ["score_sentiment", "sentiment_of"]

_DATA = Path(__file__).with_name("data") / "sentiment_words.txt"

# Label thresholds on the polarity; tuned on 70% of the NHS comments, checked on the rest.
POSITIVE_AT = 0.1
NEGATIVE_AT = -0.05

# Entry kinds (first item of a lexicon entry).
_NONE, _POL, _NEG, _NEG0, _INT, _BUT, _CONC, _CMP, _TOO, _LIKE, _PUNCT, _ATALL = range(12)

_NEGATION_SCOPE = 3  # tokens a negator reaches forward ("don't really feel that safe")
_NEGATE_POSITIVE = -0.75  # "not happy" is nearly as strong as "unhappy"
_NEGATE_NEGATIVE = -0.5  # "not bad" is milder praise than "good"
_BARE_NEGATION = -0.3  # "nobody explained", "I didn't know": a complaint with no sentiment word
_SUGGESTION = -0.35  # "more staff" after "what could be better?"
_TOO = -0.4  # "too <anything>"
_BEFORE_BUT = 0.4  # weight left to the clause before "but"
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
_ELONGATED = re.compile(r"([a-z])\1{2,}")  # "happpy", "sooo", "gooood"

_NO_OPINION = re.compile(
    r"\W*(?:don'?t know|dunno|idk|not sure|unsure|no idea|no comment|no comments|"
    r"nothing (?:else )?to (?:add|say|report|comment)|no opinion|not applicable|"
    r"no|none|nothing|n/?a|nil|-|\?+|test|ok|okay|k|yes)\W*"
)
# An answer that is only "nothing" (or "none", "no", "not a thing"...): after "What could be
# better?" it means nothing needs changing; after "What was good?" it is a complaint.
_NOTHING = re.compile(
    r"\W*(?:nothing|none|nope|no|nah|naw|nae|nowt|nuhin|naething|nil|zero|n/?a|not a thing|"
    r"not really|not much|not a lot|not anything|nothing much|nothing really|"
    r"(?:i )?can'?t think of (?:any(?:thing)?|one)|(?:i )?cannot think of any(?:thing)?|"
    r"couldn'?t|can'?t|nothing at all|none at all|absolutely nothing|no not really)"
    r"(?:\s+(?:at all|really|whatsoever|so far|i can think of|to (?:improve|change)|"
    r"that i can think of|comes to mind))?"
    r"(?=\W*$|\s*[.,;:!\-])"
)
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
_CTX_NONE, _CTX_IMPROVE, _CTX_GOOD, _CTX_MIXED, _CTX_OTHER = range(5)


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
    if value == "too":
        return (_TOO, 0.0, cue)
    if value == "like":
        return (_LIKE, 0.4, cue)
    if value == "atall":
        return (_ATALL, 0.0, cue)
    if value == "zero":
        return (_NONE, 0.0, cue)
    return (_POL, float(value), cue)


def _load() -> tuple[dict[str, tuple], dict[str, str]]:
    """Build the token table: word -> (kind, value, cue, phrases starting with it)."""
    single: dict[str, tuple] = {
        w: (_POL, p, w) for w, p in _textblob_lexicon().items() if " " not in w
    }
    phrases: dict[tuple[str, ...], tuple] = {}
    aliases: dict[str, tuple[str, str]] = {}
    for raw in _DATA.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tag, rest = line.split("|", 1)
        term, value = rest.rsplit("|", 1)  # the emoticon ":|" holds the separator
        tag, term, value = tag.strip(), term.strip(), value.strip()
        term = term.replace("\ufe0f", "")
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
        base = table.get(word, (_NONE, 0.0, word, None))
        table[word] = (base[0], base[1], base[2], tuple(options))
        for alias, target in canon.items():
            if target == word:
                a = table.get(alias, base)
                table[alias] = (a[0], a[1], a[2], tuple(options))
    for mark in ".!?;,":
        table[mark] = (_PUNCT, 0.0, mark, None)
    return table, canon


_TABLE, _CANON = _load()
_question_kinds: dict[str, int] = {}


def _question_kind(question: str | None) -> int:
    """Classify what a question asks for: improvements, good things, both, or neither."""
    if question is None:
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


def _label(polarity: float) -> str:
    if polarity >= POSITIVE_AT:
        return "positive"
    if polarity <= NEGATIVE_AT:
        return "negative"
    return "neutral"


def _score(text: str, context: int) -> tuple[float, str, list[str]]:
    s = text.lower().replace("’", "'").replace("‘", "'")
    if "  " in s or "\n" in s:
        s = " ".join(s.split())
    if not s or s.isspace():
        return (0.0, "neutral", [])
    s = _ELONGATED.sub(r"\1\1", s)
    cues: list[str] = []
    total = 0.0
    weight = 0.0
    start = 0
    m = _NOTHING.match(s)
    if m is not None and context != _CTX_NONE:
        if context in (_CTX_IMPROVE, _CTX_OTHER):
            # "Nothing" to change means all is well; FFT "why?" answers read the same way.
            value = 0.6 if context == _CTX_IMPROVE else 0.3
            cues.append("question-context:nothing after what should change")
            total, weight, start = value, 1.0, m.end()
        elif context == _CTX_GOOD:
            cues.append("question-context:nothing after what was good")
            total, weight, start = -0.6, 1.0, m.end()
        else:
            return (0.0, "neutral", ["question-context:nothing after a mixed question"])
    elif _NO_OPINION.fullmatch(s) is not None:
        return (0.0, "neutral", ["no-opinion"])
    elif context in (_CTX_GOOD, _CTX_IMPROVE) and _EVERYTHING.fullmatch(s) is not None:
        if context == _CTX_GOOD:
            return (0.6, "positive", ["question-context:everything after what was good"])
        return (-0.5, "negative", ["question-context:everything after what should change"])

    tokens = _TOKEN.findall(s, start)
    table = _TABLE
    n = len(tokens)
    i = 0
    neg = 0  # tokens left in the current negation's reach
    neg_word = ""
    bare_value = _BARE_NEGATION
    bare = False  # whether the pending negation reads negative if it finds no sentiment word
    mult = 1.0
    clause = 1.0  # weight of the current clause: lower inside "although ..."
    too = False
    last = 0.0
    prev = ""
    improve = context == _CTX_IMPROVE
    words = 0
    while i < n:
        t = tokens[i]
        i += 1
        e = table.get(t)
        if e is None:
            words += 1
            if too:
                total += _TOO * clause
                weight += clause
                cues.append(f"too:{t}")
                too = False
            if neg:
                neg -= 1
                if not neg and bare:
                    total += bare_value * clause
                    weight += clause
                    cues.append(f"negation:{neg_word}")
            mult = 1.0
            prev = t
            continue
        if e[3] is not None:
            for rest, pe in e[3]:
                k = len(rest)
                if tuple(_CANON.get(x, x) for x in tokens[i : i + k]) == rest:
                    e = pe
                    i += k
                    break
        kind = e[0]
        if kind in (_POL, _LIKE) or (kind == _CMP and not improve and e[1]):
            if kind == _LIKE and prev not in _LIKE_AFTER and not neg:
                prev = t
                words += 1
                continue
            v = e[1] * mult
            cue = e[2]
            if too and v < 0:
                v *= 1.3
            too = False
            if neg:
                v *= _NEGATE_POSITIVE if v > 0 else _NEGATE_NEGATIVE
                cue = f"negated:{cue}"
                neg = 0
            elif mult != 1.0:
                cue = f"{cue}(x{mult:g})"
            if v:
                total += v * clause
                weight += clause
                last = v * clause
                cues.append(cue)
            mult = 1.0
            words += 1
        elif kind in (_NEG, _NEG0):
            if neg and bare:
                total += bare_value * clause
                weight += clause
                cues.append(f"negation:{neg_word}")
            neg = _NEGATION_SCOPE
            neg_word = e[2]
            bare = kind == _NEG
            bare_value = e[1]
            words += 1
        elif kind == _INT:
            mult *= e[1]
            words += 1
        elif kind == _CMP:
            if improve:
                total += _SUGGESTION
                weight += 1.0
                cues.append(f"suggestion:{e[2]}")
            words += 1
        elif kind == _TOO:
            too = True
            words += 1
        elif kind == _ATALL:
            if last < 0:
                total += last * 0.5
                cues.append("at-all")
        else:
            if neg and bare and kind != _NONE:
                total += bare_value * clause
                weight += clause
                cues.append(f"negation:{neg_word}")
            if kind in (_PUNCT, _BUT, _CONC):
                neg = 0
                mult = 1.0
                too = False
            if kind == _PUNCT:
                clause = 1.0
            elif kind == _BUT:
                # The clause after "but" usually carries the point: halve what came before.
                if weight:
                    total *= _BEFORE_BUT
                    weight *= _BEFORE_BUT
                    cues.append("but-clause")
                clause = 1.0
            elif kind == _CONC:
                clause = 0.5
                cues.append("concession")
            elif kind == _NONE:
                words += 1
        prev = t
    if neg and bare:
        total += bare_value * clause
        weight += clause
        cues.append(f"negation:{neg_word}")
    if too:
        total += _TOO * clause
        weight += clause
        cues.append("too")
    if not weight and words:
        if context == _CTX_IMPROVE:
            total, weight = -0.3, 1.0
            cues.append("question-context:suggestion after what should change")
        elif context == _CTX_GOOD:
            total, weight = 0.3, 1.0
            cues.append("question-context:answer to what was good")
    polarity = total / weight if weight else 0.0
    if polarity > 1.0:
        polarity = 1.0
    elif polarity < -1.0:
        polarity = -1.0
    polarity = round(polarity, 4)
    return (polarity, _label(polarity), cues)


def sentiment_of(text: str, question: str | None = None) -> tuple[float, str, list[str]]:
    """Score one answer: (polarity in -1..1, label, the cues that drove it)."""
    if not text or text.isspace():
        return (0.0, "neutral", [])
    return _score(text, _question_kind(question))


def score_sentiment(
    texts: Sequence[str], questions: Sequence[str | None] | None = None
) -> list[tuple[float, str, list[str]]]:
    """Score many answers, each optionally with the question it replies to."""
    out: list[tuple[float, str, list[str]]] = []
    append = out.append
    score = _score
    if questions is None:
        for text in texts:
            if not text or text.isspace():
                append((0.0, "neutral", []))
            else:
                append(score(text, _CTX_NONE))
        return out
    if len(questions) != len(texts):
        raise ValueError("questions must be as long as texts")
    kind = _question_kind
    for text, question in zip(texts, questions, strict=True):
        if not text or text.isspace():
            append((0.0, "neutral", []))
        else:
            append(score(text, kind(question)))
    return out
