"""What a proposal means for members: the JSON document, the summary by step, lane and percentile, and
the table, CSV and XLSX views of it. Pay is per full-time member, in dollars."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
from openpyxl import Workbook
from rich.table import Table

from bargaining.costing import CellPay, MemberPay, MembersPay

PERCENTILES = (10, 25, 50, 75, 90)


def _by_year(years: Sequence[str], values: Sequence[float]) -> dict[str, float]:
    return dict(zip(years, values, strict=True))


def _row(years: Sequence[str], item: Any) -> dict[str, Any]:
    return {
        "schedule": item.schedule,
        "step": item.step,
        "lane": item.lane,
        "fte": item.fte,
        "status_quo": _by_year(years, item.status_quo),
        "proposal": _by_year(years, item.proposal),
    }


def _weighted_percentile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    at = np.searchsorted(cumulative, q / 100 * cumulative[-1], side="left")
    return float(values[order][min(int(at), values.size - 1)])


def summary(pay: MembersPay) -> dict[str, Any]:
    """The change in the last fiscal year, FTE-weighted over the people placed (members, or the cells of a
    scattergram): by step, by lane, and its percentiles, in dollars and percent."""
    people: Sequence[MemberPay | CellPay] = pay.members or tuple(c for c in pay.cells if c.fte > 0)
    last = len(pay.fiscal_years) - 1
    if not people:
        return {"fiscal_year": pay.fiscal_years[last], "by_step": [], "by_lane": [], "percentiles": []}
    fte = np.array([p.fte for p in people])
    before = np.array([p.status_quo[last] for p in people])
    after = np.array([p.proposal[last] for p in people])
    change = after - before
    percent = np.divide(100 * change, before, out=np.zeros_like(change), where=before > 0)

    def grouped(key: str) -> list[dict[str, Any]]:
        out = []
        for value in sorted({getattr(p, key) for p in people}, key=lambda v: (str(type(v)), v)):
            chosen = np.array([getattr(p, key) == value for p in people])
            weight = fte[chosen]
            out.append(
                {
                    key: value,
                    "fte": float(weight.sum()),
                    "change": float((change[chosen] * weight).sum() / weight.sum()) if weight.sum() else 0.0,
                    "percent": float((percent[chosen] * weight).sum() / weight.sum())
                    if weight.sum()
                    else 0.0,
                }
            )
        return out

    return {
        "fiscal_year": pay.fiscal_years[last],
        "by_step": grouped("step"),
        "by_lane": grouped("lane"),
        "percentiles": [
            {
                "percentile": q,
                "change": _weighted_percentile(change, fte, q),
                "percent": _weighted_percentile(percent, fte, q),
            }
            for q in PERCENTILES
        ],
    }


def members_document(case_id: str, pay: MembersPay) -> dict[str, Any]:
    """``bargain members --format json``: every cell and member, then the summary."""
    years = pay.fiscal_years
    members = []
    for member in pay.members:
        members.append({"id": member.id, "role": member.role, **_row(years, member)})
    return {
        "case": case_id,
        "proposal": pay.proposal.id,
        "fiscal_years": list(years),
        "cells": [_row(years, cell) for cell in pay.cells],
        "members": members,
        "summary": summary(pay),
    }


def _money(value: float) -> str:
    return f"${value:,.0f}"


def members_tables(document: dict[str, Any]) -> list[Table]:
    """The grid's pay in the last fiscal year before and after, then the summary."""
    years = document["fiscal_years"]
    last = years[-1]
    grid = Table(
        title=f"Pay per full-time member in {last}: today's terms -> proposal {document['proposal']}"
    )
    for name in ("schedule", "step", "lane", "FTE placed", "today's terms", "proposal", "change", "%"):
        grid.add_column(name, justify="right" if name not in ("schedule", "lane") else "left")
    for cell in document["cells"]:
        before, after = cell["status_quo"][last], cell["proposal"][last]
        grid.add_row(
            cell["schedule"],
            str(cell["step"]),
            cell["lane"],
            f"{cell['fte']:,.1f}",
            _money(before),
            _money(after),
            _money(after - before),
            f"{100 * (after - before) / before:.1f}%" if before else "",
        )
    summary_table = Table(title=f"Change in {last}, weighted by FTE")
    for name in ("by", "value", "FTE", "change", "%"):
        summary_table.add_column(name)
    for key in ("step", "lane"):
        for row in document["summary"][f"by_{key}"]:
            summary_table.add_row(
                key, str(row[key]), f"{row['fte']:,.1f}", _money(row["change"]), f"{row['percent']:.1f}%"
            )
    for row in document["summary"]["percentiles"]:
        summary_table.add_row(
            "percentile", f"{row['percentile']}th", "", _money(row["change"]), f"{row['percent']:.1f}%"
        )
    return [grid, summary_table]


def _flat_rows(document: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    years = document["fiscal_years"]
    header = ["kind", "id", "role", "schedule", "step", "lane", "fte"]
    header += [f"status_quo {y}" for y in years] + [f"proposal {y}" for y in years]
    rows = []
    for kind, items in (("cell", document["cells"]), ("member", document["members"])):
        for item in items:
            row = [
                kind,
                item.get("id", ""),
                item.get("role", ""),
                item["schedule"],
                item["step"],
                item["lane"],
            ]
            row.append(item["fte"])
            row += [item["status_quo"][y] for y in years] + [item["proposal"][y] for y in years]
            rows.append(row)
    return header, rows


def write_members_csv(document: dict[str, Any], out: IO[str]) -> None:
    header, rows = _flat_rows(document)
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)


def write_members_xlsx(document: dict[str, Any], path: Path) -> None:
    """One sheet of cells and members, one of the summary; written whole or not at all."""
    header, rows = _flat_rows(document)
    book = Workbook()
    sheet = book.active
    sheet.title = "Pay"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    summary_sheet = book.create_sheet("Summary")
    summary_sheet.append(["by", "value", "fte", "change", "percent"])
    for key in ("step", "lane"):
        for item in document["summary"][f"by_{key}"]:
            summary_sheet.append([key, item[key], item["fte"], item["change"], item["percent"] / 100])
    for item in document["summary"]["percentiles"]:
        summary_sheet.append(["percentile", item["percentile"], None, item["change"], item["percent"] / 100])
    partial = path.with_name(path.name + ".partial")
    book.save(partial)
    partial.replace(path)
