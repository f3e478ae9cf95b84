"""What parity clauses pass on, and a district-wide settlement across units, as tables and documents."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from bargaining.costing import DistrictTotal, ProposalCost
from bargaining.report.costs import cost_table, money
from bargaining.report.words import district_heading, passed_on_title


def me_too_tables(cost: ProposalCost) -> list[Table]:
    """One table for each unit a parity clause passes the proposal on to, under its own heading."""
    return [
        cost_table(passed.cost, passed_on_title(passed.title, passed.terms, passed.follows))
        for passed in cost.me_too
    ]


def district_document(district: DistrictTotal) -> dict[str, Any]:
    """The ``district_total`` block of ``bargain cost --district-wide --format json``."""
    return {
        "parts": [
            {
                "unit": unit,
                "title": title,
                "source": source,
                "proposal": proposal,
                "years": [
                    {"fiscal_year": label, "total": value}
                    for label, value in zip(district.fiscal_years, values, strict=True)
                ],
                "total": float(sum(values)),
            }
            for unit, title, source, proposal, values in district.parts
        ],
        "years": [
            {"fiscal_year": label, "total": value}
            for label, value in zip(district.fiscal_years, district.year_totals, strict=True)
        ],
        "total": district.total,
    }


def district_table(district: DistrictTotal) -> Table:
    table = Table(title=district_heading(), title_justify="left", caption="dollars")
    table.add_column("unit")
    table.add_column("what")
    for label in district.fiscal_years:
        table.add_column(label, justify="right")
    table.add_column("total", justify="right")
    for _, title, source, proposal, values in district.parts:
        what = proposal if source == "own" else f"passed on by the parity clause ({proposal})"
        table.add_row(title, what, *(money(v) for v in values), money(sum(values)))
    table.add_row(
        "district total", "", *(money(v) for v in district.year_totals), money(district.total), style="bold"
    )
    return table
