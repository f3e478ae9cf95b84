"""Salary schedules: the grid of steps by lanes, who is placed on it and how they move each year."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, eq=False)
class Grid:
    """One salary schedule: full-time annual salary by step (rows, 1..N) and lane (columns, named)."""

    name: str
    lanes: tuple[str, ...]
    cells: NDArray[np.float64]  # (steps, lanes)

    def __post_init__(self) -> None:
        self.cells.flags.writeable = False

    @property
    def steps(self) -> int:
        return int(self.cells.shape[0])

    def salary(self, step: int, lane: str) -> float:
        return float(self.cells[step - 1, self.lanes.index(lane)])


@dataclass(frozen=True)
class Cell:
    """A place on a schedule; steps count from 1."""

    schedule: str
    step: int
    lane: str


@dataclass(frozen=True, eq=False)
class Placement:
    """Who is on the schedules in the horizon's first fiscal year: one row per member (a roster) or per
    cell and role (a scattergram), as parallel arrays."""

    schedule: tuple[str, ...]
    step: NDArray[np.int64]  # 1-based
    lane: tuple[str, ...]
    role: tuple[str, ...]
    fte: NDArray[np.float64]
    ids: tuple[str, ...] | None = None  # member ids when read from a roster; None for a scattergram

    def __post_init__(self) -> None:
        self.step.flags.writeable = False
        self.fte.flags.writeable = False

    def __len__(self) -> int:
        return len(self.schedule)


@dataclass(frozen=True)
class Movement:
    """How members move on the grid at the start of each later fiscal year (expected values, in FTE).

    In order: ``exits`` (a share of each step's FTE) leave; continuing members move ``steps_per_year``
    steps up, stopping at the top step; ``lane_moves`` of each lane's continuing FTE move one lane right;
    then every exit is replaced by a hire at ``replaced_at`` (who does not move that year). A step freeze
    skips the step and lane moves of its year; exits and replacements go on.
    """

    steps_per_year: int = 1
    lane_moves: float = 0.0
    exits: float | tuple[tuple[int, float], ...] = 0.0  # one share, or (step, share) pairs
    replaced_at: tuple[int, str] | None = None  # (step, lane); default step 1 of the first lane

    def exit_rates(self, steps: int) -> NDArray[np.float64]:
        """(steps,) share of FTE leaving from each step; steps not listed lose no one."""
        if isinstance(self.exits, float | int):
            return np.full(steps, float(self.exits))
        rates = np.zeros(steps)
        for step, share in self.exits:
            if 1 <= step <= steps:
                rates[step - 1] = share
        return rates


@dataclass(frozen=True, eq=False)
class Crosswalk:
    """Where each old cell goes on a replaced grid: (old_step, old_lane) -> (new_step, new_lane)."""

    pairs: tuple[tuple[tuple[int, str], tuple[int, str]], ...]


@dataclass(frozen=True, eq=False)
class Schedules:
    """The unit's pay on salary schedules: the grids, the placement, movement and where hires go.

    ``replacements`` and ``crosswalks`` hold the grids and crosswalks that ``schedule_replace`` terms name,
    keyed by the file name the term gives.
    """

    grids: tuple[Grid, ...]
    placement: Placement
    movement: Movement
    new_hire: Cell | None = None
    replacements: tuple[tuple[str, Grid], ...] = ()
    crosswalks: tuple[tuple[str, Crosswalk], ...] = ()
    notes: tuple[str, ...] = ()  # located warnings, e.g. a salary that falls as steps rise

    def grid(self, name: str) -> Grid:
        for grid in self.grids:
            if grid.name == name:
                return grid
        raise KeyError(f"no schedule {name!r} (known: {', '.join(g.name for g in self.grids)})")

    def replacement(self, file: str) -> Grid:
        return dict(self.replacements)[file]

    def crosswalk(self, file: str | None) -> Crosswalk | None:
        return None if file is None else dict(self.crosswalks)[file]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(g.name for g in self.grids)
