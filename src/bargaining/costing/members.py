"""What a proposal means for each member: pay by fiscal year, cell by cell, under the status quo and the
proposal. A member here stays in the unit and keeps their lane: they move ``steps_per_year`` steps a year
on the grid (a freeze stops them; new top steps and a replaced grid's crosswalk take them along), and no
lane move or exit is assumed, since those are shares of a group, not one person's path."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from bargaining.costing.batch import stack
from bargaining.costing.cells import FloatArray, Layout
from bargaining.costing.context import CostContext
from bargaining.costing.schedule import Plan
from bargaining.model import Movement, Proposal


@dataclass(frozen=True)
class CellPay:
    """One cell a member may start the horizon in, and their full-time pay by fiscal year."""

    schedule: str
    step: int
    lane: str
    fte: float  # FTE placed there in the first fiscal year
    status_quo: tuple[float, ...]
    proposal: tuple[float, ...]


@dataclass(frozen=True)
class MemberPay:
    id: str
    role: str
    schedule: str
    step: int
    lane: str
    fte: float
    status_quo: tuple[float, ...]  # pay per full-time member
    proposal: tuple[float, ...]


@dataclass(frozen=True)
class MembersPay:
    proposal: Proposal
    fiscal_years: tuple[str, ...]
    cells: tuple[CellPay, ...]
    members: tuple[MemberPay, ...]  # empty for a scattergram


def shown_groups(lay: Layout) -> dict[str, int]:
    """The group (schedule, role) whose cells stand for each schedule: the role holding most FTE on it."""
    shown: dict[str, int] = {}
    for g, (schedule, _) in enumerate(lay.groups):
        if schedule not in shown or lay.fte0[g].sum() > lay.fte0[shown[schedule]].sum():
            shown[schedule] = g
    return shown


def _starting_pay(ctx: CostContext, proposal: Proposal) -> FloatArray:
    """(K, S, L, Y) full-time pay by fiscal year of a member starting in each cell."""
    lay = ctx.layout
    assert lay is not None
    k, s, n_lanes = lay.shape
    size = k * s * n_lanes
    batch = stack([proposal] * size)
    plan = Plan(ctx, batch, np.arange(size))
    stays = dataclasses.replace(
        lay,
        schedules=dataclasses.replace(
            lay.schedules, movement=Movement(steps_per_year=lay.schedules.movement.steps_per_year)
        ),
    )
    start = np.zeros((size, plan.k, plan.steps, plan.n_lanes))
    index = np.arange(size)
    start[index, index // (s * n_lanes), (index // n_lanes) % s, index % n_lanes] = 1.0
    per_period = plan.pay(plan.track(start, base_grid=False, lay=stays)).sum(axis=2)  # (size, P)
    yearly = ctx.by_year(per_period) / ctx.periods_per_year  # (size, Y)
    result: FloatArray = yearly.reshape(k, s, n_lanes, ctx.n_years)
    return result


def members_pay(ctx: CostContext, proposal: Proposal) -> MembersPay:
    """Pay of every cell (and every member of a roster) under the status quo and under ``proposal``."""
    ctx = ctx.for_proposal(proposal)  # on the proposal's own unit
    lay = ctx.layout
    if lay is None:
        raise ValueError("the case has no salary schedules: members' pay is worked out on a schedule")
    nothing = Proposal(id="status-quo", party="joint", date=proposal.date)
    before, after = _starting_pay(ctx, nothing), _starting_pay(ctx, proposal)
    schedules = lay.schedules
    shown = shown_groups(lay)
    rows = []
    for grid in schedules.grids:
        if grid.name not in shown:
            continue
        g = shown[grid.name]
        on_schedule = [h for h, (name, _) in enumerate(lay.groups) if name == grid.name]
        for step in range(1, grid.steps + 1):
            for lane in grid.lanes:
                li = lay.lane_index(g, lane)
                fte = float(sum(lay.fte0[h, step - 1, lay.lane_index(h, lane)] for h in on_schedule))
                rows.append(
                    CellPay(
                        grid.name,
                        step,
                        lane,
                        fte,
                        tuple(float(x) for x in before[g, step - 1, li]),
                        tuple(float(x) for x in after[g, step - 1, li]),
                    )
                )
    placement = schedules.placement
    members = []
    if placement.ids is not None:
        group = {name: g for g, name in enumerate(lay.groups)}
        for i, member in enumerate(placement.ids):
            g = group[(placement.schedule[i], placement.role[i])]
            step, li = int(placement.step[i]) - 1, lay.lane_index(g, placement.lane[i])
            members.append(
                MemberPay(
                    member,
                    placement.role[i],
                    placement.schedule[i],
                    step + 1,
                    placement.lane[i],
                    float(placement.fte[i]),
                    tuple(float(x) for x in before[g, step, li]),
                    tuple(float(x) for x in after[g, step, li]),
                )
            )
    return MembersPay(proposal, ctx.case.calendar.labels, tuple(rows), tuple(members))
