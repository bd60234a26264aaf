"""Write rows as CSV text a chunk at a time, or as an XLSX workbook in openpyxl's write-only mode
(rows go to a temporary file as they come, so neither holds the whole export in memory)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from participation.workspace.exports.cells import safe_row, safe_xlsx_row

# A byte order mark, so Excel reads the file as UTF-8 (answers in Polish, Ukrainian, Arabic, Urdu).
BOM = "\ufeff"


def csv_chunks(header: Sequence[str], batches: Iterable[Iterable[Sequence]]) -> Iterator[str]:
    """Yield CSV text: the header at once, then one chunk per batch of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(safe_row(header))
    yield BOM + take()
    for batch in batches:
        writer.writerows(safe_row(row) for row in batch)
        yield take()


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title and its rows (the first is the header)."""

    title: str
    rows: Iterable[Sequence]


def write_workbook(path: Path, sheets: Iterable[Sheet]) -> None:
    """Write the sheets to an XLSX file, one row at a time."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title[:31])  # Excel's limit on a sheet's name
        for row in sheet.rows:
            worksheet.append(safe_xlsx_row(row))
    # As Workbook.save does, but with the quickest compression: a quarter of the zip's time for a
    # file about half as large again.
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
        ExcelWriter(workbook, archive).save()
