"""The ``theme`` and ``evaluate`` commands of ``python -m analysis``."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analysis.csvfile import InputError, read_answers

EXIT_OK = 0
EXIT_BAD_INPUT = 2
# Below this many rows the command finishes before a progress bar would help.
PROGRESS_MIN_ROWS = 5_000


def add_theme_parser(subparsers: Any) -> None:
    """Register ``theme INPUT.csv -o OUTPUT.csv [--text-column text]``."""
    parser = subparsers.add_parser(
        "theme",
        help="add themes, sentiment and safeguarding flags to a CSV of answers",
        description=(
            "Write every input column unchanged, then theme_wellbeing ... theme_leadership, "
            "sentiment_polarity, sentiment_label, safeguarding_flag (0/1) and evidence (JSON)."
        ),
    )
    parser.add_argument("input", help="CSV file of answers (UTF-8, comma-separated)")
    parser.add_argument("-o", "--output", required=True, help="CSV file to write")
    parser.add_argument(
        "--text-column", default="text", help="column holding the answer text (default: text)"
    )
    parser.set_defaults(func=run_theme)


def add_evaluate_parser(subparsers: Any) -> None:
    """Register ``evaluate LABELLED.csv [--json]``."""
    parser = subparsers.add_parser(
        "evaluate",
        help="score the analysis against a hand-labelled CSV",
        description=(
            "Print per-theme precision, recall and F1, macro-F1 over the four core themes, "
            "sentiment accuracy and safeguarding recall and precision."
        ),
    )
    parser.add_argument("input", help="labelled CSV (see shared/eval/LABELLING.md)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.set_defaults(func=run_evaluate)


def _progress(total: int) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """Return (update, close) for a progress bar on stderr, or (None, no-op) when not wanted."""
    if total < PROGRESS_MIN_ROWS or not sys.stderr.isatty():
        return None, lambda: None
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm is optional: count on one line instead
        done = [0]

        def update(k: int) -> None:
            done[0] += k
            print(f"\r{done[0]:,} of {total:,} answers", end="", file=sys.stderr, flush=True)

        return update, lambda: print(file=sys.stderr)
    # A terminal that reports no width (some pseudo-terminals) would get an empty bar.
    width = shutil.get_terminal_size().columns
    bar = tqdm(total=total, unit=" answers", file=sys.stderr, leave=False, ncols=width)
    return bar.update, bar.close


def run_theme(args: argparse.Namespace) -> int:
    """Run the ``theme`` command; return the exit status."""
    from analysis.pipeline import OUTPUT_COLUMNS, theme_responses

    try:
        frame = read_answers(args.input, [args.text_column])
        clash = [c for c in OUTPUT_COLUMNS if c in frame.columns]
        if clash:
            raise InputError(
                f"{args.input}: already has the output column(s) {', '.join(clash)}; "
                "rename or drop them first"
            )
        update, close = _progress(len(frame))
        try:
            result = theme_responses(frame, text_column=args.text_column, progress=update)
        finally:
            close()
        out = frame.copy()
        for column in OUTPUT_COLUMNS:
            values = result[column]
            out[column] = values.astype(int) if values.dtype == bool else values
        try:
            out.to_csv(args.output, index=False, encoding="utf-8", lineterminator="\n")
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write ({exc.strerror or exc})") from None
    except InputError as exc:
        print(f"theme: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def run_evaluate(args: argparse.Namespace) -> int:
    """Run the ``evaluate`` command; return the exit status."""
    from analysis.evaluate import REQUIRED, evaluate, render
    from analysis.pipeline import theme_responses

    try:
        frame = read_answers(args.input, REQUIRED)
        source = frame[["text"]].copy()
        for column in ("respondent", "question"):
            if column in frame.columns:
                source[column] = frame[column]
        result = evaluate(frame, theme_responses(source))
    except InputError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps({"file": Path(args.input).name, **result}))
    else:
        sys.stdout.write(render(result, Path(args.input).name))
    return EXIT_OK
