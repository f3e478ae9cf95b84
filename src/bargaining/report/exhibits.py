"""The fact-finder's exhibits as a JSON document, tables and a workbook (real pay as CPI formulas)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from rich.table import Table

from bargaining.budget import BenchmarkRow, RealPay, Standing
from bargaining.model import Case, parse_fiscal_year
from bargaining.report.costs import money
from bargaining.report.sheets import MONEY_FORMAT


def _standing(s: Standing) -> dict[str, Any]:
    return {"value": s.value, "rank": s.rank, "percentile": s.percentile}


def exhibits_document(
    case: Case, rows: tuple[BenchmarkRow, ...], real: tuple[RealPay, ...]
) -> dict[str, Any]:
    """``bargain exhibits --format json``: dollars unrounded, percentiles as percents."""
    index = case.price_index
    labels = sorted({fy for r in real for fy, _, _ in r.years})
    return {
        "case": case.id,
        "unit": case.employer.short,
        "price_index": None
        if index is None
        else {
            "name": index.name,
            "source": index.source,
            "by_fiscal_year": {fy: index.fiscal_year(parse_fiscal_year(fy)) for fy in labels},
        },
        "benchmarks": [
            {
                "benchmark": r.benchmark,
                "fiscal_year": r.fiscal_year,
                "peers": [{"district": p.district, "value": p.value, "source": p.source} for p in r.peers],
                "before": _standing(r.before),
                "after": {pid: _standing(s) for pid, s in r.after},
            }
            for r in rows
        ],
        "real_pay": [
            {
                "benchmark": r.benchmark,
                "proposal": r.proposal,
                "base_year": r.base_year,
                "years": [{"fiscal_year": fy, "nominal": n, "real": x} for fy, n, x in r.years],
            }
            for r in real
        ],
    }


def _place(s: dict[str, Any], of: int) -> str:
    return f"{money(s['value'])} (rank {s['rank']} of {of})"


def exhibits_tables(document: dict[str, Any]) -> list[Table]:
    tables = []
    for row in document["benchmarks"]:
        of = len(row["peers"]) + 1
        table = Table(title=f"{row['benchmark']}, {row['fiscal_year']}", title_justify="left")
        table.add_column("District")
        table.add_column("Pay", justify="right")
        for peer in sorted(row["peers"], key=lambda p: -p["value"]):
            table.add_row(peer["district"], money(peer["value"]))
        table.add_row(f"{document['unit']} today", _place(row["before"], of), style="bold")
        for pid, after in row["after"].items():
            table.add_row(f"{document['unit']} under {pid}", _place(after, of))
        tables.append(table)
    if document["real_pay"]:
        years = sorted({y["fiscal_year"] for r in document["real_pay"] for y in r["years"]})
        table = Table(
            title=f"{document['unit']} pay after the cost of living",
            title_justify="left",
            caption=f"In dollars of each benchmark's base year; {document['price_index']['name']}.",
            caption_justify="left",
        )
        table.add_column("Benchmark")
        table.add_column("Under")
        for fy in years:
            table.add_column(fy, justify="right")
        for r in document["real_pay"]:
            cells = {y["fiscal_year"]: y for y in r["years"]}
            table.add_row(
                r["benchmark"],
                "today's schedule" if r["proposal"] is None else r["proposal"],
                *(
                    money(cells[fy]["real"]) if fy in cells and cells[fy]["real"] is not None else ""
                    for fy in years
                ),
            )
        tables.append(table)
    return tables


def write_exhibits_xlsx(document: dict[str, Any], path: Path) -> None:
    """Comparables (peers and the unit, ranked) and Real pay (nominal figures; real = nominal x CPI ratio)."""
    book = Workbook()
    bold = Font(bold=True)
    sheet = book.active
    sheet.title = "Comparables"
    sheet.append(["Benchmark", "Fiscal year", "District", "Pay", "Rank", "Source"])
    for cell in sheet[1]:
        cell.font = bold
    for row in document["benchmarks"]:
        for peer in row["peers"]:
            sheet.append(
                [row["benchmark"], row["fiscal_year"], peer["district"], peer["value"], None, peer["source"]]
            )
        sheet.append(
            [
                row["benchmark"],
                row["fiscal_year"],
                f"{document['unit']} today",
                row["before"]["value"],
                row["before"]["rank"],
            ]
        )
        for pid, after in row["after"].items():
            sheet.append(
                [
                    row["benchmark"],
                    row["fiscal_year"],
                    f"{document['unit']} under {pid}",
                    after["value"],
                    after["rank"],
                ]
            )
    real = book.create_sheet("Real pay")
    index = document["price_index"]
    years = sorted(index["by_fiscal_year"]) if index else []
    real.append(["", "Under", *years])
    real.append(
        [index["name"] if index else "No price index", "", *(index["by_fiscal_year"][fy] for fy in years)]
    )
    for cell in real[1]:
        cell.font = bold
    for r in document["real_pay"]:
        cells = {y["fiscal_year"]: y for y in r["years"]}
        nominal_row = real.max_row + 1
        real.append(
            [
                f"{r['benchmark']} (nominal)",
                r["proposal"] or "today's schedule",
                *(cells.get(fy, {}).get("nominal") for fy in years),
            ]
        )
        base = get_column_letter(3 + years.index(r["base_year"])) if r["base_year"] in years else None
        formulas = []
        for j, fy in enumerate(years):
            col = get_column_letter(3 + j)
            ok = base is not None and fy in cells and cells[fy]["real"] is not None
            formulas.append(f"={col}{nominal_row}*${base}$2/{col}$2" if ok else None)
        real.append(
            [
                f"{r['benchmark']} (in {r['base_year']} dollars)",
                r["proposal"] or "today's schedule",
                *formulas,
            ]
        )
    for ws in (sheet, real):
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, float) or (
                    isinstance(cell.value, str) and cell.value.startswith("=")
                ):
                    cell.number_format = MONEY_FORMAT
        ws.column_dimensions["A"].width = 44
        for col in "BCDEFGHIJ":
            ws.column_dimensions[col].width = 22
        ws.freeze_panes = "A2"
    for cell in real[2][2:]:
        cell.number_format = "0.000"  # the index itself, not dollars
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    book.save(partial)
    partial.replace(path)
