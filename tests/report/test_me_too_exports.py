"""CSV and XLSX exports of a costing carry what parity clauses pass on, apart, and the district-wide total.

The case is tests/unitscase.py, worked in tests/costing/test_units.py: teachers-ta costs ETA 2,750 in 2017-18
and 73,300 in 2018-19; the clause passes on to ECSEA salary 750 / 1,500, one-time pay 750 / 0 and roll-up
300 / 300: 1,800 a year, 3,600 in all. District-wide with teachers-ta alone: 4,550 and 75,100, 79,650.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bargaining.cli import app
from unitscase import CASE, write
from xlsxcheck import evaluate


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write(tmp_path, CASE)


def test_csv_rows_of_what_parity_passes_on_and_the_district_total(folder: Path) -> None:
    result = CliRunner().invoke(
        app, ["cost", str(folder), "-p", "teachers-ta", "--district-wide", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))

    def amount(part: str, unit: str, component: str, year: str) -> float:
        (found,) = [
            r
            for r in rows
            if (r["part"], r["unit"], r["component"], r["fiscal_year"]) == (part, unit, component, year)
        ]
        return float(found["amount"])

    assert amount("own", "ETA", "total", "2017-18") == pytest.approx(2750)
    assert amount("own", "ETA", "total", "2018-19") == pytest.approx(73300)
    assert amount("me_too", "ECSEA", "salary", "2018-19") == pytest.approx(1500)
    assert amount("me_too", "ECSEA", "one_time", "2017-18") == pytest.approx(750)
    assert amount("me_too", "ECSEA", "total", "2017-18") == pytest.approx(1800)
    assert amount("district_total", "", "total", "2017-18") == pytest.approx(4550)
    assert amount("district_total", "", "total", "2018-19") == pytest.approx(75100)
    # The pass-on rows name the proposal that passes them on.
    assert {r["proposal"] for r in rows if r["part"] == "me_too"} == {"teachers-ta"}


def test_the_workbook_shows_the_pass_on_apart_and_the_district_total(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "costs.xlsx"
    result = CliRunner().invoke(
        app,
        ["cost", str(folder), "-p", "teachers-ta", "--district-wide", "--format", "xlsx", "-o", str(path)],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    summary = book["Summary"]
    header = [c.value for c in summary[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=False)) for row in summary.iter_rows(min_row=2)]
    passed = [r for r in rows if r["Unit"] == "ECSEA"]
    # Two fiscal years and an all-years row, the total of which sums the two (1,800 + 1,800).
    assert [r["Fiscal year"] for r in passed] == ["2017-18", "2018-19", "All years"]
    assert passed[0]["Cost of"] == "Passed on to Example Classified Employees by the parity clause"
    assert passed[0]["Total"] == pytest.approx(1800)
    row = next(i for i, r in enumerate(rows, start=2) if r is passed[2])
    assert evaluate(summary, f"F{row}") == pytest.approx(3600)
    own = [r for r in rows if r["Unit"] == "ETA"]
    assert own[0]["Cost of"] == "teachers-ta" and own[0]["Total"] == pytest.approx(2750)
    # The case sheet: the pass-on under its own heading, its total row a SUM down (1,800 + 1,800 across),
    # and the district-wide settlement with its total.
    sheet = book["two-units"]
    labels = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    heading = labels[
        "Passed on to Example Classified Employees by the parity clause"
        " (raise on the salary schedule, one-time payment, as ETA wins)"
    ]
    total = next(r for r in range(heading, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "Total")
    assert evaluate(sheet, f"B{total}") == pytest.approx(1800)
    assert evaluate(sheet, f"D{total}") == pytest.approx(3600)
    district = labels["District total"]
    assert evaluate(sheet, f"B{district}") == pytest.approx(4550)
    assert evaluate(sheet, f"C{district}") == pytest.approx(75100)
    assert evaluate(sheet, f"D{district}") == pytest.approx(79650)
