"""`compare`, `status` and `strike-cost` as CSV and XLSX (issue 15, item 5): openpyxl reads each workbook
back and checks cell types, the frozen bold header and widths that show every figure."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from bargaining.cli import app

ROOT = Path(__file__).resolve().parents[2]
LAUSD = str(ROOT / "cases" / "lausd-2019")
runner = CliRunner()


def _book(tmp_path: Path, *args: str) -> openpyxl.Workbook:
    target = tmp_path / "out.xlsx"
    result = runner.invoke(app, [*args, "--format", "xlsx", "--output", str(target)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(target)


def _shown(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
    assert sheet.freeze_panes == "A2" and all(c.font.bold for c in sheet[1] if c.value)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float | int) and not isinstance(cell.value, bool):
                width = sheet.column_dimensions[cell.column_letter].width
                assert width >= len(f"{cell.value:,.0f}") + 1, (cell.coordinate, cell.value, width)


def test_compare_as_xlsx_and_csv(tmp_path: Path) -> None:
    book = _book(tmp_path, "compare", LAUSD, "lausd-2019-01-11", "utla-2018-08")
    sheet = book["Gap"]
    _shown(sheet)
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Fiscal year", "A (lausd-2019-01-11)", "B (utla-2018-08)", "Gap"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[-1][0] == "Total" and all(isinstance(v, int | float) for v in rows[1][1:4])
    # The total row is the sum of the years (B minus A, as the JSON document says).
    assert rows[-1][3] == pytest.approx(sum(r[3] for r in rows[:-1]))
    text = runner.invoke(app, ["compare", LAUSD, "lausd-2019-01-11", "utla-2018-08", "-f", "csv"]).output
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0] == "Fiscal year" and lines[-1][0] == "Total" and "…" not in text


def test_status_as_xlsx_has_real_dates(tmp_path: Path) -> None:
    book = _book(tmp_path, "status", LAUSD, "--as-of", "2019-01-10")
    assert book.sheetnames == ["Where it stands", "Deadlines", "Next moves", "Warnings"]
    deadlines = book["Deadlines"]
    _shown(deadlines)
    days = [r[0] for r in deadlines.iter_rows(min_row=2, values_only=True)]
    assert days and all(isinstance(d, dt.datetime) for d in days)


def test_strike_cost_as_xlsx(tmp_path: Path) -> None:
    book = _book(tmp_path, "strike-cost", LAUSD, "--days", "3")
    sheet = book["Strike days"]
    _shown(sheet)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 and rows[0][0] == 1 and isinstance(rows[0][1], dt.datetime)


def test_xlsx_needs_an_output_file() -> None:
    result = runner.invoke(app, ["compare", LAUSD, "lausd-2019-01-11", "utla-2018-08", "-f", "xlsx"])
    assert result.exit_code == 1 and "--output" in result.output


def test_tables_fold_and_never_cut_a_number_or_an_id() -> None:
    for args in (
        ["strike-cost", LAUSD, "--days", "5"],
        ["compare", LAUSD, "lausd-2019-01-11", "utla-2018-08"],
        ["status", LAUSD, "--as-of", "2019-01-10"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "…" not in result.output, args
