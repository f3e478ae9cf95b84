"""Who is on the salary schedules (a roster placed in cells, or a scattergram of FTE per cell) and the
crosswalk from an old grid's cells to a replacement grid's."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bargaining.inputs.errors import InputError
from bargaining.inputs.files import CaseFolder
from bargaining.inputs.tables import Column, check_unique_ids, number_cell, read_rows, text_cell
from bargaining.model import Crosswalk, Grid, Placement, Roster


def cell_checker(grids: dict[str, Grid]) -> Callable[[str, int, str], str | None]:
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


def whole_step(text: str) -> float:
    value = number_cell(text)
    if value != int(value):
        raise ValueError
    return value


PLACED_COLUMNS = [
    Column("schedule", text_cell),
    Column("step", whole_step, check=lambda v: v >= 1, expected="a whole step from 1"),
    Column("lane", text_cell),
    Column("role", text_cell),
]
ROSTER_COLUMNS = [
    Column("id", text_cell),
    *PLACED_COLUMNS,
    Column("fte", number_cell, check=lambda v: 0 < v <= 1.5, expected="an FTE above 0 and at most 1.5"),
]
SCATTERGRAM_COLUMNS = [
    *PLACED_COLUMNS,
    Column("fte", number_cell, check=lambda v: v >= 0, expected="a non-negative FTE for the cell"),
]


def read_placement(
    folder: CaseFolder, name: str, grids: dict[str, Grid], errors: list[InputError], roster: bool
) -> tuple[Placement, Roster] | None:
    """A roster on the schedules (one row per member) or a scattergram (FTE per cell and role)."""
    before = len(errors)
    label = str(folder / name)
    rows = read_rows(folder, name, label, ROSTER_COLUMNS if roster else SCATTERGRAM_COLUMNS, errors)
    check = cell_checker(grids)
    for line, row in rows:
        problem = check(str(row["schedule"]), int(row["step"]), str(row["lane"]))  # type: ignore[call-overload]
        if problem is not None:
            key = "schedule" if "no schedule" in problem else "lane" if "lane" in problem else "step"
            errors.append(InputError(label, line, key, problem))
    if roster:
        check_unique_ids(label, rows, errors)
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
    return placement, Roster(ids=names, roles=roles, fte=fte.copy(), salary=salary, people=roster)


CROSSWALK_COLUMNS = [
    Column("old_step", whole_step, check=lambda v: v >= 1, expected="a whole step from 1"),
    Column("old_lane", text_cell),
    Column("new_step", whole_step, check=lambda v: v >= 1, expected="a whole step from 1"),
    Column("new_lane", text_cell),
]


def read_crosswalk(
    folder: CaseFolder, name: str, old: Grid, new: Grid, errors: list[InputError]
) -> Crosswalk | None:
    """Every old cell maps to exactly one new cell that exists."""
    before = len(errors)
    label = str(folder / name)
    rows = read_rows(folder, name, label, CROSSWALK_COLUMNS, errors)
    old_check, new_check = cell_checker({old.name: old}), cell_checker({new.name: new})
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
                    label,
                    line,
                    "old_step",
                    f"old cell {source} is mapped twice (also line {seen[source]})",
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
