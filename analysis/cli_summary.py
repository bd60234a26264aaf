"""The ``summary`` command: a themed, suppressed summary of a CSV of free-text answers.

    python -m analysis summary INPUT.csv [--text-column text] [--by respondent age_band]
                                         [--format text|csv|json] [-o OUT] [--min-n 5]

Each CSV row is one free-text answer. Optional columns: ``response_id`` (answers with the same
id come from one respondent; without it every row is its own respondent), ``question`` (the
question answered, so "Nothing" is read the right way), ``respondent`` (child, parent, staff)
and any grouping column named with ``--by``. A file already written by ``python -m analysis
theme`` is summarised from its own theme, sentiment and flag columns.

Bad input prints one line on stderr and exits 2, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from .csvfile import InputError, read_answers
from .suppression import DEFAULT_MIN_N

EXIT_OK = 0
EXIT_BAD_INPUT = 2

FORMATS = ("text", "csv", "json")


def add_parser(subparsers: Any) -> None:
    """Register the ``summary`` subcommand on an argparse subparsers object."""
    parser = subparsers.add_parser(
        "summary",
        help="print a themed summary of a CSV of free-text answers",
        description=(
            "Summarise free-text answers by theme: respondents, sentiment mix, key phrases and "
            "representative quotes. Figures built on fewer than --min-n respondents are withheld."
        ),
    )
    parser.add_argument("input", help="CSV file of answers (UTF-8, comma-separated)")
    parser.add_argument(
        "--text-column", default="text", help="column holding the answer text (default: text)"
    )
    parser.add_argument(
        "--by",
        nargs="+",
        default=[],
        metavar="COLUMN",
        help="columns to break the summary down by, e.g. respondent age_band",
    )
    parser.add_argument(
        "--id-column",
        default=None,
        help="column identifying the respondent (default: response_id if present, else one "
        "respondent per row)",
    )
    parser.add_argument(
        "--question-column",
        default="question",
        help="column holding the question answered, if any (default: question)",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument("-o", "--output", default=None, help="write here instead of stdout")
    parser.add_argument(
        "--min-n",
        type=int,
        default=DEFAULT_MIN_N,
        help=f"withhold figures built on fewer respondents than this (default: {DEFAULT_MIN_N})",
    )
    parser.add_argument(
        "--quotes", type=int, default=2, help="quotes per theme and tone (default: 2)"
    )
    parser.add_argument(
        "--phrases", type=int, default=8, help="key phrases per theme (default: 8)"
    )
    parser.set_defaults(func=run)


def answers_from_csv(frame: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """Turn a CSV of free-text answers into the long answers frame ``summarise`` expects."""
    text_column = args.text_column
    answers = pd.DataFrame(index=frame.index)
    id_column = args.id_column or ("response_id" if "response_id" in frame.columns else None)
    if id_column:
        answers["response_id"] = frame[id_column].astype(str)
    else:
        # No respondent id: each row counts as a respondent of its own.
        answers["response_id"] = [f"row{i + 1}" for i in range(len(frame))]
    question_column = args.question_column
    if question_column and question_column in frame.columns:
        answers["question_key"] = frame[question_column].astype(str)
        answers["question"] = frame[question_column].astype(str)
    else:
        answers["question_key"] = "text"
    answers["question_type"] = "free_text"
    answers["text"] = frame[text_column].astype(str)
    for column in frame.columns:
        if column in answers.columns or column == text_column:
            continue
        answers[column] = frame[column]
    return answers


def run(args: argparse.Namespace) -> int:
    """Run the ``summary`` command; return the exit status."""
    from .summary import summarise  # lazy: keeps `python -m analysis --help` fast

    try:
        if args.min_n < 1:
            raise InputError("--min-n must be at least 1")
        wanted = [args.text_column, *args.by]
        if args.id_column:
            wanted.append(args.id_column)
        frame = read_answers(args.input, list(dict.fromkeys(wanted)))
        answers = answers_from_csv(frame, args)
        summary = summarise(
            answers,
            by=tuple(args.by),
            min_n=args.min_n,
            quotes=max(args.quotes, 0),
            phrases=max(args.phrases, 0),
        )
        if args.format == "json":
            output = summary.to_json(indent=2) + "\n"
        elif args.format == "csv":
            output = summary.to_frame().to_csv(index=False, lineterminator="\n")
        else:
            output = summary.to_text(title=f"Summary of {Path(args.input).name}")
        if args.output:
            try:
                Path(args.output).write_text(output, encoding="utf-8")
            except OSError as exc:
                raise InputError(
                    f"{args.output}: cannot write ({exc.strerror or exc})"
                ) from None
        else:
            sys.stdout.write(output)
    except InputError as exc:
        print(f"summary: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValueError as exc:
        # summarise() raises ValueError for frames it cannot summarise; say so in one line.
        print(f"summary: {args.input}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command on its own (``python -m analysis.cli_summary``)."""
    parser = argparse.ArgumentParser(prog="python -m analysis")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
