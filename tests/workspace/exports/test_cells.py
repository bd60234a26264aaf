"""Any text at all, written to CSV or XLSX, never reaches a spreadsheet as a formula; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from participation.workspace.exports.cells import FORMULA_STARTS, neutralise
from participation.workspace.exports.writers import Sheet, csv_chunks, write_workbook

HOSTILE = st.one_of(
    st.text(max_size=40),
    st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), st.text(max_size=40)),
    st.sampled_from(['=HYPERLINK("http://example.org","x")', "=cmd|' /C calc'!A0", "@SUM(1)", "-1", "+1"]),
)
# Counts and percentages: spreadsheets keep 15 to 17 significant digits, so no float near the limit.
NUMBERS = st.one_of(st.integers(-10**6, 10**6), st.floats(-1e12, 1e12, allow_nan=False))
CELLS = st.lists(st.one_of(HOSTILE, NUMBERS, st.none()), min_size=1, max_size=6)


@given(st.lists(CELLS, min_size=1, max_size=5))
def test_csv_cells_never_start_a_formula_and_numbers_are_written_as_numbers(rows):
    text = "".join(csv_chunks(["a"], [rows])).removeprefix("\ufeff")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert len(parsed) == len(rows) + 1
    for written, row in zip(parsed[1:], rows, strict=True):
        for cell, value in zip(written, row, strict=False):
            assert not cell.startswith(FORMULA_STARTS) or isinstance(value, int | float)
            if isinstance(value, str):
                assert cell == neutralise(value)
            elif isinstance(value, int | float):
                assert float(cell) == value


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CELLS, min_size=1, max_size=5))
def test_xlsx_cells_are_never_formulas_and_numbers_stay_numeric(tmp_path, rows):
    path = tmp_path / "hostile.xlsx"
    write_workbook(path, [Sheet("data", rows)])
    sheet = load_workbook(path)["data"]
    for written, row in zip(sheet.iter_rows(), rows, strict=False):
        for cell, value in zip(written, row, strict=False):
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_STARTS)
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert cell.data_type == "n" and cell.value == pytest.approx(value, rel=1e-14)
