"""Make each exported value safe to open in a spreadsheet, the same way in CSV and XLSX.

A text cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
programs skip before reading one of those) is read as a formula by Excel, LibreOffice and Google
Sheets: an answer such as `=HYPERLINK("http://...")` would run when an inspector opens the file. Such
text gets a leading apostrophe, which every spreadsheet shows as plain text. Numbers and booleans
are left as they are, so they stay numeric.
"""

from __future__ import annotations

import re
from functools import lru_cache

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these, so an XLSX cell cannot either (openpyxl refuses them).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(value: object) -> object:
    """Return a text value that cannot be read as a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@lru_cache(maxsize=4096)  # option keys repeat on every row
def _xlsx_text(value: str) -> str:
    return neutralise(_NOT_IN_XML.sub("", value))  # type: ignore[return-value]


def for_xlsx(value: object) -> object:
    """Return a value fit for an XLSX cell: neutralised, characters XML cannot hold removed."""
    return _xlsx_text(value) if isinstance(value, str) else value


def safe_row(values) -> list:
    """Return a row of values with every text cell neutralised (for CSV)."""
    return [neutralise(value) for value in values]


def safe_xlsx_row(values) -> list:
    """Return a row of values fit for an XLSX sheet."""
    return [for_xlsx(value) for value in values]
