"""The multiyear projection as a JSON document, a table, CSV rows and an XLSX sheet with formulas."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from rich.table import Table

from bargaining.budget import Scenario
from bargaining.model import Budget, Case
from bargaining.report.costs import money
from bargaining.report.sheets import MONEY_FORMAT

YEAR_KEYS = (
    "revenues",
    "expenditures",
    "added_cost",
    "net",
    "beginning_balance",
    "ending_balance",
    "available_reserve",
    "reserve_percent",
    "minimum_percent",
)
# What a finance officer calls each row.
ROW_NAMES = {
    "revenues": "Total revenues",
    "expenditures": "Total expenditures (outgo)",
    "added_cost": "of which: this proposal, as paid",
    "net": "Surplus (deficit)",
    "beginning_balance": "Beginning balance",
    "ending_balance": "Ending balance",
    "available_reserve": "Available reserve",
    "reserve_percent": "Available reserve, % of outgo",
    "minimum_percent": "Minimum reserve, % of outgo",
}


def budget_document(case: Case, budget: Budget, scenarios: Sequence[Scenario]) -> dict[str, Any]:
    """The ``bargain budget --format json`` document: dollars unrounded, percents as percents."""
    return {
        "case": case.id,
        "fund": budget.fund,
        "fiscal_years": list(budget.years),
        "minimum_basis": {fy: budget.minimum_in(fy).basis for fy in budget.years},
        "scenarios": [
            {
                "proposal": s.proposal,
                "years": [
                    {"fiscal_year": y.fiscal_year, **{key: getattr(y, key) for key in YEAR_KEYS}}
                    for y in s.years
                ],
                "first_breach": s.first_breach,
                "affordable_raise_percent": s.affordable_raise_percent,
            }
            for s in scenarios
        ],
    }


def _percent(value: float) -> str:
    return f"{value:.2f}%"


def _cell(key: str, value: float) -> str:
    return _percent(value) if key.endswith("percent") else money(value)


def budget_tables(document: dict[str, Any]) -> list[Table]:
    """One table per scenario, fiscal years across, as a multiyear projection is printed."""
    tables = []
    for scenario in document["scenarios"]:
        name = "Status quo" if scenario["proposal"] is None else f"Proposal {scenario['proposal']}"
        breach = scenario["first_breach"]
        raise_ = scenario["affordable_raise_percent"]
        caption = (
            "Reserve stays at or above the minimum in every year."
            if breach is None
            else f"Reserve falls below the minimum in {breach}."
        )
        caption += (
            " No raise keeps the minimum."
            if raise_ is None
            else f" Largest affordable on-schedule raise: {raise_:.2f}%."
        )
        table = Table(
            title=f"{document['fund']}: {name}", title_justify="left", caption=caption, caption_justify="left"
        )
        table.add_column("")
        for fy in document["fiscal_years"]:
            table.add_column(fy, justify="right")
        for key in YEAR_KEYS:
            if key == "added_cost" and scenario["proposal"] is None:
                continue
            table.add_row(ROW_NAMES[key], *(_cell(key, y[key]) for y in scenario["years"]))
        tables.append(table)
    return tables


def write_budget_csv(document: dict[str, Any], out: IO[str]) -> None:
    """One row per scenario, fiscal year and line: easy to pivot."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["case", "proposal", "fiscal_year", "line", "value"])
    for scenario in document["scenarios"]:
        for year in scenario["years"]:
            for key in YEAR_KEYS:
                writer.writerow(
                    [document["case"], scenario["proposal"] or "", year["fiscal_year"], key, repr(year[key])]
                )


def _at(key: str, year_index: int) -> str:
    """The cell of a projection row (rows in YEAR_KEYS order from row 2) in a year's column (from B)."""
    return f"{get_column_letter(year_index + 2)}{YEAR_KEYS.index(key) + 2}"


def _year_cells(year: dict[str, Any], j: int) -> dict[str, Any]:
    """One year's column: figures where they are inputs, formulas where the projection derives them."""
    # Designated (committed, assigned) dollars: what the ending balance holds beyond the available reserve.
    designated = year["ending_balance"] - year["available_reserve"]
    beginning = year["beginning_balance"] if j == 0 else f"={_at('ending_balance', j - 1)}"
    return {
        "revenues": year["revenues"],
        "expenditures": year["expenditures"],
        "added_cost": year["added_cost"],
        "net": f"={_at('revenues', j)}-{_at('expenditures', j)}",
        "beginning_balance": beginning,
        "ending_balance": f"={_at('beginning_balance', j)}+{_at('net', j)}",
        "available_reserve": f"={_at('ending_balance', j)}-{designated!r}",
        "reserve_percent": f"=100*{_at('available_reserve', j)}/{_at('expenditures', j)}",
        "minimum_percent": year["minimum_percent"],
    }


def write_projection_rows(sheet: Any, title: str, years: list[dict[str, Any]]) -> None:
    """A projection laid out on ``sheet``: fiscal years across, inputs as figures, the rest as formulas."""
    sheet.append([title, *(year["fiscal_year"] for year in years)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for key in YEAR_KEYS:
        sheet.append([ROW_NAMES[key]])
    for j, year in enumerate(years):
        for key, value in _year_cells(year, j).items():
            cell = sheet[_at(key, j)]
            cell.value = value
            cell.number_format = "0.00" if key.endswith("percent") else MONEY_FORMAT
    sheet.column_dimensions["A"].width = 34
    for j in range(len(years)):
        sheet.column_dimensions[get_column_letter(j + 2)].width = 18
    sheet.freeze_panes = "B2"


def write_budget_xlsx(document: dict[str, Any], path: Path) -> None:
    """One sheet per scenario; net, balances and the reserve are formulas over the revenue and outgo rows."""
    book = Workbook()
    book.remove(book.active)
    for scenario in document["scenarios"]:
        title = "Status quo" if scenario["proposal"] is None else str(scenario["proposal"])[:31]
        write_projection_rows(book.create_sheet(title), f"{document['fund']}: {title}", scenario["years"])
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    book.save(partial)
    partial.replace(path)
