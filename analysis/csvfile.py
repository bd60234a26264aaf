"""Read answer files for the command line, turning every bad input into one clear message."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd


class InputError(Exception):
    """A problem with the user's file, reported on one line with exit status 2."""


_OTHER_DELIMITERS = ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes"))


def read_answers(path: str, required: list[str]) -> pd.DataFrame:
    """Read a UTF-8 comma-separated file (BOM or not) as text; check ``required`` columns."""
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
            f"{path}: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 CSV"
        ) from None
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    try:
        # dtype=str and no NA parsing, so answers such as "n/a" or "None" stay text; blank
        # lines kept, because in a one-column file a line of spaces is an (empty) answer.
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        lines = str(exc).strip().splitlines()
        detail = lines[-1] if lines else "unreadable"
        raise InputError(f"{path}: not a valid comma-separated file ({detail})") from None
    columns = [str(c) for c in frame.columns]
    missing = [c for c in required if c not in columns]
    if missing:
        if len(columns) == 1:
            for delimiter, name in _OTHER_DELIMITERS:
                if delimiter in columns[0]:
                    raise InputError(
                        f"{path}: separated by {name}, not commas; save it as comma-separated CSV"
                    )
        shown = ", ".join(columns[:10]) + (", ..." if len(columns) > 10 else "")
        raise InputError(
            f"{path}: no column named {', '.join(repr(c) for c in missing)} "
            f"(columns are: {shown})"
        )
    return frame
