"""Files a finance office can open: tidy CSV and an XLSX workbook with real numbers (not text)."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font

from bargaining.costing import COMPONENTS

MONEY_FORMAT = "#,##0;(#,##0)"


def write_costs_csv(document: dict[str, Any], out: IO[str]) -> None:
    """One row per proposal, fiscal year and component: easy to pivot."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["case", "proposal", "party", "fiscal_year", "component", "amount"])
    for proposal in document["proposals"]:
        for year in proposal["years"]:
            for name in COMPONENTS:
                writer.writerow(
                    [
                        document["case"],
                        proposal["id"],
                        proposal["party"],
                        year["fiscal_year"],
                        name,
                        repr(year["components"][name]),
                    ]
                )
            writer.writerow(
                [
                    document["case"],
                    proposal["id"],
                    proposal["party"],
                    year["fiscal_year"],
                    "total",
                    repr(year["total"]),
                ]
            )


def _sheet_name(text: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:28] or "sheet"
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:25]}~{n}", n + 1
    taken.add(name)
    return name


def write_costs_xlsx(documents: Sequence[dict[str, Any]], path: Path) -> None:
    """A summary sheet over every case and proposal, then one sheet per case by component.

    Written to a temporary file and renamed, so a failed write never leaves half a workbook.
    """
    book = Workbook()
    bold = Font(bold=True)
    summary = book.active
    summary.title = "Summary"
    taken = {"Summary"}
    summary.append(
        ["case", "proposal", "party", "date", "fiscal year", "total", "ongoing", "one-time", "back pay"]
    )
    for cell in summary[1]:
        cell.font = bold
    for document in documents:
        for proposal in document["proposals"]:
            for year in proposal["years"]:
                summary.append(
                    [
                        document["case"],
                        proposal["id"],
                        proposal["party"],
                        proposal["date"],
                        year["fiscal_year"],
                        year["total"],
                        None,
                        None,
                        None,
                    ]
                )
            summary.append(
                [
                    document["case"],
                    proposal["id"],
                    proposal["party"],
                    proposal["date"],
                    "all years",
                    proposal["total"],
                    proposal["ongoing"],
                    proposal["one_time"],
                    proposal["back_pay"],
                ]
            )
            for cell in summary[summary.max_row]:
                cell.font = bold
        sheet = book.create_sheet(_sheet_name(document["case"], taken))
        years = document["fiscal_years"]
        for proposal in document["proposals"]:
            sheet.append([f"{proposal['id']} ({proposal['party']}, {proposal['date']})"])
            sheet[sheet.max_row][0].font = bold
            sheet.append(["component", *years, "total"])
            for name in (*COMPONENTS, "total"):
                values = [y["components"][name] if name != "total" else y["total"] for y in proposal["years"]]
                sheet.append([name, *values, sum(values)])
            disclosure = proposal.get("disclosure")
            if disclosure:
                sheet.append([])
                sheet.append(
                    ["disclosure", *("cost before" if c == "prior" else c for c in disclosure["columns"])]
                )
                for row, values in disclosure["rows"].items():
                    sheet.append([row.replace("_", " "), *values])
            sheet.append([])
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = MONEY_FORMAT
        sheet.column_dimensions["A"].width = 28
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    book.save(partial)
    partial.replace(path)
