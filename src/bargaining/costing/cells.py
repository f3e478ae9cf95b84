"""The unit's schedules as arrays over groups (K: one per schedule and role), steps (S) and lanes (L),
and movement on them year by year. Members are summed by cell, so a roster of 35,000 costs as fast as a
scattergram of the same grid.

Movement is deterministic: exits, step and lane moves are expected values in FTE, so costs are exact and
repeatable. The order within a year start is the one ``bargaining.model.Movement`` documents.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargaining.model import Grid, Schedules

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class Layout:
    """Everything costing needs about the schedules, as arrays.

    Lanes of a group are its schedule's lanes, then those of any replacement grid for that schedule not
    already present; steps run to the longest grid. Cells outside a grid hold the top step's salary (rows)
    or 0 (lanes), and never hold anyone.
    """

    schedules: Schedules
    groups: tuple[tuple[str, str], ...]  # (schedule, role) per group
    lanes: tuple[tuple[str, ...], ...]  # lane names per group, padded layout order
    grid0: FloatArray  # (K, S, L) status-quo salary
    top0: IntArray  # (K,) index of the top step
    next0: IntArray  # (K, L) lane one to the right in the grid's own order (itself for the last)
    fte0: FloatArray  # (K, S, L) FTE in the horizon's first fiscal year
    exits: FloatArray  # (S,) share leaving from each step
    hire_cell: IntArray  # (K, 2) step and lane index where exits are replaced
    new_hire: tuple[int, int, int] | None  # group, step, lane of an added position

    @property
    def shape(self) -> tuple[int, int, int]:
        k, s, lanes = self.grid0.shape
        return int(k), int(s), int(lanes)

    def lane_index(self, group: int, lane: str) -> int:
        return self.lanes[group].index(lane)

    def place(self, grid: Grid, steps: int) -> tuple[FloatArray, IntArray, IntArray]:
        """(K, S, L) salaries, (K,) top index and (K, L) next lane of ``grid`` laid on every group of its
        schedule (other groups get zeros; callers mask by group)."""
        k, _, n_lanes = self.shape
        cells = np.zeros((k, steps, n_lanes))
        top = np.zeros(k, dtype=np.intp)
        nxt = np.tile(np.arange(n_lanes), (k, 1))
        for g, (schedule, _) in enumerate(self.groups):
            if schedule != grid.name:
                continue
            index = [self.lanes[g].index(lane) for lane in grid.lanes]
            cells[g, : grid.steps, index] = grid.cells.T
            cells[g, grid.steps :, index] = grid.cells[-1][:, None]
            top[g] = grid.steps - 1
            for a, b in itertools.pairwise(index):
                nxt[g, a] = b
        return cells, top, nxt


def layout(schedules: Schedules) -> Layout:
    """Lay the schedules, placement and movement out as arrays."""
    placement = schedules.placement
    groups = tuple(sorted(set(zip(placement.schedule, placement.role, strict=True))))
    extra: dict[str, list[str]] = {}
    for _, grid in schedules.replacements:
        extra.setdefault(grid.name, []).extend(grid.lanes)
    lanes = []
    for schedule, _ in groups:
        names = list(schedules.grid(schedule).lanes)
        names += [lane for lane in dict.fromkeys(extra.get(schedule, ())) if lane not in names]
        lanes.append(tuple(names))
    steps = max([g.steps for g in schedules.grids] + [g.steps for _, g in schedules.replacements])
    shell = Layout(
        schedules=schedules,
        groups=groups,
        lanes=tuple(lanes),
        grid0=np.zeros((len(groups), steps, max(len(n) for n in lanes))),
        top0=np.zeros(len(groups), dtype=np.intp),
        next0=np.zeros((len(groups), 1), dtype=np.intp),
        fte0=np.zeros(0),
        exits=np.zeros(0),
        hire_cell=np.zeros((len(groups), 2), dtype=np.intp),
        new_hire=None,
    )
    grid0 = np.zeros_like(shell.grid0)
    top0 = np.zeros(len(groups), dtype=np.intp)
    next0 = np.zeros(grid0.shape[::2], dtype=np.intp)
    for grid in schedules.grids:
        cells, top, nxt = shell.place(grid, steps)
        mine = np.array([s == grid.name for s, _ in groups])
        grid0[mine], top0[mine], next0[mine] = cells[mine], top[mine], nxt[mine]
    fte0 = np.zeros_like(grid0)
    index = {group: g for g, group in enumerate(groups)}
    g_of = np.array([index[(s, r)] for s, r in zip(placement.schedule, placement.role, strict=True)])
    l_of = np.array([lanes[g].index(lane) for g, lane in zip(g_of, placement.lane, strict=True)])
    np.add.at(fte0, (g_of, placement.step - 1, l_of), placement.fte)
    movement = schedules.movement
    hire_cell = np.zeros((len(groups), 2), dtype=np.intp)
    for g, (schedule, _) in enumerate(groups):
        grid = schedules.grid(schedule)
        step, lane = movement.replaced_at or (1, grid.lanes[0])
        hire_cell[g] = (step - 1, lanes[g].index(lane))
    new_hire = None
    if schedules.new_hire is not None:
        cell = schedules.new_hire
        # Added positions take the role holding most FTE on their schedule (for raises aimed at roles).
        candidates = [g for g, (s, _) in enumerate(groups) if s == cell.schedule]
        if candidates:
            g = max(candidates, key=lambda c: float(fte0[c].sum()))
            new_hire = (g, cell.step - 1, lanes[g].index(cell.lane))
    return Layout(
        schedules=schedules,
        groups=groups,
        lanes=tuple(lanes),
        grid0=grid0,
        top0=top0,
        next0=next0,
        fte0=fte0,
        exits=movement.exit_rates(steps),
        hire_cell=hire_cell,
        new_hire=new_hire,
    )


@dataclass(frozen=True)
class YearStart:
    """What holds at one fiscal-year start, per variant: (V,) frozen, (V, K) top step, (V, K, L) next lane,
    and an optional crosswalk to apply after moving: (V,) which variants, (K, C, C) the map."""

    frozen: NDArray[np.bool_]
    top: IntArray
    next_lane: IntArray
    crosswalk: tuple[NDArray[np.bool_], FloatArray] | None = None
    # A grid replaced mid-way through the year before: its members already sit on the new grid, so they
    # cross before moving (on the new grid).
    crosswalk_first: tuple[NDArray[np.bool_], FloatArray] | None = None


def move(fte: FloatArray, at: YearStart, lay: Layout, exits: bool = True) -> FloatArray:
    """(V, K, S, L) FTE after one year start: exits, step and lane moves (unless frozen), hires, then the
    crosswalk of a grid replaced that day."""
    _, k, s, n_lanes = fte.shape
    if at.crosswalk_first is not None:
        fte = _walk(fte, *at.crosswalk_first)
    movement = lay.schedules.movement
    steps_per_year, lane_moves = movement.steps_per_year, movement.lane_moves
    rates = movement.exit_rates(s) if exits else np.zeros(s)
    leaving = fte * rates[None, None, :, None]
    staying = fte - leaving
    moved = staying
    thaw = ~at.frozen
    if steps_per_year > 0 and thaw.any():
        shifted = np.zeros_like(staying)
        n = min(steps_per_year, s)
        shifted[:, :, n:, :] = staying[:, :, : s - n, :]
        # Members within n steps of the top end on the top step; anyone above the top stays put.
        steps = np.arange(s)
        top = at.top[:, :, None]
        reach = (steps[None, None, :] + n >= top) & (steps[None, None, :] <= top)
        at_top = (staying * reach[..., None]).sum(axis=2)  # (V, K, L)
        above = steps[None, None, :] > top
        shifted = np.where((steps[None, None, :] >= top)[..., None], 0.0, shifted)
        shifted += staying * above[..., None]
        onehot = (steps[None, None, :] == top)[..., None]
        shifted += onehot * at_top[:, :, None, :]
        moved = np.where(thaw[:, None, None, None], shifted, staying)
    if lane_moves > 0 and thaw.any():
        lanes = np.arange(n_lanes)
        has_next = (at.next_lane != lanes[None, None, :]).astype(np.float64)  # (V, K, L)
        going = moved * (lane_moves * has_next)[:, :, None, :]
        onto = at.next_lane[..., None] == lanes  # (V, K, from, to)
        shifted_lanes = moved - going + np.einsum("vksl,vklm->vksm", going, onto.astype(np.float64))
        moved = np.where(thaw[:, None, None, None], shifted_lanes, moved)
    hires = leaving.sum(axis=(2, 3))  # (V, K)
    out = moved.copy()
    groups = np.arange(k)
    out[:, groups, lay.hire_cell[:, 0], lay.hire_cell[:, 1]] += hires
    if at.crosswalk is not None:
        out = _walk(out, *at.crosswalk)
    return out


def _walk(fte: FloatArray, which: NDArray[np.bool_], mapping: FloatArray) -> FloatArray:
    """(V, K, S, L) FTE sent along a crosswalk (K, C, C) for the variants ``which``."""
    v, k, s, n_lanes = fte.shape
    walked = np.einsum("vkc,kcd->vkd", fte.reshape(v, k, s * n_lanes), mapping).reshape(fte.shape)
    result: FloatArray = np.where(which[:, None, None, None], walked, fte)
    return result


def status_quo(lay: Layout, n_years: int) -> FloatArray:
    """(Y, K, S, L) FTE by cell in each fiscal year with no new agreement."""
    k, s, n_lanes = lay.shape
    fte = lay.fte0[None]
    at = YearStart(
        frozen=np.zeros(1, dtype=bool),
        top=lay.top0[None],
        next_lane=lay.next0[None],
    )
    years = [fte[0]]
    for _ in range(1, n_years):
        fte = move(fte, at, lay)
        years.append(fte[0])
    return np.stack(years) if years else np.zeros((0, k, s, n_lanes))


def yearly_pay(fte: FloatArray, grid: FloatArray) -> FloatArray:
    """(..., K) pay summed over cells: FTE x full-time salary."""
    result: FloatArray = (fte * grid).sum(axis=(-2, -1))
    return result


@dataclass(frozen=True)
class Growth:
    """Each year's status-quo payroll growth over the year before, split as costing practice asks."""

    gross: FloatArray  # (Y,) continuing members' movement on the grid
    breakage: FloatArray  # (Y,) leavers' pay less their replacements' pay
    net: FloatArray  # (Y,) gross - breakage


def growth(lay: Layout, fte: FloatArray) -> Growth:
    """Split status-quo growth year by year (the first year shows none: the placement is that year's)."""
    n_years = fte.shape[0]
    gross, breakage = np.zeros(n_years), np.zeros(n_years)
    rates = lay.exits
    at = YearStart(np.zeros(1, dtype=bool), lay.top0[None], lay.next0[None])
    for y in range(1, n_years):
        before = fte[y - 1]
        leaving = before * rates[None, :, None]
        staying = before - leaving
        # Moving the continuing members alone (no exits, so no hires) gives their pay after movement.
        after = move(staying[None], at, lay, exits=False)[0]
        gross[y] = float(((after - staying) * lay.grid0).sum())
        hired = leaving.sum(axis=(1, 2))
        hire_pay = lay.grid0[np.arange(lay.shape[0]), lay.hire_cell[:, 0], lay.hire_cell[:, 1]]
        breakage[y] = float((leaving * lay.grid0).sum() - (hired * hire_pay).sum())
    return Growth(gross=gross, breakage=breakage, net=gross - breakage)
