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

Weights live in ``data/model.json``; ``python -m analysis model train`` rebuilds them from the
examples (a few seconds, no download) and prints cross-validated scores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis import lexicon

DATA = lexicon.DATA
TRAINING = DATA / "training"
EXAMPLES = DATA / "examples.csv"
WEIGHTS = DATA / "model.json"

THEMES = ("wellbeing", "relationships", "process", "involvement", "leadership")
TARGETS = (*THEMES, "positive", "negative", "safeguarding")
MIN_COUNT = 2  # a feature seen once teaches noise, not a pattern
L2 = 3e-4  # chosen by cross-validation on the examples (1e-2 and 1e-3 did worse)
EPOCHS = 400
SEED = 20261123


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
        flat = list(chain.from_iterable(token_lists))
        owner = np.repeat(np.arange(n, dtype=np.int64), counts)
        words = np.fromiter(
            map(self.words.get, flat, repeat(missing)), dtype=np.int64, count=len(flat)
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
        keys = np.sort(owners[known] * (missing + 1) + rows[known])
        # np.unique hashes; sorting (the keys are nearly in order already) is many times faster.
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
        owners, rows = np.divmod(keys, missing + 1)
        logits = np.tile(self.bias, (n, 1))
        if len(rows):
            # The keys are sorted, so each answer's rows lie together: one segmented sum.
            starts = np.searchsorted(owners, np.arange(n))
            has = np.bincount(owners, minlength=n) > 0
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


def _to_json(model: Model, digest: str) -> dict:
    features = sorted(model.index, key=model.index.get)
    return {
        "about": "Learnt by `python -m analysis model train` from data/training/*.csv and "
        "data/examples.csv; do not edit by hand.",
        "inputs_sha256": digest,
        "targets": list(TARGETS),
        "bias": [round(float(b), 5) for b in model.bias],
        "thresholds": model.thresholds,
        "blend": model.blend,
        "neutral_band": model.neutral_band,
        "weights": {
            f: [round(float(w), 4) for w in model.weights[model.index[f]]] for f in features
        },
    }


@cache
def load() -> Model | None:
    """Return the trained model, or None if the package ships without one."""
    if not WEIGHTS.exists():
        return None
    raw = json.loads(WEIGHTS.read_text(encoding="utf-8"))
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


# --- training -------------------------------------------------------------------------------


# The lexicons' findings are features too, so a change to them also calls for retraining.
LEXICON_FILES = ("themes.yaml", "safeguarding.yaml", "sentiment_words.txt")


def example_files() -> list[Path]:
    """Return the labelled example files the model learns from, in a fixed order."""
    return [*sorted(TRAINING.glob("*.csv")), EXAMPLES]


def inputs_digest() -> str:
    """Return a digest of everything the weights are learnt from: examples and lexicons."""
    digest = hashlib.sha256()
    for path in [*example_files(), *(DATA / name for name in LEXICON_FILES)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_examples() -> tuple[pd.DataFrame, str]:
    """Read every example file; return the examples and the digest of the model's inputs."""
    frames = [pd.read_csv(path, keep_default_na=False, dtype=str) for path in example_files()]
    return pd.concat(frames, ignore_index=True), inputs_digest()


def targets_of(frame: pd.DataFrame) -> np.ndarray:
    """Return the answers x targets matrix of 0/1 labels."""
    columns = [frame[t].astype(int).to_numpy() for t in THEMES]
    columns.append((frame["sentiment"] == "positive").astype(int).to_numpy())
    columns.append((frame["sentiment"] == "negative").astype(int).to_numpy())
    columns.append(frame["safeguarding"].astype(int).to_numpy())
    return np.stack(columns, axis=1).astype(np.float64)


def lexicon_features(frame: pd.DataFrame) -> list[list[str]]:
    """Run the lexicons (not the model) over the examples and build each answer's features."""
    from analysis.pipeline import analyse_chunk, answer_tokens

    texts = frame["text"].tolist()
    respondents = [r if r in ("child", "parent", "staff") else "unknown" for r in frame["respondent"]]
    columns = analyse_chunk(texts, respondents, None, use_model=False)
    lists = []
    for i, text in enumerate(texts):
        found = [t for t in THEMES if columns[f"theme_{t}"][i]]
        lists.append(
            answer_features(
                answer_tokens(text),
                respondents[i],
                found,
                columns["sentiment_label"][i],
                float(columns["sentiment_polarity"][i]),
                bool(columns["safeguarding_flag"][i]),
                "?" in text,
            )
        )
    return lists


def _fit(feature_lists: list[list[str]], y: np.ndarray) -> Model:
    """Fit one L2-regularised logistic regression per target by full-batch Adam."""
    counts = Counter(f for features in feature_lists for f in set(features))
    vocabulary = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocabulary)}
    x = np.zeros((len(feature_lists), len(vocabulary)), dtype=np.float64)
    for row, features in enumerate(feature_lists):
        for f in features:
            if (i := index.get(f)) is not None:
                x[row, i] = 1.0
    n, t = y.shape
    # Disclosures are rare and a missed one is the worst failure: weigh them up in training.
    weight = np.ones_like(y)
    safeguarding = TARGETS.index("safeguarding")
    positives = max(1.0, y[:, safeguarding].sum())
    weight[:, safeguarding] = np.where(y[:, safeguarding] == 1, (n - positives) / positives, 1.0)
    w = np.zeros((x.shape[1], t))
    b = np.zeros(t)
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, EPOCHS + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        error = (p - y) * weight / n
        grad_w = x.T @ error + L2 * w
        grad_b = error.sum(axis=0)
        m_w = beta1 * m_w + (1 - beta1) * grad_w
        v_w = beta2 * v_w + (1 - beta2) * grad_w**2
        m_b = beta1 * m_b + (1 - beta1) * grad_b
        v_b = beta2 * v_b + (1 - beta2) * grad_b**2
        correction1, correction2 = 1 - beta1**step, 1 - beta2**step
        w -= rate * (m_w / correction1) / (np.sqrt(v_w / correction2) + eps)
        b -= rate * (m_b / correction1) / (np.sqrt(v_b / correction2) + eps)
    return Model(index, w, b, dict.fromkeys(TARGETS, 0.5), blend=0.5, neutral_band=0.1)


def sentiment_labels(polarity: np.ndarray, band: float) -> np.ndarray:
    """Return positive, neutral or negative for each blended polarity."""
    return np.where(polarity > band, "positive", np.where(polarity < -band, "negative", "neutral"))


def blended_polarity(model_p: np.ndarray, lexicon_polarity: np.ndarray, blend: float) -> np.ndarray:
    """Blend the model's positive-minus-negative probability with the lexicon's polarity."""
    model_polarity = model_p[:, TARGETS.index("positive")] - model_p[:, TARGETS.index("negative")]
    return np.clip(blend * model_polarity + (1 - blend) * lexicon_polarity, -1.0, 1.0)


def _lexicon_polarity(feature_lists: list[list[str]]) -> np.ndarray:
    values = []
    for features in feature_lists:
        step = next(int(f[7:]) for f in features if f.startswith("lexpol:"))
        values.append(step / 4)
    return np.asarray(values)


def _f1(truth: np.ndarray, guess: np.ndarray) -> float:
    tp = float((truth & guess).sum())
    fp = float((~truth & guess).sum())
    fn = float((truth & ~guess).sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _lexicon_flag(feature_lists: list[list[str]]) -> np.ndarray:
    return np.asarray(["lex:safeguarding" in features for features in feature_lists])


def cross_validate(feature_lists: list[list[str]], y: np.ndarray, folds: int = 5) -> np.ndarray:
    """Return out-of-fold probabilities for every example."""
    order = np.random.default_rng(SEED).permutation(len(feature_lists))
    out = np.zeros_like(y)
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        model = _fit([feature_lists[i] for i in train], y[train])
        out[test] = model.probabilities([feature_lists[i] for i in test])
    return out


def choose_settings(
    out_of_fold: np.ndarray, y: np.ndarray, feature_lists: list[list[str]], recall_floor: float
) -> tuple[dict[str, float], float, float]:
    """Pick thresholds, blend and neutral band that do best on out-of-fold predictions."""
    grid = np.round(np.arange(0.2, 0.81, 0.05), 2)
    thresholds: dict[str, float] = {}
    for t, name in enumerate(THEMES):
        truth = y[:, t] == 1
        thresholds[name] = float(max(grid, key=lambda g: _f1(truth, out_of_fold[:, t] >= g)))
    # Safeguarding: the highest threshold at which the model alone keeps recall at the floor.
    # The model must stand as a second net on its own: the lexicons were written with these
    # very examples in view, so their recall here is better than on answers never seen.
    s = TARGETS.index("safeguarding")
    truth = y[:, s] == 1
    chosen = 0.05
    for g in np.round(np.arange(0.05, 0.96, 0.05), 2):
        flagged = out_of_fold[:, s] >= g
        if truth.sum() and (flagged & truth).sum() / truth.sum() >= recall_floor:
            chosen = float(g)
    thresholds["safeguarding"] = chosen
    truth_label = np.where(y[:, 5] == 1, "positive", np.where(y[:, 6] == 1, "negative", "neutral"))
    lexicon_polarity = _lexicon_polarity(feature_lists)
    best = (-1.0, 0.5, 0.1)
    # The lexicon keeps at least a fifth of the say: it knows tone in general (TextBlob's words,
    # negation, contrast), which carries to answers unlike any example; the model only knows
    # what the examples taught it.
    for blend in np.round(np.arange(0.0, 0.81, 0.1), 2):
        polarity = blended_polarity(out_of_fold, lexicon_polarity, blend)
        for band in np.round(np.arange(0.02, 0.31, 0.02), 2):
            accuracy = float((sentiment_labels(polarity, band) == truth_label).mean())
            if accuracy > best[0]:
                best = (accuracy, float(blend), float(band))
    return thresholds, best[1], best[2]


def report(out_of_fold: np.ndarray, y: np.ndarray, feature_lists, model: Model) -> str:
    """Describe cross-validated scores of the lexicons alone and with the model."""
    lines = []
    lexicon_sets = [set(f) for f in feature_lists]
    for t, name in enumerate(THEMES):
        truth = y[:, t] == 1
        lex = np.asarray([f"lex:{name}" in s for s in lexicon_sets])
        both = out_of_fold[:, t] >= model.thresholds[name]
        lines.append(f"{name:<14} F1 lexicon {_f1(truth, lex):.3f}   with model {_f1(truth, both):.3f}")
    truth_label = np.where(y[:, 5] == 1, "positive", np.where(y[:, 6] == 1, "negative", "neutral"))
    lexicon_polarity = _lexicon_polarity(feature_lists)
    lex_label = np.asarray(
        [
            next(x[4:] for x in f if x in ("lex:positive", "lex:negative", "lex:neutral"))
            for f in feature_lists
        ]
    )
    blended = sentiment_labels(
        blended_polarity(out_of_fold, lexicon_polarity, model.blend), model.neutral_band
    )
    lines.append(
        f"sentiment      accuracy lexicon {(lex_label == truth_label).mean():.3f}   "
        f"with model {(blended == truth_label).mean():.3f} (blend {model.blend}, band {model.neutral_band})"
    )
    s = TARGETS.index("safeguarding")
    truth = y[:, s] == 1
    lexicon = _lexicon_flag(feature_lists)
    flagged = lexicon | (out_of_fold[:, s] >= model.thresholds["safeguarding"])
    for label, guess in (("lexicon", lexicon), ("with model", flagged)):
        recall = (guess & truth).sum() / max(1, truth.sum())
        precision = (guess & truth).sum() / max(1, guess.sum())
        lines.append(f"safeguarding   {label:<10} recall {recall:.3f} precision {precision:.3f}")
    return "\n".join(lines)


def train(recall_floor: float = 0.97) -> tuple[Model, str, str]:
    """Learn the model from the examples; return it, the examples' digest and a CV report."""
    frame, digest = read_examples()
    feature_lists = lexicon_features(frame)
    y = targets_of(frame)
    out_of_fold = cross_validate(feature_lists, y)
    thresholds, blend, band = choose_settings(out_of_fold, y, feature_lists, recall_floor)
    fitted = _fit(feature_lists, y)
    model = Model(fitted.index, fitted.weights, fitted.bias, thresholds, blend, band)
    summary = f"{len(frame)} examples, {len(model.index)} features\n" + report(
        out_of_fold, y, feature_lists, model
    )
    return model, digest, summary


def add_parser(subparsers: Any) -> None:
    """Register ``model train`` and ``model check`` on the command line's subparsers."""
    parser = subparsers.add_parser(
        "model", help="retrain the learnt model from the examples, or check it is up to date"
    )
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("train", help="rebuild data/model.json from the examples and lexicons")
    actions.add_parser("check", help="say whether data/model.json matches its examples and lexicons")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Train or check the model; return the exit status (1 when the weights are out of date)."""
    if args.action == "check":
        raw = json.loads(WEIGHTS.read_text(encoding="utf-8")) if WEIGHTS.exists() else {}
        if raw.get("inputs_sha256") != inputs_digest():
            print(
                "data/model.json is out of date: run python -m analysis model train", file=sys.stderr
            )
            return 1
        print("data/model.json matches the examples and lexicons")
        return 0
    learnt, digest, summary = train()
    WEIGHTS.write_text(json.dumps(_to_json(learnt, digest), ensure_ascii=False, indent=0) + "\n")
    print(summary)
    print(f"wrote {WEIGHTS}")
    return 0
