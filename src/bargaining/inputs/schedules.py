"""Salary schedules in a case: the grids (CSV or XLSX), the roster or scattergram on them, movement,
where hires go, and the grids and crosswalks that ``schedule_replace`` terms name. Every bad cell is
reported with its file and line."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeGuard

import numpy as np
import openpyxl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bargaining.inputs.errors import InputError
from bargaining.inputs.files import CaseFolder, FileRefused, read_case_file, relative_problem
from bargaining.inputs.tables import _Column, _number, _read_rows, _text
from bargaining.model import (
    Cell,
    CellRaise,
    Crosswalk,
    Grid,
    MinimumSalary,
    Movement,
    Placement,
    Proposal,
    Roster,
    ScheduleReplace,
    Schedules,
    StepAdd,
)
from bargaining.model.limits import MAX_TABLE_BYTES

ErrorAt = Callable[[tuple[str | int, ...], str], None]


def confined(name: str | None, key: tuple[str | int, ...], error: ErrorAt) -> TypeGuard[str]:
    """Whether ``name`` may name a file of the case folder; the error is put on its key when not."""
    if name is None:
        return False
    problem = relative_problem(name)
    if problem is not None:
        error(key, problem)
    return problem is None


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SheetSpec(Strict):
    """A sheet of an XLSX workbook."""

    file: str = Field(description="XLSX workbook beside case.yaml")
    sheet: str | None = Field(None, description="sheet name (default: the first)")


class ScheduleSpec(Strict):
    cells: str | SheetSpec = Field(
        description="CSV with column step (1..N) then one column per lane; or {file, sheet} of an XLSX"
    )


class CellSpec(Strict):
    schedule: str = Field(description="schedule name")
    step: int = Field(ge=1, le=200, description="step, from 1")
    lane: str = Field(description="lane name, as in the schedule's header")


class LaneStep(Strict):
    step: int = Field(ge=1, le=200)
    lane: str


class MovementSpec(Strict):
    steps_per_year: int = Field(1, ge=0, le=5, description="steps members move each fiscal-year start")
    lane_moves: float = Field(0.0, ge=0, le=1, description="share of a lane's FTE moving one lane right")
    exits: float | dict[int, float] = Field(0.0, description="share of FTE leaving a year, or per step")
    replaced_at: LaneStep | None = Field(None, description="the cell where exits are replaced")

    @model_validator(mode="after")
    def _shares(self) -> MovementSpec:
        shares = self.exits.values() if isinstance(self.exits, dict) else [self.exits]
        if any(not 0 <= share <= 1 for share in shares):
            raise ValueError("exits are shares of FTE from 0 to 1")
        if isinstance(self.exits, dict) and any(step < 1 for step in self.exits):
            raise ValueError("exits are keyed by step, from 1")
        return self


def _cells_name(spec: str | SheetSpec) -> tuple[str, str | None]:
    return (spec, None) if isinstance(spec, str) else (spec.file, spec.sheet)


def _grid_rows(
    folder: CaseFolder, name: str, label: str, sheet: str | None, errors: list[InputError]
) -> list[tuple[int, list[str]]]:
    """Rows of a grid file as text, with their line (CSV) or row (XLSX) numbers; '#' lines skipped."""
    try:
        raw = read_case_file(folder, name, MAX_TABLE_BYTES)
    except FileNotFoundError:
        errors.append(InputError(label, 1, "", "file not found"))
        return []
    except FileRefused as refused:
        errors.append(InputError(label, 1, "", refused.message))
        return []
    except OSError as exc:
        errors.append(InputError(label, 1, "", f"cannot read the file: {exc}"))
        return []
    rows: list[tuple[int, list[str]]]
    if name.lower().endswith(".xlsx"):
        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a broken workbook
            errors.append(InputError(label, 1, "", f"cannot read the workbook: {exc}"))
            return []
        if sheet is not None and sheet not in book.sheetnames:
            errors.append(
                InputError(label, 1, "sheet", f"no sheet {sheet!r} (has {', '.join(book.sheetnames)})")
            )
            return []
        pane = book[sheet] if sheet is not None else book.worksheets[0]
        rows = [
            (n, ["" if v is None else str(v) for v in values])
            for n, values in enumerate(pane.iter_rows(values_only=True), start=1)
        ]
        book.close()
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            errors.append(InputError(label, 1, "", f"cannot read the file as UTF-8 text: {exc}"))
            return []
        reader = csv.reader(io.StringIO(text))
        rows = [(reader.line_num, cells) for cells in reader]
    return [(n, c) for n, c in rows if any(x.strip() for x in c) and not c[0].lstrip().startswith("#")]


def read_grid(
    schedule: str, folder: CaseFolder, cells: str | SheetSpec, errors: list[InputError], notes: list[str]
) -> Grid | None:
    """A grid: header ``step, LANE, ...``; one row per step, 1..N in order; salaries are numbers."""
    before = len(errors)
    name, sheet = _cells_name(cells)
    label = str(folder / name)
    rows = _grid_rows(folder, name, label, sheet, errors)
    if len(errors) > before:
        return None
    if len(rows) < 2:
        errors.append(
            InputError(label, 1, "", "expected a header (step, then one column per lane) and a row per step")
        )
        return None
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    if not header or header[0] != "step" or len(header) < 2:
        errors.append(
            InputError(
                label, header_line, "step", "expected the first column `step`, then one column per lane"
            )
        )
        return None
    lanes = header[1:]
    if len(set(lanes)) != len(lanes) or any(not lane for lane in lanes):
        errors.append(InputError(label, header_line, "", "lane names must be present and distinct"))
        return None
    values: list[list[float]] = []
    for expected_step, (line, row_cells) in enumerate(rows[1:], start=1):
        if len(row_cells) != len(header):
            errors.append(
                InputError(label, line, "", f"expected {len(header)} cells, found {len(row_cells)}")
            )
            continue
        step_text = row_cells[0].strip()
        if step_text not in (str(expected_step), f"{expected_step}.0"):
            errors.append(
                InputError(label, line, "step", f"expected step {expected_step}, got {step_text!r}")
            )
        row = []
        for lane, text in zip(lanes, row_cells[1:], strict=True):
            try:
                value = float(text.replace(",", "").replace("$", "").strip())
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or not 0 <= value <= 10_000_000:
                errors.append(
                    InputError(
                        label, line, lane, f"expected a yearly salary from 0 to 10,000,000, got {text!r}"
                    )
                )
            row.append(value)
        values.append(row)
    if len(errors) > before:
        return None
    cells_array = np.array(values, dtype=np.float64)
    falling = np.argwhere(np.diff(cells_array, axis=0) < 0)
    for step, lane in falling[:3]:
        notes.append(
            f"{label}:{rows[step + 2][0]}: {lanes[lane]}: salary falls from step {step + 1} to {step + 2}"
            " (allowed: some grids do)"
        )
    return Grid(name=schedule, lanes=tuple(lanes), cells=cells_array)


def _cell_checker(grids: dict[str, Grid]) -> Callable[[str, int, str], str | None]:
    def check(schedule: str, step: int, lane: str) -> str | None:
        grid = grids.get(schedule)
        if grid is None:
            return f"no schedule {schedule!r} (has {', '.join(sorted(grids))})"
        if lane not in grid.lanes:
            return f"lane {lane!r} is not in schedule {schedule!r} (has {', '.join(grid.lanes)})"
        if not 1 <= step <= grid.steps:
            return f"step {step} is beyond schedule {schedule!r} (steps 1 to {grid.steps})"
        return None

    return check


def _step(text: str) -> float:
    value = _number(text)
    if value != int(value):
        raise ValueError
    return value


PLACED_COLUMNS = [
    _Column("schedule", _text),
    _Column("step", _step, check=lambda v: v >= 1, expected="a whole step from 1"),
    _Column("lane", _text),
    _Column("role", _text),
]
ROSTER_COLUMNS = [
    _Column("id", _text),
    *PLACED_COLUMNS,
    _Column("fte", _number, check=lambda v: 0 < v <= 1.5, expected="an FTE above 0 and at most 1.5"),
]
SCATTERGRAM_COLUMNS = [
    *PLACED_COLUMNS,
    _Column("fte", _number, check=lambda v: v >= 0, expected="a non-negative FTE for the cell"),
]


def read_placement(
    folder: CaseFolder, name: str, grids: dict[str, Grid], errors: list[InputError], roster: bool
) -> tuple[Placement, Roster] | None:
    """A roster on the schedules (one row per member) or a scattergram (FTE per cell and role)."""
    before = len(errors)
    label = str(folder / name)
    rows = _read_rows(folder, name, label, ROSTER_COLUMNS if roster else SCATTERGRAM_COLUMNS, errors)
    check = _cell_checker(grids)
    seen: dict[str, int] = {}
    for line, row in rows:
        problem = check(str(row["schedule"]), int(row["step"]), str(row["lane"]))  # type: ignore[call-overload]
        if problem is not None:
            key = "schedule" if "no schedule" in problem else "lane" if "lane" in problem else "step"
            errors.append(InputError(label, line, key, problem))
        if roster:
            member = str(row["id"])
            if member in seen:
                errors.append(
                    InputError(label, line, "id", f"duplicate id {member!r} (first on line {seen[member]})")
                )
            seen.setdefault(member, line)
    if len(errors) == before and not rows:
        errors.append(InputError(label, 1, "", "no one is placed on the schedules"))
    if len(errors) > before:
        return None
    schedule = tuple(str(r["schedule"]) for _, r in rows)
    step = np.array([int(r["step"]) for _, r in rows], dtype=np.int64)  # type: ignore[call-overload]
    lane = tuple(str(r["lane"]) for _, r in rows)
    roles = tuple(str(r["role"]) for _, r in rows)
    fte = np.array([r["fte"] for _, r in rows], dtype=np.float64)
    ids = tuple(str(r["id"]) for _, r in rows) if roster else None
    salary = np.array([grids[s].salary(int(t), la) for s, t, la in zip(schedule, step, lane, strict=True)])
    placement = Placement(schedule=schedule, step=step, lane=lane, role=roles, fte=fte, ids=ids)
    names = (
        ids
        if ids is not None
        else tuple(f"{s}/{t}/{la}/{r}" for s, t, la, r in zip(schedule, step, lane, roles, strict=True))
    )
    return placement, Roster(ids=names, roles=roles, fte=fte.copy(), salary=salary)


CROSSWALK_COLUMNS = [
    _Column("old_step", _step, check=lambda v: v >= 1, expected="a whole step from 1"),
    _Column("old_lane", _text),
    _Column("new_step", _step, check=lambda v: v >= 1, expected="a whole step from 1"),
    _Column("new_lane", _text),
]


def read_crosswalk(
    folder: CaseFolder, name: str, old: Grid, new: Grid, errors: list[InputError]
) -> Crosswalk | None:
    """Every old cell maps to exactly one new cell that exists."""
    before = len(errors)
    label = str(folder / name)
    rows = _read_rows(folder, name, label, CROSSWALK_COLUMNS, errors)
    old_check, new_check = _cell_checker({old.name: old}), _cell_checker({new.name: new})
    seen: dict[tuple[int, str], int] = {}
    pairs = []
    for line, row in rows:
        source = (int(row["old_step"]), str(row["old_lane"]))  # type: ignore[call-overload]
        target = (int(row["new_step"]), str(row["new_lane"]))  # type: ignore[call-overload]
        for key, (step, lane), check in (("old", source, old_check), ("new", target, new_check)):
            problem = check(old.name, step, lane)
            if problem is not None:
                errors.append(
                    InputError(label, line, f"{key}_{'lane' if 'lane' in problem else 'step'}", problem)
                )
        if source in seen:
            errors.append(
                InputError(
                    label, line, "old_step", f"old cell {source} is mapped twice (also line {seen[source]})"
                )
            )
        seen.setdefault(source, line)
        pairs.append((source, target))
    missing = [(s, lane) for s in range(1, old.steps + 1) for lane in old.lanes if (s, lane) not in seen]
    if missing and len(errors) == before:
        shown = ", ".join(f"step {s} {lane}" for s, lane in missing[:5])
        errors.append(
            InputError(
                label, 1, "", f"old cells map to no new cell: {shown}{' ...' if len(missing) > 5 else ''}"
            )
        )
    if len(errors) > before:
        return None
    return Crosswalk(pairs=tuple(pairs))


def movement_of(spec: MovementSpec | None) -> Movement:
    if spec is None:
        return Movement()
    exits: float | tuple[tuple[int, float], ...] = (
        tuple(sorted(spec.exits.items())) if isinstance(spec.exits, dict) else float(spec.exits)
    )
    replaced = (spec.replaced_at.step, spec.replaced_at.lane) if spec.replaced_at else None
    return Movement(spec.steps_per_year, spec.lane_moves, exits, replaced)


def check_schedule_terms(
    proposals: Sequence[Proposal], grids: dict[str, Grid] | None, error: ErrorAt
) -> list[tuple[tuple[str | int, ...], ScheduleReplace]]:
    """Terms that name schedules name ones the case has, with steps and lanes inside them. Returns the
    ``schedule_replace`` terms with where they are, for their files to be read."""
    replaces = []
    for p_index, proposal in enumerate(proposals):
        for t_index, term in enumerate(proposal.terms):
            at: tuple[str | int, ...] = ("proposals", p_index, "terms", t_index)
            named = getattr(term, "schedules", None) or ()
            if isinstance(term, CellRaise | StepAdd | MinimumSalary | ScheduleReplace):
                named = (term.schedule,)
            for name in named:
                if grids is None:
                    error(at, f"a {term.type} term names schedule {name!r} but the unit has no schedules")
                elif name not in grids:
                    error((*at, "schedule"), f"no schedule {name!r} (has {', '.join(sorted(grids))})")
            if grids is None or any(name not in grids for name in named):
                continue
            if isinstance(term, CellRaise):
                grid = grids[term.schedule]
                if term.steps[1] > grid.steps:
                    error(
                        (*at, "steps"),
                        f"step {term.steps[1]} is beyond schedule {grid.name!r} (steps 1 to {grid.steps})",
                    )
                for lane in term.lanes or ():
                    if lane not in grid.lanes:
                        error(
                            (*at, "lanes"),
                            f"lane {lane!r} is not in schedule {grid.name!r} (has {', '.join(grid.lanes)})",
                        )
            if isinstance(term, ScheduleReplace):
                if term.sunset is not None:
                    error((*at, "sunset"), "a replaced grid has no sunset: replace it again instead")
                replaces.append((at, term))
    return replaces


def read_schedules(
    unit: Any, proposals: Sequence[Proposal], folder: CaseFolder, error: ErrorAt, errors: list[InputError]
) -> tuple[Schedules, Roster] | None:
    """The unit's schedules and who is on them; ``unit`` is the ``UnitSpec`` (schedules given)."""
    before = len(errors)
    notes: list[str] = []
    grids: dict[str, Grid] = {}
    for name, spec in unit.schedules.items():
        if not confined(_cells_name(spec.cells)[0], ("unit", "schedules", name, "cells"), error):
            continue
        grid = read_grid(name, folder, spec.cells, errors, notes)
        if grid is not None:
            grids[name] = grid
    if len(errors) > before:
        return None
    placed = None
    if confined(unit.placement, ("unit", "placement"), error):
        placed = read_placement(folder, unit.placement, grids, errors, roster=False)
    elif confined(unit.roster, ("unit", "roster"), error):
        placed = read_placement(folder, unit.roster, grids, errors, roster=True)
    check = _cell_checker(grids)
    new_hire = None
    if unit.new_hire is not None:
        cell = unit.new_hire
        problem = check(cell.schedule, cell.step, cell.lane)
        if problem is not None:
            error(("unit", "new_hire"), problem)
        new_hire = Cell(cell.schedule, cell.step, cell.lane)
    movement = movement_of(unit.movement)
    if movement.replaced_at is not None:
        step, lane = movement.replaced_at
        for name in grids:
            problem = check(name, step, lane)
            if problem is not None:
                error(("unit", "movement", "replaced_at"), problem)
    replacements: dict[str, Grid] = {}
    crosswalks: dict[str, Crosswalk] = {}
    for at, term in check_schedule_terms(proposals, grids, error):
        if term.cells not in replacements:
            if not confined(term.cells, (*at, "cells"), error):
                continue
            grid = read_grid(term.schedule, folder, term.cells, errors, notes)
            if grid is None:
                continue
            replacements[term.cells] = grid
        new = replacements[term.cells]
        if term.crosswalk is None:
            old = grids[term.schedule]
            for lane in old.lanes:
                if lane not in new.lanes:
                    error((*at, "cells"), f"lane {lane!r} is not in the new grid: give a crosswalk")
            continue
        if term.crosswalk not in crosswalks and confined(term.crosswalk, (*at, "crosswalk"), error):
            walk = read_crosswalk(folder, term.crosswalk, grids[term.schedule], new, errors)
            if walk is not None:
                crosswalks[term.crosswalk] = walk
    if placed is None or len(errors) > before:
        return None
    placement, roster = placed
    schedules = Schedules(
        grids=tuple(grids.values()),
        placement=placement,
        movement=movement,
        new_hire=new_hire,
        replacements=tuple(replacements.items()),
        crosswalks=tuple(crosswalks.items()),
        notes=tuple(notes),
    )
    return schedules, roster
