"""Learn the model's weights (``data/model.json``) from the labelled examples with scikit-learn.

One L2-regularised logistic regression per target (``model.TARGETS``) over each answer's
features (``model.answer_features``): words, word pairs and what the lexicons found. Five-fold
cross-validation gives out-of-fold probabilities, from which the decision thresholds, the
tone blend and the neutral band are chosen. scikit-learn is needed here only: scoring reads
the weights with numpy (``analysis.model``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline

from analysis import lexicon
from analysis.csvfile import InputError, read_answers
from analysis.model import (
    TARGETS,
    Model,
    answer_features,
    asks_question,
    blended_polarity,
    sentiment_labels,
)
from analysis.pipeline import analyse_chunk, answer_tokens
from analysis.theme_list import THEMES

TRAINING = lexicon.DATA / "training"
EXAMPLES = lexicon.DATA / "examples.csv"
# The lexicons' findings are features too, so a change to them also calls for retraining.
LEXICON_FILES = ("themes.yaml", "safeguarding.yaml", "sentiment_words.txt")
MIN_COUNT = 2  # a feature seen in one answer only teaches noise, not a pattern
L2 = 3e-4  # per answer: chosen by cross-validation on the examples (1e-2 and 1e-3 did worse)
# The tone learns from many more word-level cues than a theme does, and a weaker penalty let it
# use them: cross-validated sentiment accuracy 0.802 at 3e-4, 0.814 at 1e-4 (round 6).
L2_TONE = 1e-4
TONE = (TARGETS.index("positive"), TARGETS.index("negative"))
FOLDS = 5
SEED = 20261123
SAFEGUARDING = TARGETS.index("safeguarding")
# A theme's threshold is the lowest whose cross-validated F1 is within this of the best. The
# F1 curve is flat near its top, and answers unlike the examples (other services' feedback)
# reach lower probabilities: the highest point of a flat top cost recall there (relationships
# recall on the NHS answers fell from 0.56 to 0.38 when its threshold rose from 0.2 to 0.4).
THRESHOLD_TOLERANCE = 0.005
LABEL_COLUMNS = ("id", "respondent", "text", *THEMES, "sentiment", "safeguarding")
REQUIRED_COLUMNS = tuple(c for c in LABEL_COLUMNS if c != "respondent")


def example_files() -> list[Path]:
    """Return the labelled example files the model learns from, in a fixed order."""
    return [*sorted(TRAINING.glob("*.csv")), EXAMPLES]


def inputs_digest() -> str:
    """Return a digest of everything the weights are learnt from: examples and lexicons."""
    digest = hashlib.sha256()
    for path in [*example_files(), *(lexicon.DATA / name for name in LEXICON_FILES)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_examples() -> tuple[pd.DataFrame, str]:
    """Read every example file; return the examples and the digest of the model's inputs."""
    frames = [pd.read_csv(path, keep_default_na=False, dtype=str) for path in example_files()]
    return pd.concat(frames, ignore_index=True), inputs_digest()


def read_labelled(path: Path) -> pd.DataFrame:
    """Read an extra labelled file (``shared/eval/LABELLING.md``; ``respondent`` may be left
    out); raise ``InputError`` naming the first bad value."""
    frame = read_answers(str(path), list(REQUIRED_COLUMNS))
    if "respondent" not in frame.columns:  # as `evaluate` allows: analysed as unknown
        frame["respondent"] = "unknown"
    if frame.empty:
        raise InputError(f"{path}: no answers")
    allowed = dict.fromkeys((*THEMES, "safeguarding"), ("0", "1"))
    allowed["sentiment"] = ("positive", "negative", "neutral")
    for column, values in allowed.items():
        bad = ~frame[column].isin(values)
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise InputError(
                f"{path}: line {row + 2}: {column} is {frame[column].iloc[row]!r}, "
                f"not one of {', '.join(values)}"
            )
    return frame[list(LABEL_COLUMNS)]


def targets_of(frame: pd.DataFrame) -> np.ndarray:
    """Return the answers x targets matrix of 0/1 labels."""
    columns = [frame[t].astype(int).to_numpy() for t in THEMES]
    columns.append((frame["sentiment"] == "positive").astype(int).to_numpy())
    columns.append((frame["sentiment"] == "negative").astype(int).to_numpy())
    columns.append(frame["safeguarding"].astype(int).to_numpy())
    return np.stack(columns, axis=1)


def lexicon_features(frame: pd.DataFrame) -> list[list[str]]:
    """Run the lexicons (not the model) over the examples and build each answer's features."""
    texts = frame["text"].tolist()
    respondents = [r if r in ("child", "parent", "staff") else "unknown" for r in frame["respondent"]]
    columns = analyse_chunk(texts, respondents, None, use_model=False)
    return [
        answer_features(
            answer_tokens(text),
            respondents[i],
            [t for t in THEMES if columns[f"theme_{t}"][i]],
            columns["sentiment_label"][i],
            float(columns["sentiment_polarity"][i]),
            bool(columns["safeguarding_flag"][i]),
            asks_question(text),
        )
        for i, text in enumerate(texts)
    ]


def _features_as_given(features: list[str]) -> list[str]:
    """Return an answer's features as they are: they are built by ``answer_features``."""
    return features


def _pipeline(target: int, y: np.ndarray) -> Pipeline:
    """Return the features-to-probability pipeline of one target, not yet fitted."""
    # Disclosures are rare and a missed one is the worst failure: weigh them up in training.
    weights = None
    if target == SAFEGUARDING:
        positives = max(1, int(y[:, target].sum()))
        weights = {0: 1.0, 1: (len(y) - positives) / positives}
    return make_pipeline(
        # Each feature counts once per answer; the vocabulary is learnt within each fold.
        CountVectorizer(analyzer=_features_as_given, min_df=MIN_COUNT, binary=True),
        # scikit-learn penalises |w|^2 / 2 against the summed loss: C = 1 / (answers * L2)
        # gives L2 against the mean loss, as the weights were first learnt.
        LogisticRegression(
            C=1.0 / (len(y) * (L2_TONE if target in TONE else L2)),
            class_weight=weights,
            max_iter=2000,
        ),
    )


def cross_validate(feature_lists: list[list[str]], y: np.ndarray) -> np.ndarray:
    """Return out-of-fold probabilities for every example and target."""
    folds = KFold(FOLDS, shuffle=True, random_state=SEED)
    out = np.zeros(y.shape)
    for t in range(len(TARGETS)):
        predicted = cross_val_predict(
            _pipeline(t, y), feature_lists, y[:, t], cv=folds, method="predict_proba"
        )
        out[:, t] = predicted[:, 1]
    return out


def fit(feature_lists: list[list[str]], y: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Fit every target on all the examples; return the features, weights and biases."""
    weights, bias, vocabulary = [], [], None
    for t in range(len(TARGETS)):
        fitted = _pipeline(t, y).fit(feature_lists, y[:, t])
        vectorizer, regression = fitted[0], fitted[-1]
        features = list(vectorizer.get_feature_names_out())
        if vocabulary is not None and features != vocabulary:
            raise RuntimeError("the targets learnt different vocabularies")
        vocabulary = features
        weights.append(regression.coef_[0])
        bias.append(regression.intercept_[0])
    return vocabulary or [], np.stack(weights, axis=1), np.asarray(bias)


def _lexicon_polarity(feature_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """Return the lexicon's polarity of each answer, in the steps its feature holds."""
    return np.asarray(
        [next(int(f[7:]) for f in features if f.startswith("lexpol:")) / 4 for features in feature_lists]
    )


def _tone_labels(y: np.ndarray) -> np.ndarray:
    positive, negative = TARGETS.index("positive"), TARGETS.index("negative")
    return np.where(y[:, positive] == 1, "positive", np.where(y[:, negative] == 1, "negative", "neutral"))


def choose_settings(
    out_of_fold: np.ndarray, y: np.ndarray, feature_lists: list[list[str]], recall_floor: float
) -> tuple[dict[str, float], float, float]:
    """Pick thresholds, blend and neutral band that do best on out-of-fold predictions."""
    grid = np.round(np.arange(0.2, 0.81, 0.05), 2)
    thresholds: dict[str, float] = {}
    for t, name in enumerate(THEMES):
        scores = [f1_score(y[:, t], out_of_fold[:, t] >= g, zero_division=0.0) for g in grid]
        best = max(scores)
        thresholds[name] = float(
            next(g for g, f in zip(grid, scores, strict=True) if f >= best - THRESHOLD_TOLERANCE)
        )
    # Safeguarding: the highest threshold at which the model alone keeps recall at the floor.
    # The model must stand as a second net on its own: the lexicons were written with these
    # very examples in view, so their recall here is better than on answers never seen.
    truth = y[:, SAFEGUARDING] == 1
    chosen = 0.05
    for g in np.round(np.arange(0.05, 0.96, 0.05), 2):
        flagged = out_of_fold[:, SAFEGUARDING] >= g
        if truth.sum() and (flagged & truth).sum() / truth.sum() >= recall_floor:
            chosen = float(g)
    thresholds["safeguarding"] = chosen
    truth_label = _tone_labels(y)
    lexicon_polarity = _lexicon_polarity(feature_lists)
    best = (-1.0, 0.5, 0.1)
    bands = np.round(np.arange(0.02, 0.31, 0.02), 2)
    # The lexicon keeps at least a fifth of the say: it knows tone in general (TextBlob's words,
    # negation, contrast), which carries to answers unlike any example; the model only knows
    # what the examples taught it.
    for blend in np.round(np.arange(0.0, 0.81, 0.1), 2):
        polarity = blended_polarity(out_of_fold, lexicon_polarity, blend)
        for band in bands:
            accuracy = float((sentiment_labels(polarity, band) == truth_label).mean())
            if accuracy > best[0]:
                best = (accuracy, float(blend), float(band))
    # As for the themes' thresholds: the narrowest band within the tolerance of the best.
    # Answers unlike the examples reach weaker model polarities, and a wide band turned their
    # tone to neutral (round 6: the best band, 0.20, read 0.774 of the NHS comments right; 0.14, 0.790).
    polarity = blended_polarity(out_of_fold, lexicon_polarity, best[1])
    band = next(
        float(b)
        for b in bands
        if (sentiment_labels(polarity, b) == truth_label).mean() >= best[0] - THRESHOLD_TOLERANCE
    )
    return thresholds, best[1], band


def report(out_of_fold: np.ndarray, y: np.ndarray, feature_lists: list[list[str]], model: Model) -> str:
    """Describe cross-validated scores of the lexicons alone and with the model."""
    lines = []
    lexicon_sets = [set(f) for f in feature_lists]
    for t, name in enumerate(THEMES):
        lex = [f"lex:{name}" in s for s in lexicon_sets]
        both = out_of_fold[:, t] >= model.thresholds[name]
        lines.append(
            f"{name:<14} F1 lexicon {f1_score(y[:, t], lex, zero_division=0.0):.3f}   "
            f"with model {f1_score(y[:, t], both, zero_division=0.0):.3f}"
        )
    truth_label = _tone_labels(y)
    labels = ("lex:positive", "lex:negative", "lex:neutral")
    lex_label = np.asarray([next(x[4:] for x in f if x in labels) for f in feature_lists])
    blended = sentiment_labels(
        blended_polarity(out_of_fold, _lexicon_polarity(feature_lists), model.blend), model.neutral_band
    )
    lines.append(
        f"sentiment      accuracy lexicon {(lex_label == truth_label).mean():.3f}   "
        f"with model {(blended == truth_label).mean():.3f} (blend {model.blend}, band {model.neutral_band})"
    )
    truth = y[:, SAFEGUARDING] == 1
    lexicon_flag = np.asarray(["lex:safeguarding" in s for s in lexicon_sets])
    flagged = lexicon_flag | (out_of_fold[:, SAFEGUARDING] >= model.thresholds["safeguarding"])
    for label, guess in (("lexicon", lexicon_flag), ("with model", flagged)):
        recall = (guess & truth).sum() / max(1, truth.sum())
        precision = (guess & truth).sum() / max(1, guess.sum())
        lines.append(f"safeguarding   {label:<10} recall {recall:.3f} precision {precision:.3f}")
    return "\n".join(lines)


def _out_of_fold(feature_lists: list[list[str]], y: np.ndarray, learn_from: np.ndarray) -> np.ndarray:
    """Return out-of-fold probabilities for every answer, each fold learnt only from the
    answers of its training part that ``learn_from`` allows."""
    out = np.zeros(y.shape)
    for fold_train, fold_test in KFold(FOLDS, shuffle=True, random_state=SEED).split(feature_lists):
        rows = fold_train[learn_from[fold_train]]
        known = [feature_lists[i] for i in rows]
        unseen = [feature_lists[i] for i in fold_test]
        for t in range(len(TARGETS)):
            fitted = _pipeline(t, y[rows]).fit(known, y[rows, t])
            out[fold_test, t] = fitted.predict_proba(unseen)[:, 1]
    return out


def _figures(
    out_of_fold: np.ndarray,
    y: np.ndarray,
    feature_lists: list[list[str]],
    recall_floor: float,
    rows: np.ndarray,
) -> list[float]:
    """Return macro-F1 (core themes), sentiment accuracy, safeguarding recall and precision
    over ``rows``, with settings chosen on every answer's out-of-fold probabilities."""
    thresholds, blend, band = choose_settings(out_of_fold, y, feature_lists, recall_floor)
    oof, truth, lists = out_of_fold[rows], y[rows], [feature_lists[i] for i in rows]
    core = [t for t in THEMES if t != "leadership"]
    macro = np.mean(
        [f1_score(truth[:, THEMES.index(t)], oof[:, THEMES.index(t)] >= thresholds[t], zero_division=0.0)
         for t in core]
    )
    tone = sentiment_labels(blended_polarity(oof, _lexicon_polarity(lists), blend), band)
    flagged = np.asarray(["lex:safeguarding" in f for f in lists]) | (
        oof[:, SAFEGUARDING] >= thresholds["safeguarding"]
    )
    disclosed = truth[:, SAFEGUARDING] == 1
    # Not a number where nothing was disclosed or flagged: printed as "-", not as a zero.
    recall = (flagged & disclosed).sum() / disclosed.sum() if disclosed.any() else np.nan
    precision = (flagged & disclosed).sum() / flagged.sum() if flagged.any() else np.nan
    return [float(macro), float((tone == _tone_labels(truth)).mean()), float(recall), float(precision)]


def _figure(value: float, width: int) -> str:
    return f"{'-':>{width}}" if np.isnan(value) else f"{value:>{width}.3f}"


def compare_extra(
    feature_lists: list[list[str]], y: np.ndarray, is_extra: np.ndarray, recall_floor: float
) -> str:
    """Describe, by cross-validation, what the extra answers change: every fold scored by a
    model learnt without them and by one learnt with them, side by side."""
    without = _out_of_fold(feature_lists, y, ~is_extra)
    with_extra = _out_of_fold(feature_lists, y, np.ones(len(y), dtype=bool))
    names = ("macro-F1", "sentiment accuracy", "safeguarding recall", "safeguarding precision")
    lines = [f"{'cross-validated, ' + str(FOLDS) + ' folds':<45} without extra   with extra"]
    for label, rows in (("all answers", np.arange(len(y))), ("extra answers", np.flatnonzero(is_extra))):
        before = _figures(without, y, feature_lists, recall_floor, rows)
        after = _figures(with_extra, y, feature_lists, recall_floor, rows)
        for name, a, b in zip(names, before, after, strict=True):
            lines.append(
                f"{label + ' (' + str(len(rows)) + ')':<21} {name:<23} {_figure(a, 13)} {_figure(b, 12)}"
            )
    return "\n".join(lines)


def train(recall_floor: float = 0.97, extra: Sequence[Path] = ()) -> tuple[Model, str, str]:
    """Learn the model from the examples and any ``extra`` labelled files; return it, the
    digest of its inputs and a cross-validated report."""
    frame, digest = read_examples()
    is_extra = np.zeros(len(frame), dtype=bool)
    if extra:
        added = [read_labelled(path) for path in extra]
        sha = hashlib.sha256(digest.encode())
        for path in extra:
            sha.update(Path(path).read_bytes())
        digest = sha.hexdigest()
        is_extra = np.concatenate([is_extra, np.ones(sum(len(a) for a in added), dtype=bool)])
        frame = pd.concat([frame, *added], ignore_index=True)
    feature_lists = lexicon_features(frame)
    y = targets_of(frame)
    out_of_fold = cross_validate(feature_lists, y)
    thresholds, blend, band = choose_settings(out_of_fold, y, feature_lists, recall_floor)
    features, weights, bias = fit(feature_lists, y)
    model = Model({f: i for i, f in enumerate(features)}, weights, bias, thresholds, blend, band)
    summary = f"{len(frame)} examples, {len(features)} features\n" + report(
        out_of_fold, y, feature_lists, model
    )
    if is_extra.any():
        summary += "\n" + compare_extra(feature_lists, y, is_extra, recall_floor)
    return model, digest, summary


def weights_json(model: Model, digest: str) -> dict:
    """Return the model as ``data/model.json`` holds it."""
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
