"""CSV inputs: the roster and the enrollment file. Every bad cell is reported with its line."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bargaining.inputs.errors import InputError
from bargaining.inputs.files import CaseFolder, FileRefused, read_case_file
from bargaining.model import (
    MAX_COUNT,
    MAX_MONEY,
    MAX_TABLE_BYTES,
    Comparable,
    Enrollment,
    Roster,
    parse_fiscal_year,
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Callable[[str], object]
    required: bool = True
    check: Callable[[float], bool] | None = None
    expected: str = ""


def number_cell(text: str) -> float:
    value = float(text.replace(",", "").replace("$", "").strip())
    if not math.isfinite(value):
        raise ValueError
    return value


def text_cell(text: str) -> str:
    if not text.strip():
        raise ValueError
    return text.strip()


def read_rows(
    folder: CaseFolder, name: str, label: str, columns: list[Column], errors: list[InputError]
) -> list[tuple[int, dict[str, object]]]:
    try:
        raw = read_case_file(folder, name, MAX_TABLE_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        errors.append(InputError(label, 1, "", "file not found"))
        return []
    except FileRefused as refused:
        errors.append(InputError(label, 1, "", refused.message))
        return []
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(InputError(label, 1, "", f"cannot read the file as UTF-8 text: {exc}"))
        return []
    # Lines whose first cell starts with '#' are comments (a modelled file says where it comes from).
    reader = csv.reader(io.StringIO(raw))
    numbered = (
        (reader.line_num, cells) for cells in reader if not (cells and cells[0].lstrip().startswith("#"))
    )
    first = next(numbered, None)
    header = first[1] if first else None
    if header is None:
        errors.append(InputError(label, 1, "", "the file is empty; expected a header row"))
        return []
    header_line = first[0] if first else 1
    header = [h.strip() for h in header]
    known = {c.name for c in columns}
    for name in header:
        if name not in known:
            errors.append(
                InputError(label, header_line, name, f"unknown column; expected {', '.join(sorted(known))}")
            )
    for column in columns:
        if column.required and column.name not in header:
            errors.append(InputError(label, header_line, column.name, "missing column"))
    if any(e.file == label for e in errors):
        return []
    rows = []
    for line_no, cells in numbered:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(InputError(label, line_no, "", f"expected {len(header)} cells, found {len(cells)}"))
            continue
        row: dict[str, object] = {}
        for column in columns:
            if column.name not in header:
                continue
            text = cells[header.index(column.name)]
            try:
                value = column.kind(text)
            except ValueError:
                what = _EXPECTED.get(column.kind, "a non-empty value")
                errors.append(InputError(label, line_no, column.name, f"expected {what}, got {text!r}"))
                continue
            if column.check is not None and isinstance(value, float) and not column.check(value):
                errors.append(
                    InputError(label, line_no, column.name, f"expected {column.expected}, got {text!r}")
                )
                continue
            row[column.name] = value
        if len(row) == sum(1 for c in columns if c.name in header):
            rows.append((line_no, row))
    return rows


ROSTER_COLUMNS = [
    Column("id", text_cell),
    Column("role", text_cell),
    Column("fte", number_cell, check=lambda v: 0 < v <= 1.5, expected="an FTE above 0 and at most 1.5"),
    Column(
        "salary",
        number_cell,
        check=lambda v: 0 <= v <= 10_000_000,
        expected="a yearly salary from 0 to 10,000,000",
    ),
]


def check_unique_ids(label: str, rows: list[tuple[int, dict[str, object]]], errors: list[InputError]) -> None:
    """An error on every row whose member ``id`` an earlier line already has (rosters of salaries or of
    cells alike)."""
    seen: dict[str, int] = {}
    for line, row in rows:
        member = str(row["id"])
        if member in seen:
            errors.append(
                InputError(label, line, "id", f"duplicate id {member!r} (first on line {seen[member]})")
            )
        seen.setdefault(member, line)


def read_roster(folder: CaseFolder, name: str, errors: list[InputError]) -> Roster | None:
    """The roster CSV ``name`` of the case folder (see inputs.files for which files may be read)."""
    label = str(folder / name)
    before = len(errors)
    rows = read_rows(folder, name, label, ROSTER_COLUMNS, errors)
    check_unique_ids(label, rows, errors)
    if len(errors) == before and not rows:
        errors.append(InputError(label, 1, "", "the roster has no members"))
    if len(errors) > before:
        return None
    return Roster(
        ids=tuple(str(r["id"]) for _, r in rows),
        roles=tuple(str(r["role"]) for _, r in rows),
        fte=np.array([r["fte"] for _, r in rows], dtype=np.float64),
        salary=np.array([r["salary"] for _, r in rows], dtype=np.float64),
    )


ENROLLMENT_COLUMNS = [
    Column("school", text_cell),
    Column("grade_band", text_cell),
    Column(
        "students",
        number_cell,
        check=lambda v: 0 <= v <= MAX_COUNT,
        expected=f"a count from 0 to {MAX_COUNT:,}",
    ),
    Column(
        "sections",
        number_cell,
        check=lambda v: 0 <= v <= MAX_COUNT,
        expected=f"a count from 0 to {MAX_COUNT:,}",
    ),
    Column(
        "fte_per_section",
        number_cell,
        required=False,
        check=lambda v: 0 < v <= 2,
        expected="a share from 0 to 2",
    ),
]


def read_enrollment(folder: CaseFolder, name: str, errors: list[InputError]) -> Enrollment | None:
    """The enrollment CSV ``name`` of the case folder."""
    label = str(folder / name)
    before = len(errors)
    rows = read_rows(folder, name, label, ENROLLMENT_COLUMNS, errors)
    seen: dict[tuple[str, str], int] = {}
    for line_no, row in rows:
        key = (str(row["school"]), str(row["grade_band"]))
        if key in seen:
            errors.append(
                InputError(label, line_no, "school", f"school and grade band repeat line {seen[key]}")
            )
        seen.setdefault(key, line_no)
        if float(row["students"]) > 0 and float(row["sections"]) == 0:  # type: ignore[arg-type]
            errors.append(
                InputError(label, line_no, "sections", "students with no sections; expected at least 1")
            )
    if len(errors) > before:
        return None
    return Enrollment(
        schools=tuple(str(r["school"]) for _, r in rows),
        grade_bands=tuple(str(r["grade_band"]) for _, r in rows),
        students=np.array([r["students"] for _, r in rows], dtype=np.float64),
        sections=np.array([r["sections"] for _, r in rows], dtype=np.float64),
        fte_per_section=np.array([r.get("fte_per_section", 1.0) for _, r in rows], dtype=np.float64),
    )


def _yes_no(text: str) -> bool:
    answer = text.strip().lower()
    if answer not in ("yes", "no"):
        raise ValueError
    return answer == "yes"


def _fiscal_year(text: str) -> str:
    parse_fiscal_year(text)
    return text.strip()


# What a cell of each kind must hold, for the message when it does not.
_EXPECTED: dict[Callable[[str], object], str] = {
    number_cell: "a number",
    _yes_no: "yes or no",
    _fiscal_year: "a fiscal year such as 2018-19",
}

COMPARABLE_COLUMNS = [
    Column("district", text_cell),
    Column("fiscal_year", _fiscal_year),
    Column("benchmark", text_cell),
    Column(
        "value",
        number_cell,
        check=lambda v: 0 <= v <= MAX_MONEY,
        expected=f"dollars or days from 0 to {MAX_MONEY:,.0f}",
    ),
    Column("moves_with_raise", _yes_no),
    Column("source", text_cell),
]


def read_comparables(folder: CaseFolder, name: str, errors: list[InputError]) -> tuple[Comparable, ...]:
    """The comparables CSV ``name``: one published figure a row, each with its source."""
    label = str(folder / name)
    before = len(errors)
    rows = read_rows(folder, name, label, COMPARABLE_COLUMNS, errors)
    seen: dict[tuple[str, str, str], int] = {}
    for line_no, row in rows:
        key = (str(row["district"]), str(row["fiscal_year"]), str(row["benchmark"]))
        if key in seen:
            errors.append(
                InputError(
                    label, line_no, "benchmark", f"repeats line {seen[key]} for this district and year"
                )
            )
        seen.setdefault(key, line_no)
    if len(errors) > before:
        return ()
    return tuple(
        Comparable(
            district=str(r["district"]),
            fiscal_year=str(r["fiscal_year"]),
            benchmark=str(r["benchmark"]),
            value=float(r["value"]),  # type: ignore[arg-type]
            moves_with_raise=bool(r["moves_with_raise"]),
            source=str(r["source"]),
            line=line_no,
        )
        for line_no, r in rows
    )
