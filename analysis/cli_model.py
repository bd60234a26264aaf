"""The ``model train`` and ``model check`` commands of ``python -m analysis``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from analysis import lexicon
from analysis.csvfile import InputError
from analysis.model import WEIGHTS

# Where a model learnt from real answers goes by default: the app's instance folder, never the
# package or the repository (real answers must not be shipped inside the weights).
INSTANCE_MODEL = Path("instance") / "model.json"


def add_parser(subparsers: Any) -> None:
    """Register ``model train`` and ``model check`` on the command line's subparsers."""
    parser = subparsers.add_parser(
        "model", help="retrain the learnt model from the examples, or check it is up to date"
    )
    actions = parser.add_subparsers(dest="action", required=True)
    train = actions.add_parser(
        "train", help="rebuild data/model.json from the examples and lexicons, or with --extra "
        "learn from more labelled answers into a model of its own"
    )
    train.add_argument(
        "--extra", action="append", default=[], metavar="FILE",
        help="a labelled CSV file (shared/eval/LABELLING.md format) to learn from as well; "
        "repeat for several; the report compares cross-validated figures without and with them",
    )
    train.add_argument(
        "--out", type=Path, default=None, metavar="PATH",
        help=f"where to write the weights (default {WEIGHTS.name} in the package, or "
        f"{INSTANCE_MODEL} with --extra); use it by setting ANALYSIS_MODEL to this path",
    )
    actions.add_parser("check", help="say whether data/model.json matches its examples and lexicons")
    parser.set_defaults(func=run)


def _destination(args: argparse.Namespace) -> Path:
    """Return where the weights go; refuse to write answers' weights into the package."""
    if not args.extra:
        return args.out or WEIGHTS
    out = args.out or INSTANCE_MODEL
    if out.resolve().is_relative_to(lexicon.DATA.parent.resolve()):
        raise InputError(f"{out}: a model learnt from --extra files is never written into the package")
    return out


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
    try:
        out = _destination(args)
        learnt, digest, summary = training.train(extra=[Path(p) for p in args.extra])
    except InputError as exc:
        print(f"model train: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(training.weights_json(learnt, digest), ensure_ascii=False, indent=0)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(summary)
    print(f"wrote {out}")
    return 0
