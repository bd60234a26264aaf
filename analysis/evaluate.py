"""Score the analysis against hand-labelled answers (format of shared/eval/LABELLING.md)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.theme_list import CORE_THEMES, THEMES

REQUIRED = ["text", *CORE_THEMES, "sentiment", "safeguarding"]


def _truth(value: object) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "y")


def _scores(gold: list[bool], pred: list[bool]) -> dict[str, Any]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    if tp + fp + fn == 0:
        # Nothing to find and nothing found: perfect, rather than undefined.
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 0, "predicted": 0}
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": tp + fn,
        "predicted": tp + fp,
    }


def evaluate(labelled: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, Any]:
    """Compare ``predicted`` (output of theme_responses) with the labels; return the figures."""
    n = len(labelled)
    result: dict[str, Any] = {"answers": n, "themes": {}}
    for theme in THEMES:
        if theme not in labelled.columns:
            continue
        gold = [_truth(v) for v in labelled[theme]]
        pred = [bool(v) for v in predicted["theme_" + theme]]
        result["themes"][theme] = _scores(gold, pred)
    result["macro_f1"] = round(
        sum(result["themes"][t]["f1"] for t in CORE_THEMES) / len(CORE_THEMES), 4
    )
    gold_labels = [str(v).strip().lower() for v in labelled["sentiment"]]
    pred_labels = list(predicted["sentiment_label"])
    correct = sum(g == p for g, p in zip(gold_labels, pred_labels, strict=True))
    result["sentiment_accuracy"] = round(correct / n, 4) if n else 1.0
    gold_flags = [_truth(v) for v in labelled["safeguarding"]]
    pred_flags = [bool(v) for v in predicted["safeguarding_flag"]]
    flags = _scores(gold_flags, pred_flags)
    ids = labelled["id"] if "id" in labelled.columns else pd.Series(range(1, n + 1))
    missed = [
        str(i) for i, g, p in zip(ids, gold_flags, pred_flags, strict=True) if g and not p
    ]
    result["safeguarding"] = {
        "recall": flags["recall"],
        "precision": flags["precision"],
        "labelled": flags["support"],
        "flagged": flags["predicted"],
        "missed": missed,
    }
    return result


def render(result: dict[str, Any], name: str) -> str:
    """Return the figures as a short plain-text report."""
    lines = [f"{name}: {result['answers']} answers", ""]
    lines.append(f"{'theme':<15}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}")
    for theme, s in result["themes"].items():
        lines.append(
            f"{theme:<15}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
            f"{s['support']:>9}"
        )
    lines.append("")
    lines.append(f"macro-F1 ({', '.join(CORE_THEMES)}): {result['macro_f1']:.3f}")
    lines.append(f"sentiment accuracy: {result['sentiment_accuracy']:.3f}")
    sg = result["safeguarding"]
    lines.append(
        f"safeguarding recall: {sg['recall']:.3f} ({sg['labelled']} labelled)   "
        f"precision: {sg['precision']:.3f} ({sg['flagged']} flagged)"
    )
    if sg["missed"]:
        lines.append(f"missed disclosures: {', '.join(sg['missed'])}")
    return "\n".join(lines) + "\n"
