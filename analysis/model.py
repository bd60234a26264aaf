"""A small linear model learnt from the package's own written examples, used beside the lexicons.

The lexicons know words and rules; they miss answers whose tone or theme is carried by events
("contact got cancelled again", "she came to my review with me"). The model learns those from
labelled answers in ``data/training/*.csv`` and ``data/examples.csv``, with the lexicons' own
findings as extra features, so it can only add to what the lexicons see, never replace them:

- themes: a theme is kept if the model gives it a probability at or above its threshold;
- sentiment: the model's positive and negative probabilities, blended with the lexicon's
  polarity, except where the lexicon read the answer against its question ("Nothing" after
  "What should change?"), which the examples cannot teach;
- safeguarding: recall first, so the model can raise a flag the lexicon missed but never lower
  one the lexicon raised.

This module scores with the weights in ``data/model.json`` (numpy only);
``analysis.training`` learns them and ``python -m analysis model train`` runs it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np

from analysis import lexicon
from analysis.theme_list import THEMES

WEIGHTS = lexicon.DATA / "model.json"
# What the model predicts, one logistic regression each: the themes, then the tone, then the flag.
TARGETS = (*THEMES, "positive", "negative", "safeguarding")


def answer_features(
    toks: Sequence[str],
    respondent: str,
    lexicon_themes: Sequence[str],
    lexicon_label: str,
    lexicon_polarity: float,
    lexicon_flag: bool,
    asks: bool = False,
) -> list[str]:
    """Return the features of one answer: words, word pairs, whether it asks a question,
    and what the lexicons found."""
    features = [f"w:{t}" for t in toks]
    features += [f"b:{a}_{b}" for a, b in pairwise(toks)]
    features.append(f"r:{respondent}")
    features += [f"lex:{theme}" for theme in lexicon_themes]
    features.append(f"lex:{lexicon_label}")
    # Strength of the lexicon's reading in coarse steps, so the model learns how far to trust it.
    features.append(f"lexpol:{max(-4, min(4, round(lexicon_polarity * 4)))}")
    if lexicon_flag:
        features.append("lex:safeguarding")
    features.append(_length_feature(len(toks)))
    if asks:
        # A question is usually neutral in tone, whatever words it uses (LABELLING.md).
        features.append("p:question")
    return features


# Two opening words that ask a question even without a question mark ("can we have a
# games night", "why do i need a worker"): children seldom type one.
_QUESTION_OPENINGS = frozenset(
    {(first, "we") for first in ("can", "could", "do", "will", "are", "should")}
    | {(first, "i") for first in ("can", "could", "do", "will", "am", "should")}
    | {(first, "you") for first in ("can", "could", "do", "will", "would")}
    | {(first, "there") for first in ("is", "are", "will", "could", "can")}
    | {("why", w) for w in ("do", "does", "did", "is", "are", "was", "cant", "can't", "dont", "don't")}
    | {("how", w) for w in ("do", "does", "can", "long", "often", "many", "much", "come")}
    | {("what", w) for w in ("is", "does", "happens", "will", "do")}
    | {("when", w) for w in ("is", "will", "do", "does", "can")}
    | {("who", w) for w in ("is", "do", "does", "will", "reads")}
    | {("whats", "a"), ("what's", "a"), ("is", "it"), ("is", "this"), ("does", "anyone")}
)


def asks_question(text: str) -> bool:
    """Return whether an answer asks a question: a question mark, or an opening such as
    "can we", "why do", "is there"."""
    if "?" in text:
        return True
    # Only the first two words are lower-cased, not the whole answer.
    words = text.split(None, 2)
    return len(words) >= 2 and (
        words[0].lower().strip(".,!"), words[1].lower().strip(".,!")
    ) in _QUESTION_OPENINGS


def _length_feature(n: int) -> str:
    return "len:1" if n <= 1 else "len:short" if n <= 4 else "len:long" if n > 25 else "len:mid"


@dataclass(frozen=True)
class Model:
    """Weights of one logistic regression per target, and the decision thresholds."""

    index: dict[str, int]
    weights: np.ndarray  # features x targets
    bias: np.ndarray  # targets
    thresholds: dict[str, float]
    blend: float  # weight of the model in the sentiment polarity; the lexicon has 1 - blend
    neutral_band: float  # |polarity| below this reads as neutral
    # Word features keyed without their prefix, and word pairs keyed by the rows of their two
    # words (sorted, for np.searchsorted), for the fast path below.
    words: dict[str, int] = field(default_factory=dict)
    pair_keys: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    pair_rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    # Rows of the per-answer features, by what they describe; and the weights with a last row
    # of zeros, the row of every unknown feature (len(index)).
    answer_rows: dict[str, Any] = field(default_factory=dict)
    padded_weights: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))

    def __post_init__(self) -> None:
        pairs: dict[str, int] = {}
        for feature, i in self.index.items():
            if feature.startswith("w:"):
                self.words[feature[2:]] = i
            elif feature.startswith("b:"):
                pairs[feature[2:]] = i
        stride = len(self.index) + 1
        keyed = []
        for pair, i in pairs.items():
            first, second = pair.split("_")
            # A pair seen in enough answers to be learnt has both its words learnt too.
            if first not in self.words or second not in self.words:
                raise ValueError(f"word pair {pair!r} has a word the model does not know")
            keyed.append((self.words[first] * stride + self.words[second], i))
        keyed.sort()
        object.__setattr__(self, "pair_keys", np.asarray([k for k, _ in keyed], dtype=np.int64))
        object.__setattr__(self, "pair_rows", np.asarray([i for _, i in keyed], dtype=np.int64))

        def row(feature: str) -> int:
            return self.index.get(feature, len(self.index))

        self.answer_rows.update(
            respondent={r: row(f"r:{r}") for r in ("child", "parent", "staff", "unknown")},
            label={lab: row(f"lex:{lab}") for lab in ("positive", "neutral", "negative")},
            step=np.asarray([row(f"lexpol:{s}") for s in range(-4, 5)], dtype=np.int64),
            length=np.asarray(
                [row(f) for f in ("len:1", "len:short", "len:mid", "len:long")], dtype=np.int64
            ),
            flag=row("lex:safeguarding"),
            question=row("p:question"),
            themes=[row(f"lex:{t}") for t in THEMES],
        )
        padded = np.vstack([self.weights, np.zeros((1, self.weights.shape[1]))])
        object.__setattr__(self, "padded_weights", padded)

    def chunk_probabilities(
        self,
        token_lists: Sequence[Sequence[str]],
        respondents: Sequence[str],
        lexicon_themes: Sequence[int],
        lexicon_labels: Sequence[str],
        lexicon_polarity: Sequence[float],
        lexicon_flags: Sequence[bool],
        asks: Sequence[bool],
    ) -> np.ndarray:
        """Return probabilities for a chunk of answers, as ``probabilities`` would from
        ``answer_features(...)`` of each, without building any feature string.

        ``lexicon_themes`` holds each answer's lexicon themes as bits (bit i is ``THEMES[i]``).
        """
        n = len(token_lists)
        missing = len(self.index)  # an extra row of zeros stands for "unknown feature"
        counts = np.fromiter(map(len, token_lists), dtype=np.int64, count=n)
        owner = np.repeat(np.arange(n, dtype=np.int64), counts)
        words = np.fromiter(
            map(self.words.get, chain.from_iterable(token_lists), repeat(missing)),
            dtype=np.int64,
            count=int(counts.sum()),
        )
        # Pairs of neighbouring words within one answer, found by their words' rows.
        same = (owner[:-1] == owner[1:]) & (words[:-1] != missing) & (words[1:] != missing)
        pair_keys = words[:-1][same] * (missing + 1) + words[1:][same]
        pairs = pair_owners = np.empty(0, dtype=np.int64)
        if len(self.pair_keys):
            at = np.minimum(np.searchsorted(self.pair_keys, pair_keys), len(self.pair_keys) - 1)
            # np.take rather than indexing with an array: the same values, several times faster.
            learnt = np.take(self.pair_keys, at) == pair_keys
            pairs = np.take(self.pair_rows, at[learnt])
            pair_owners = owner[:-1][same][learnt]
        lookup = self.answer_rows
        step = np.clip(np.rint(np.asarray(lexicon_polarity, dtype=np.float64) * 4), -4, 4)
        length = np.select([counts <= 1, counts <= 4, counts > 25], [0, 1, 3], default=2)
        bits = np.asarray(lexicon_themes, dtype=np.int64)
        per_answer = [
            np.fromiter(map(lookup["respondent"].get, respondents, repeat(missing)), np.int64, n),
            np.fromiter(map(lookup["label"].get, lexicon_labels, repeat(missing)), np.int64, n),
            lookup["step"][step.astype(np.int64) + 4],
            lookup["length"][length],
            np.where(np.asarray(lexicon_flags, dtype=bool), lookup["flag"], missing),
            np.where(np.asarray(asks, dtype=bool), lookup["question"], missing),
            *(np.where(bits & (1 << t), lookup["themes"][t], missing) for t in range(len(THEMES))),
        ]
        rows = np.concatenate([words, pairs])
        owners = np.concatenate([owner, pair_owners])
        known = rows != missing
        # A word or pair counts once per answer, as in training.
        # np.unique hashes; sorting is many times faster, and a stable sort (Timsort, which
        # finds the runs) faster still: the keys are nearly in order already.
        keys = np.sort(owners[known] * (missing + 1) + rows[known], kind="stable")
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
        owners, rows = np.divmod(keys, missing + 1)
        logits = np.tile(self.bias, (n, 1))
        if len(rows):
            # The keys are sorted, so each answer's rows lie together: one segmented sum.
            sizes = np.bincount(owners, minlength=n)
            starts = np.cumsum(sizes) - sizes
            has = sizes > 0
            logits[has] += np.add.reduceat(np.take(self.weights, rows, axis=0), starts[has], axis=0)
        # Each answer has at most one of each of these, so no counting twice: add them straight.
        for answer_rows in per_answer:
            logits += np.take(self.padded_weights, answer_rows, axis=0)
        return 1.0 / (1.0 + np.exp(-logits))

    def probabilities(self, feature_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Return an answers x targets array of probabilities."""
        get = self.index.get
        # Each feature counts once per answer, as in training.
        return self.probabilities_of_rows(
            [{i for f in features if (i := get(f)) is not None} for features in feature_lists]
        )

    def probabilities_of_rows(self, row_sets: Sequence[set[int]]) -> np.ndarray:
        """Return probabilities from each answer's set of feature rows."""
        counts = np.fromiter(map(len, row_sets), dtype=np.int64, count=len(row_sets))
        total = int(counts.sum())
        logits = np.tile(self.bias, (len(row_sets), 1))
        if total:
            rows = np.fromiter(chain.from_iterable(row_sets), dtype=np.int64, count=total)
            starts = np.cumsum(counts) - counts
            has = counts > 0
            # One gather and one segmented sum for the whole chunk, in C.
            logits[has] += np.add.reduceat(self.weights[rows], starts[has], axis=0)
        return 1.0 / (1.0 + np.exp(-logits))


def weights_path() -> Path:
    """Return the weights to score with: the file the ``ANALYSIS_MODEL`` environment variable
    names (a model learnt with ``model train --extra``), else the package's own."""
    configured = os.environ.get("ANALYSIS_MODEL", "").strip()
    return Path(configured) if configured else WEIGHTS


@cache
def load() -> Model | None:
    """Return the trained model, or None if the package ships without one."""
    path = weights_path()
    if path != WEIGHTS and not path.is_file():
        # A configured model that is missing is a mistake to report, not a reason to fall
        # back silently to other weights.
        raise FileNotFoundError(f"ANALYSIS_MODEL names {path}, which is not a file")
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    if tuple(raw["targets"]) != TARGETS:
        raise ValueError(f"{path.name} predicts {raw['targets']}, not {list(TARGETS)}: retrain it")
    features = list(raw["weights"])
    return Model(
        index={f: i for i, f in enumerate(features)},
        weights=np.asarray([raw["weights"][f] for f in features], dtype=np.float64).reshape(
            len(features), len(TARGETS)
        ),
        bias=np.asarray(raw["bias"], dtype=np.float64),
        thresholds={k: float(v) for k, v in raw["thresholds"].items()},
        blend=float(raw["blend"]),
        neutral_band=float(raw["neutral_band"]),
    )


def sentiment_labels(polarity: np.ndarray, band: float) -> np.ndarray:
    """Return positive, neutral or negative for each blended polarity."""
    return np.where(polarity > band, "positive", np.where(polarity < -band, "negative", "neutral"))


def blended_polarity(model_p: np.ndarray, lexicon_polarity: np.ndarray, blend: float) -> np.ndarray:
    """Blend the model's positive-minus-negative probability with the lexicon's polarity."""
    model_polarity = model_p[:, TARGETS.index("positive")] - model_p[:, TARGETS.index("negative")]
    return np.clip(blend * model_polarity + (1 - blend) * lexicon_polarity, -1.0, 1.0)
