"""The public disclosure (Gov. Code 3547.5) as a JSON document, tables and a county-style XLSX workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from rich.table import Table

from bargaining.budget import PublicDisclosure, Scenario
from bargaining.report.budget import YEAR_KEYS, write_projection_rows
from bargaining.report.costs import money
from bargaining.report.sheets import MONEY_FORMAT
from bargaining.report.words import DISCLOSURE_WORDS

# Rows the form derives from the rows above it (a formula in the workbook).
_COMPENSATION = (
    "salary_schedule_increase",
    "step_and_column",
    "other_compensation",
    "statutory_benefits",
    "health_and_welfare",
)
CERTIFICATION = (
    "The superintendent and the chief business official certify that the district can meet the costs of "
    "this agreement during its term, and list below the budget revisions needed in each year "
    "(Gov. Code 3547.5(b)).",
    "Superintendent: ______________________  Date: __________",
    "Chief business official: ______________________  Date: __________",
)


def _scenario(scenario: Scenario | None) -> list[dict[str, Any]] | None:
    if scenario is None:
        return None
    return [
        {"fiscal_year": y.fiscal_year, **{key: getattr(y, key) for key in YEAR_KEYS}} for y in scenario.years
    ]


def disclosure_document(d: PublicDisclosure) -> dict[str, Any]:
    """``bargain disclose --format json``: dollars unrounded, percents as percents."""
    proposal = d.proposal
    return {
        "case": d.case.id,
        "proposal": proposal.id,
        "date": proposal.date.isoformat(),
        "title": proposal.title,
        "columns": ["prior", *d.fiscal_years],
        "rows": {name: list(values) for name, values in d.rows.items()},
        "back_pay_paid": dict(zip(d.fiscal_years, d.back_pay_paid, strict=True)),
        "represented_fte": d.represented_fte,
        "average_cost_per_employee": list(d.average_cost_per_employee),
        "percent_change": list(d.percent_change),
        "terms": [term.model_dump(mode="json", exclude_none=True) for term in proposal.terms],
        "budget": None
        if d.status_quo is None
        else {
            "fund": d.case.budget.fund if d.case.budget else None,
            "without_agreement": _scenario(d.status_quo),
            "with_agreement": _scenario(d.with_agreement),
            "first_breach": d.with_agreement.first_breach if d.with_agreement else None,
        },
        "certification": list(CERTIFICATION),
    }


def disclosure_tables(document: dict[str, Any]) -> list[Table]:
    """Section A, then the multiyear projection with the agreement when the case has a budget."""
    years = document["columns"][1:]
    section_a = Table(
        title=f"Public disclosure, section A: {document['proposal']} ({document['date']})",
        title_justify="left",
        caption="Back pay is counted in the year it is paid.",
        caption_justify="left",
    )
    section_a.add_column("")
    section_a.add_column("Cost before the agreement", justify="right")
    for fy in years:
        section_a.add_column(f"Increase {fy}", justify="right")
    for name, values in document["rows"].items():
        section_a.add_row(DISCLOSURE_WORDS[name], *(money(v) for v in values))
    section_a.add_row("of which back pay", "", *(money(document["back_pay_paid"][fy]) for fy in years))
    section_a.add_row("Represented FTE", f"{document['represented_fte']:,.1f}", *("" for _ in years))
    section_a.add_row(
        "Average cost per employee", "", *(money(v) for v in document["average_cost_per_employee"])
    )
    section_a.add_row("Change in total compensation", "", *(f"{v:.2f}%" for v in document["percent_change"]))
    tables = [section_a]
    budget = document["budget"]
    if budget is not None:
        for key, title in (("without_agreement", "without"), ("with_agreement", "with")):
            table = Table(title=f"{budget['fund']}: projection {title} the agreement", title_justify="left")
            table.add_column("")
            for year in budget[key]:
                table.add_column(year["fiscal_year"], justify="right")
            for row in ("revenues", "expenditures", "ending_balance", "available_reserve", "reserve_percent"):
                cells = [f"{y[row]:.2f}%" if row.endswith("percent") else money(y[row]) for y in budget[key]]
                table.add_row(row.replace("_", " ").capitalize(), *cells)
            tables.append(table)
    return tables


def write_disclosure_xlsx(document: dict[str, Any], path: Path) -> None:
    """Laid out like the county workbooks: section A (totals as formulas), projections, certification."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Section A"
    bold = Font(bold=True)
    years = document["columns"][1:]
    sheet.append([f"Public disclosure of proposed agreement: {document['proposal']} ({document['date']})"])
    sheet["A1"].font = bold
    sheet.append(["", "Cost before the agreement", *(f"Increase {fy}" for fy in years)])
    for cell in sheet[2]:
        cell.font = bold
    first_row = 3
    row_of = {name: first_row + i for i, name in enumerate(document["rows"])}
    columns = [get_column_letter(2 + j) for j in range(len(years) + 1)]
    for name, values in document["rows"].items():
        r = row_of[name]
        sheet.cell(row=r, column=1, value=DISCLOSURE_WORDS[name])
        for j, value in enumerate(values):
            col = columns[j]
            if name == "total_compensation":
                cell_value: Any = "=" + "+".join(f"{col}{row_of[part]}" for part in _COMPENSATION)
            elif name == "total_cost":
                cell_value = f"={col}{row_of['total_compensation']}+{col}{row_of['added_positions']}"
            else:
                cell_value = value
            cell = sheet[f"{col}{r}"]
            cell.value = cell_value
            cell.number_format = MONEY_FORMAT
    r = first_row + len(document["rows"])
    sheet.cell(row=r, column=1, value="Represented FTE")
    sheet.cell(row=r, column=2, value=document["represented_fte"]).number_format = "#,##0.0"
    fte = f"$B${r}"
    sheet.cell(row=r + 1, column=1, value="Average cost per employee")
    sheet.cell(row=r + 2, column=1, value="Change in total compensation (%)")
    total = row_of["total_compensation"]
    for j in range(1, len(years) + 1):
        col = columns[j]
        sheet[f"{col}{r + 1}"] = f"={col}{total}/{fte}"
        sheet[f"{col}{r + 1}"].number_format = MONEY_FORMAT
        sheet[f"{col}{r + 2}"] = f"=100*{col}{total}/$B${total}"
        sheet[f"{col}{r + 2}"].number_format = "0.00"
    sheet.cell(row=r + 3, column=1, value="Back pay in these figures, by the year paid")
    for j, fy in enumerate(years, start=1):
        sheet[f"{columns[j]}{r + 3}"] = document["back_pay_paid"][fy]
        sheet[f"{columns[j]}{r + 3}"].number_format = MONEY_FORMAT
    sheet.column_dimensions["A"].width = 48
    for col in columns:
        sheet.column_dimensions[col].width = 26
    sheet.freeze_panes = "B3"
    budget = document["budget"]
    if budget is not None:
        for key, title in (
            ("without_agreement", "Projection without"),
            ("with_agreement", "Projection with"),
        ):
            write_projection_rows(book.create_sheet(title), f"{budget['fund']}: {title.lower()}", budget[key])
    cert = book.create_sheet("Certification")
    for line in document["certification"]:
        cert.append([line])
    cert.column_dimensions["A"].width = 110
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    book.save(partial)
    partial.replace(path)
