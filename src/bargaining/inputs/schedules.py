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
from bargaining.inputs.placement import cell_checker, read_crosswalk, read_placement
from bargaining.model import (
    MAX_TABLE_BYTES,
    Cell,
    CellRaise,
    Crosswalk,
    Grid,
    MinimumSalary,
    Movement,
    Proposal,
    Roster,
    ScheduleReplace,
    Schedules,
    StepAdd,
)

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
    check = cell_checker(grids)
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
