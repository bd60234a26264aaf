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
import csv
import io
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from .suppression import DEFAULT_MIN_N

EXIT_OK = 0
EXIT_BAD_INPUT = 2

FORMATS = ("text", "csv", "json")


class InputError(Exception):
    """Raise for input the command cannot use; the message is shown as is."""


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


def read_csv_file(path: str) -> pd.DataFrame:
    """Read a UTF-8 (optionally BOM-prefixed) comma-separated file as text columns."""
    file = Path(path)
    if not file.exists():
        raise InputError(f"{path}: no such file")
    if file.is_dir():
        raise InputError(f"{path}: is a directory, not a CSV file")
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 CSV"
        ) from None
    if not text.strip():
        raise InputError(f"{path}: file is empty")
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else "unreadable"
        raise InputError(f"{path}: not a valid comma-separated file ({detail})") from None
    return frame


def _guess_delimiter(columns: list[str]) -> str | None:
    """Say which other delimiter a one-column header seems to use, if any."""
    if len(columns) != 1:
        return None
    header = columns[0]
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
        if delimiter in header:
            return name
    return None


def _require_columns(path: str, frame: pd.DataFrame, wanted: list[str]) -> None:
    columns = [str(c) for c in frame.columns]
    missing = [c for c in wanted if c not in columns]
    if not missing:
        return
    delimiter = _guess_delimiter(columns)
    if delimiter:
        raise InputError(
            f"{path}: the file seems to be separated by {delimiter}, not commas; "
            "save it as comma-separated CSV"
        )
    shown = ", ".join(columns[:12]) + (", ..." if len(columns) > 12 else "")
    names = ", ".join(repr(c) for c in missing)
    raise InputError(f"{path}: no column {names} (columns are: {shown})")


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
        frame = read_csv_file(args.input)
        wanted = [args.text_column, *args.by]
        if args.id_column:
            wanted.append(args.id_column)
        _require_columns(args.input, frame, list(dict.fromkeys(wanted)))
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
