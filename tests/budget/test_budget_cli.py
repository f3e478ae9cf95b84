"""`bargain budget`: the JSON contract, and an XLSX whose formulas give the JSON's numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bargaining.cli import app
from xlsxcheck import evaluate

SMALL = Path(__file__).parent / "cases" / "small"
YEAR_KEYS = {
    "fiscal_year",
    "revenues",
    "expenditures",
    "net",
    "ending_balance",
    "available_reserve",
    "reserve_percent",
    "minimum_percent",
}


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, ["budget", str(SMALL), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_document_has_the_contract_keys_and_hand_worked_numbers() -> None:
    document = json.loads(_run("--proposal", "raise-10", "--format", "json"))
    assert document["case"] == "small-budget"
    assert document["fund"] == "Unrestricted general fund"
    assert document["fiscal_years"] == ["2018-19", "2019-20", "2020-21"]
    status_quo, raised = document["scenarios"]
    assert status_quo["proposal"] is None and raised["proposal"] == "raise-10"
    for scenario in document["scenarios"]:
        for year in scenario["years"]:
            assert set(year) >= YEAR_KEYS
    # Worked in test_projection.py: endings 218,000 / 186,000 / 104,000; breach in 2020-21 at 8.80% < 10%.
    assert [y["ending_balance"] for y in raised["years"]] == pytest.approx([218_000, 186_000, 104_000])
    assert raised["first_breach"] == "2020-21"
    assert status_quo["first_breach"] is None
    assert status_quo["affordable_raise_percent"] == pytest.approx(23_000 / 3_720, abs=1e-4)
    assert [y["minimum_percent"] for y in raised["years"]] == [10.0, 10.0, 10.0]


def test_xlsx_formulas_give_the_json_numbers(tmp_path: Path) -> None:
    out = tmp_path / "budget.xlsx"
    _run("--proposal", "raise-10", "--format", "xlsx", "--output", str(out))
    document = json.loads(_run("--proposal", "raise-10", "--format", "json"))
    book = load_workbook(out)
    assert book.sheetnames == ["Status quo", "raise-10"]
    sheet = book["raise-10"]
    raised = document["scenarios"][1]
    labels = [sheet.cell(row=r, column=1).value for r in range(2, 11)]
    assert labels[0] == "Total revenues" and labels[5] == "Ending balance"
    assert isinstance(sheet["C7"].value, str) and sheet["C7"].value.startswith("=")  # a formula, not a figure
    for j, year in enumerate(raised["years"]):
        column = "BCD"[j]
        for row, key in ((5, "net"), (7, "ending_balance"), (8, "available_reserve"), (9, "reserve_percent")):
            assert evaluate(sheet, f"{column}{row}") == pytest.approx(year[key]), (key, j)


def test_a_case_without_a_budget_says_so() -> None:
    lausd = Path(__file__).resolve().parents[2] / "tests" / "storage" / "fixtures" / "small-case"
    result = CliRunner().invoke(app, ["budget", str(lausd)])
    assert result.exit_code == 1
    assert "no budget section" in result.output
