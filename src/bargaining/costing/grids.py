"""The salary schedule in effect on a day, before and after a proposal: every cell's annual salary as the
costing engine pays it (raises, schedule adds, cell raises, new top steps, a minimum, a replaced grid).

A cell's salary is read as the pay of one full-time member who starts the horizon in that cell and does not
move (no step or lane movement), so the schedule view and the cost cannot disagree. After a replaced grid
the old cell shows the pay of the new cell its crosswalk leads to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np

from bargaining.costing.batch import stack
from bargaining.costing.cells import FloatArray
from bargaining.costing.context import CostContext, day_number
from bargaining.costing.members import shown_groups
from bargaining.costing.schedule import Plan
from bargaining.model import Movement, Proposal, StepAdd

Rows = tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class GridView:
    """One schedule on one day: rows are steps from 1, columns its lanes; ``after`` may have more steps."""

    schedule: str
    day: dt.date
    lanes: tuple[str, ...]
    before: Rows
    after: Rows


def _rates(ctx: CostContext, proposal: Proposal, period: int) -> FloatArray:
    """(K, S, L) annual salary in effect in ``period`` of every cell, new top steps included."""
    lay = ctx.layout
    assert lay is not None
    k, _, n_lanes = lay.shape
    steps = Plan(ctx, stack([proposal]), np.arange(1)).steps
    size = k * steps * n_lanes
    plan = Plan(ctx, stack([proposal] * size), np.arange(size))
    still = dataclasses.replace(
        lay, schedules=dataclasses.replace(lay.schedules, movement=Movement(steps_per_year=0))
    )
    start = np.zeros((size, plan.k, plan.steps, plan.n_lanes))
    index = np.arange(size)
    start[index, index // (steps * n_lanes), (index // n_lanes) % steps, index % n_lanes] = 1.0
    per_period = plan.pay(plan.track(start, base_grid=False, lay=still)).sum(axis=2)  # (size, P)
    rates: FloatArray = per_period[:, period].reshape(k, steps, n_lanes)
    return rates


def grid_views(ctx: CostContext, proposal: Proposal, day: dt.date) -> tuple[GridView, ...]:
    """Each schedule in effect on ``day`` under the status quo and under ``proposal``."""
    ctx = ctx.for_proposal(proposal)  # on the proposal's own unit
    lay = ctx.layout
    if lay is None:
        raise ValueError("the case has no salary schedules")
    calendar = ctx.case.calendar
    if not calendar.years[0] <= calendar.fiscal_year_of(day) <= calendar.years[-1]:
        raise ValueError(
            f"{day} is outside the costing horizon ({calendar.labels[0]} to {calendar.labels[-1]})"
        )
    period = int(ctx.period_containing(np.array([day_number(day)]))[0])
    nothing = Proposal(id="status-quo", party="joint", date=proposal.date)
    before, after = _rates(ctx, nothing, period), _rates(ctx, proposal, period)
    views = []
    shown = shown_groups(lay)
    for grid in lay.schedules.grids:
        g = shown.get(grid.name)
        if g is None:
            continue
        lanes = [lay.lane_index(g, lane) for lane in grid.lanes]

        def rows(rates: FloatArray, steps: int, g: int = g, lanes: list[int] = lanes) -> Rows:
            return tuple(tuple(float(rates[g, s, li]) for li in lanes) for s in range(steps))

        added = sum(t.count for t in proposal.terms if isinstance(t, StepAdd) and t.schedule == grid.name)
        views.append(
            GridView(grid.name, day, grid.lanes, rows(before, grid.steps), rows(after, grid.steps + added))
        )
    return tuple(views)
