"""The ``model train`` and ``model check`` commands of ``python -m analysis``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from analysis.model import WEIGHTS


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
    # Imported here: training needs scikit-learn, a development dependency only.
    from analysis import training

    if args.action == "check":
        raw = json.loads(WEIGHTS.read_text(encoding="utf-8")) if WEIGHTS.exists() else {}
        if raw.get("inputs_sha256") != training.inputs_digest():
            print(
                "data/model.json is out of date: run python -m analysis model train", file=sys.stderr
            )
            return 1
        print("data/model.json matches the examples and lexicons")
        return 0
    learnt, digest, summary = training.train()
    text = json.dumps(training.weights_json(learnt, digest), ensure_ascii=False, indent=0)
    WEIGHTS.write_text(text + "\n", encoding="utf-8")
    print(summary)
    print(f"wrote {WEIGHTS}")
    return 0
