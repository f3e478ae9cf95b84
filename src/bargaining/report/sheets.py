"""Files a finance office can open: tidy CSV and an XLSX workbook with real numbers (not text)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bargaining.costing import COMPONENTS
from bargaining.report.words import COMPONENT_WORDS, DISCLOSURE_WORDS, district_heading, passed_on_title

MONEY_FORMAT = "#,##0;(#,##0)"
DATE_FORMAT = "d mmm yyyy"


def write_costs_csv(document: dict[str, Any], out: IO[str]) -> None:
    """One row per proposal, fiscal year and component: easy to pivot. ``part`` tells a proposal's own
    cost (``own``, on its ``unit``) from what a parity clause passes on of it to another unit (``me_too``,
    that unit's) and, with ``--district-wide``, the district's total by year (``district_total``)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["case", "proposal", "party", "fiscal_year", "component", "amount", "unit", "part"])
    case = document["case"]
    for proposal in document["proposals"]:
        parts = [(proposal["unit"], "own", proposal["years"])]
        parts += [(passed["unit"], "me_too", passed["years"]) for passed in proposal.get("me_too", [])]
        for unit, part, years in parts:
            for year in years:
                amounts = [
                    *((name, year["components"][name]) for name in COMPONENTS),
                    ("total", year["total"]),
                ]
                for name, amount in amounts:
                    writer.writerow(
                        [
                            case,
                            proposal["id"],
                            proposal["party"],
                            year["fiscal_year"],
                            name,
                            repr(amount),
                            unit,
                            part,
                        ]
                    )
    district = document.get("district_total")
    for year in district["years"] if district else ():
        writer.writerow(
            [case, "", "", year["fiscal_year"], "total", repr(year["total"]), "", "district_total"]
        )


def _sheet_name(text: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:28] or "sheet"
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:25]}~{n}", n + 1
    taken.add(name)
    return name


def _header(sheet: Any, values: Sequence[Any]) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _summary(book: Workbook, documents: Sequence[dict[str, Any]]) -> None:
    """Every case and proposal: a row a fiscal year, then an all-years row whose total is a SUM."""
    sheet = book.active
    sheet.title = "Summary"
    _header(
        sheet,
        # A fiscal year's row splits its total into what recurs and what is one-time, with the back pay
        # earned in it; the all-years row gives the ongoing cost of the last year and the sums.
        [
            "Case",
            "Proposal",
            "Party",
            "Date",
            "Fiscal year",
            "Total",
            "Ongoing",
            "One-time",
            "Back pay earned",
            "Unit",
            "Cost of",
        ],
    )
    for document in documents:
        for proposal in document["proposals"]:
            own = (proposal["unit"], proposal["id"], proposal)
            passed = [(p["unit"], p["heading"], p) for p in proposal.get("me_too", [])]
            for unit, what, part in [own, *passed]:
                head = [
                    document["case"],
                    proposal["id"],
                    proposal["party"],
                    dt.date.fromisoformat(proposal["date"]),
                ]
                _summary_rows(sheet, head, part, [unit, what])
        district = document.get("district_total")
        if district:
            _summary_rows(
                sheet, [document["case"], None, None, None], district, ["all units", district_heading()]
            )
    sheet.freeze_panes = "A2"


def _summary_rows(sheet: Any, head: list[Any], part: dict[str, Any], tail: list[Any]) -> None:
    """A row a fiscal year, then an all-years row whose total is a SUM (bold)."""
    first = sheet.max_row + 1
    for year in part["years"]:
        split = [year.get("recurring"), year.get("one_time"), year.get("back_pay_earned")]
        sheet.append([*head, year["fiscal_year"], year["total"], *split, *tail])
    last = sheet.max_row
    split = [part.get("ongoing"), part.get("one_time"), part.get("back_pay")]
    sheet.append([*head, "All years", f"=SUM(F{first}:F{last})", *split, *tail])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _case_sheet(sheet: Any, document: dict[str, Any]) -> None:
    """Per proposal: components by fiscal year, totals across and down as formulas, then the disclosure."""
    years = document["fiscal_years"]
    for proposal in document["proposals"]:
        _components(
            sheet, f"{proposal['id']} ({proposal['party']}, {proposal['date']})", years, proposal["years"]
        )
        for passed in proposal.get("me_too", []):  # apart, under its own heading
            sheet.append([])
            title = passed_on_title(passed["title"], passed["terms"], passed["follows"])
            _components(sheet, title, years, passed["years"])
        disclosure = proposal.get("disclosure")
        if disclosure:
            sheet.append([])
            _header(
                sheet,
                ["Disclosure", *("Cost before" if c == "prior" else c for c in disclosure["columns"])],
            )
            for name, values in disclosure["rows"].items():
                sheet.append([DISCLOSURE_WORDS.get(name, name), *values])
        sheet.append([])
    if document.get("district_total"):
        _district(sheet, document["district_total"], years)


def _components(sheet: Any, title: str, years: Sequence[str], by_year: Sequence[dict[str, Any]]) -> None:
    """A cost's components by fiscal year under ``title``, totals across and down as formulas."""
    last_col = get_column_letter(len(years) + 1)
    sheet.append([title])
    sheet[sheet.max_row][0].font = Font(bold=True)
    _header(sheet, ["Component", *years, "Total"])
    first = sheet.max_row + 1
    for name in COMPONENTS:
        row = sheet.max_row + 1
        values = [y["components"][name] for y in by_year]
        sheet.append([COMPONENT_WORDS[name], *values, f"=SUM(B{row}:{last_col}{row})"])
    _total_row(sheet, "Total", first, len(years))


def _total_row(sheet: Any, label: str, first: int, n_years: int) -> None:
    """A bold row summing the rows from ``first`` down, year by year, and across."""
    last, row = sheet.max_row, sheet.max_row + 1
    columns = [get_column_letter(j + 2) for j in range(n_years)]
    sums = [f"=SUM({c}{first}:{c}{last})" for c in columns]
    sheet.append([label, *sums, f"=SUM(B{row}:{columns[-1]}{row})"])
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _district(sheet: Any, district: dict[str, Any], years: Sequence[str]) -> None:
    """The district-wide settlement: each unit's part by fiscal year and the district total."""
    last_col = get_column_letter(len(years) + 1)
    sheet.append([district_heading()])
    sheet[sheet.max_row][0].font = Font(bold=True)
    _header(sheet, ["Unit", *years, "Total"])
    first = sheet.max_row + 1
    for part in district["parts"]:
        row = sheet.max_row + 1
        what = (
            part["proposal"]
            if part["source"] == "own"
            else f"passed on by the parity clause ({part['proposal']})"
        )
        values = [y["total"] for y in part["years"]]
        sheet.append([f"{part['title']}: {what}", *values, f"=SUM(B{row}:{last_col}{row})"])
    _total_row(sheet, "District total", first, len(years))


def _assumptions(sheet: Any, documents: Sequence[dict[str, Any]]) -> None:
    """Every unit value and rate the costing used, and the case's sources."""
    _header(sheet, ["Case", "Assumption", "Value", "From", "Source"])
    for document in documents:
        for item in document.get("assumptions", []):
            when = dt.date.fromisoformat(item["from"]) if item.get("from") else None
            sheet.append([document["case"], item["name"], item["value"], when, item.get("source")])
            if "share of" in item["name"]:
                sheet.cell(row=sheet.max_row, column=3).number_format = "0.00%"
            elif isinstance(item["value"], float) and not item["value"].is_integer():
                sheet.cell(row=sheet.max_row, column=3).number_format = "#,##0.0"
    sheet.append([])
    _header(sheet, ["Case", "Source", "Address", "Date", "Note"])
    for document in documents:
        for source in document.get("sources", []):
            day = dt.date.fromisoformat(source["date"]) if source.get("date") else None
            sheet.append([document["case"], source["title"], source.get("url"), day, source.get("note")])
    sheet.freeze_panes = "A2"


def _warnings(sheet: Any, documents: Sequence[dict[str, Any]]) -> None:
    _header(sheet, ["Case", "Proposal", "Term", "What to know"])
    for document in documents:
        for proposal in document["proposals"]:
            for warning in proposal["warnings"]:
                term = None if warning["term"] is None else warning["term"] + 1  # terms counted from 1
                sheet.append([document["case"], proposal["id"], term, warning["message"]])
    sheet.freeze_panes = "A2"


def _comparisons(sheet: Any, gaps: Sequence[dict[str, Any]]) -> None:
    """Each gap (B minus A) by fiscal year: both totals as figures, the gap as a formula."""
    for gap in gaps:
        sheet.append([f"{gap['case']}: {gap['b']} minus {gap['a']}"])
        sheet[sheet.max_row][0].font = Font(bold=True)
        _header(sheet, ["Fiscal year", gap["a"], gap["b"], "Gap"])
        for year in gap["years"]:
            row = sheet.max_row + 1
            sheet.append([year["fiscal_year"], year["a"], year["b"], f"=C{row}-B{row}"])
        sheet.append([])


def _finish(sheet: Any) -> None:
    """Number and date formats, and columns wide enough for every figure and label they hold."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            unset = cell.number_format == "General"
            if isinstance(value, float | int) and not isinstance(value, bool):
                cell.number_format = MONEY_FORMAT if unset else cell.number_format
                shown = len(f"{value:,.0f}") + 2
            elif isinstance(value, str) and value.startswith("="):
                cell.number_format = MONEY_FORMAT if unset else cell.number_format
                shown = 16
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
                shown = 11
            else:
                shown = len(str(value)) if value is not None else 0
            widths[cell.column] = max(widths.get(cell.column, 8), min(shown + 1, 80))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


finish_sheet = _finish  # the one home of number formats and widths, shared with report.rowsheets


def write_costs_xlsx(
    documents: Sequence[dict[str, Any]], path: Path, comparisons: Sequence[dict[str, Any]] = ()
) -> None:
    """A summary over every case and proposal, a sheet per case by component (totals as formulas), the
    comparisons asked for, the assumptions with their sources, and the warnings.

    Written to a temporary file and renamed, so a failed write never leaves half a workbook.
    """
    book = Workbook()
    _summary(book, documents)
    taken = {"Summary", "Comparison", "Assumptions", "Warnings"}
    for document in documents:
        _case_sheet(book.create_sheet(_sheet_name(document["case"], taken)), document)
    if comparisons:
        _comparisons(book.create_sheet("Comparison"), comparisons)
    _assumptions(book.create_sheet("Assumptions"), documents)
    _warnings(book.create_sheet("Warnings"), documents)
    for sheet in book.worksheets:
        _finish(sheet)
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    book.save(partial)
    partial.replace(path)
