"""Tables of rows as CSV and as XLSX workbooks a finance office can use (issue 15, item 5): `compare`,
`status` and `strike-cost` write their documents through these.

A sheet is a list of flat rows (mappings); its header is the union of their keys in order, in words. In the
workbook dates are dates, numbers are numbers, the header row is bold and frozen and every column is wide
enough for what it holds (``sheets._finish``); in CSV numbers are unrounded and dates ISO.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font

from bargaining.report.sheets import finish_sheet
from bargaining.report.words import COMPONENT_WORDS, plain

Rows = Sequence[Mapping[str, Any]]
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def header_words(key: str) -> str:
    """A column's key in words: a cost component by its name, any other key with its underscores gone."""
    found = COMPONENT_WORDS.get(key) or plain(key)
    return found[:1].upper() + found[1:]


def _columns(rows: Rows) -> list[str]:
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    return keys


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{plain(str(k))} {_cell(v)}" for k, v in value.items())
    if isinstance(value, str) and _ISO_DAY.match(value):
        return dt.date.fromisoformat(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def write_rows_csv(rows: Rows, out: IO[str]) -> None:
    """One table: a header in words, then a line per row (numbers unrounded, dates ISO)."""
    keys = _columns(rows)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header_words(k) for k in keys])
    for row in rows:
        values = [_cell(row.get(k)) for k in keys]
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in values])


def write_sheets_xlsx(sheets: Mapping[str, Rows], path: Path) -> None:
    """One sheet per table, written to a temporary file and renamed (never half a workbook)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title[:31])
        keys = _columns(rows)
        sheet.append([header_words(k) for k in keys] or ["Nothing to show"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(row.get(k)) for k in keys])
        sheet.freeze_panes = "A2"
        finish_sheet(sheet)
    partial = path.with_name(path.name + ".partial")
    book.save(partial)
    partial.replace(path)


def gap_rows(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``bargain compare``: a row per fiscal year (A, B, the gap, the gap by component), then the total."""
    a, b = f"a ({document['a']})", f"b ({document['b']})"
    rows: list[dict[str, Any]] = [
        {"fiscal_year": y["fiscal_year"], a: y["a"], b: y["b"], "gap": y["gap"], **y["components"]}
        for y in document["years"]
    ]
    total = document["total"]
    rows.append({"fiscal_year": "Total", a: total["a"], b: total["b"], "gap": total["gap"]})
    return rows


def status_sheets(document: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``bargain status``: where it stands, then the deadlines, the lawful next moves and the warnings."""
    facts = ("case", "as_of", "pack", "label", "since", "contract_expires", "days_to_expiration")
    stands = [{"what": plain(k), "value": document.get(k)} for k in facts]
    risk = document.get("impasse_risk") or {}
    if risk:
        stands.append({"what": "impasse risk", "value": risk.get("score")})
    return {
        "Where it stands": stands,
        "Deadlines": list(document.get("deadlines") or []),
        "Next moves": list(document.get("next_moves") or []),
        "Warnings": [
            w if isinstance(w, Mapping) else {"warning": w} for w in (document.get("warnings") or [])
        ],
    }


def status_rows(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``bargain status --format csv``: every row of the status sheets with the sheet it belongs to."""
    return [{"section": name, **row} for name, rows in status_sheets(document).items() for row in rows]


def strike_rows(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``bargain strike-cost``: a row per strike day."""
    return [dict(day) for day in document["days"]]
