"""Invariants of costing on salary schedules, over generated grids, placements and movement."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.costing import CostContext, cost_batch, cost_proposal, stack, status_quo
from bargaining.model import (
    Calendar,
    Case,
    CellRaise,
    DatedRate,
    Grid,
    MinimumSalary,
    Movement,
    OneTime,
    Party,
    Placement,
    Proposal,
    Raise,
    Roster,
    ScheduleAdd,
    Schedules,
    StepAdd,
    StepFreeze,
    Unit,
)

CAL = Calendar(first_year=2020, last_year=2023)
PARTY = Party(name="x", short="x")
LANES = ("BA", "MA", "PhD")


def grid_case(cells: np.ndarray, steps: list[int], lanes: list[int], movement: Movement, rate: float) -> Case:
    grid = Grid("teachers", LANES[: cells.shape[1]], cells)
    n = len(steps)
    placement = Placement(
        schedule=("teachers",) * n,
        step=np.array(steps, dtype=np.int64),
        lane=tuple(grid.lanes[i] for i in lanes),
        role=("teacher",) * n,
        fte=np.ones(n),
        ids=tuple(f"m{i}" for i in range(n)),
    )
    salary = np.array([cells[s - 1, lane] for s, lane in zip(steps, lanes, strict=True)])
    roster = Roster(placement.ids or (), placement.role, np.ones(n), salary)
    schedules = Schedules((grid,), placement, movement)
    unit = Unit(roster, DatedRate(((dt.date(2020, 7, 1), rate),)), 0.0, 0.0, 50000.0, schedules=schedules)
    return Case("g", "g", "generic", CAL, PARTY, PARTY, None, unit, ())


def flat_case(salary: float, n: int, rate: float) -> Case:
    roster = Roster(tuple(f"m{i}" for i in range(n)), ("teacher",) * n, np.ones(n), np.full(n, salary))
    unit = Unit(roster, DatedRate(((dt.date(2020, 7, 1), rate),)), 0.0, 0.0, 50000.0)
    return Case("f", "f", "generic", CAL, PARTY, PARTY, None, unit, ())


def proposal(*terms: object) -> Proposal:
    return Proposal(id="p", party="union", date=dt.date(2020, 6, 1), terms=terms)  # type: ignore[arg-type]


@st.composite
def placed(draw: st.DrawFn) -> tuple[np.ndarray, list[int], list[int], Movement]:
    n_steps = draw(st.integers(1, 6))
    n_lanes = draw(st.integers(1, 3))
    base = draw(st.floats(30000, 90000))
    rise = draw(st.lists(st.floats(0, 4000), min_size=n_steps * n_lanes, max_size=n_steps * n_lanes))
    cells = base + np.cumsum(np.array(rise).reshape(n_steps, n_lanes), axis=0)
    members = draw(st.integers(1, 12))
    steps = draw(st.lists(st.integers(1, n_steps), min_size=members, max_size=members))
    lanes = draw(st.lists(st.integers(0, n_lanes - 1), min_size=members, max_size=members))
    movement = Movement(
        steps_per_year=draw(st.integers(0, 2)),
        lane_moves=draw(st.sampled_from([0.0, 0.25, 0.5])),
        exits=draw(st.sampled_from([0.0, 0.1, 0.3])),
    )
    return cells, steps, lanes, movement


days = st.dates(dt.date(2020, 7, 1), dt.date(2024, 6, 30))
years = st.sampled_from(CAL.labels)


@settings(max_examples=60, deadline=None)
@given(placed(), days, years)
def test_a_zero_change_costs_nothing(
    grid: tuple[np.ndarray, list[int], list[int], Movement], day: dt.date, _: str
) -> None:
    cells, steps, lanes, movement = grid
    ctx = CostContext.of(grid_case(cells, steps, lanes, movement, 0.2))
    zero = proposal(
        Raise(type="raise", percent=0, effective=day),
        ScheduleAdd(type="schedule_add", amount=0, effective=day),
        CellRaise(type="cell_raise", schedule="teachers", steps=(1, 1), percent=0, effective=day),
    )
    result = cost_proposal(ctx, zero)
    assert all(abs(v) < 1e-6 for values in result.components.values() for v in values)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(30000, 150000),
    placed(),
    st.floats(0, 0.3),
    st.floats(0, 10),
    st.floats(-2000, 2000),
    days,
    st.floats(0, 3000),
    days,
)
def test_a_flat_grid_with_no_movement_costs_what_the_flat_roster_costs(
    salary: float,
    grid: tuple[np.ndarray, list[int], list[int], Movement],
    rate: float,
    percent: float,
    amount: float,
    effective: dt.date,
    bonus: float,
    paid: dt.date,
) -> None:
    cells, steps, lanes, _ = grid
    flat_grid = np.full_like(cells, salary)
    terms = (
        Raise(type="raise", percent=percent, effective=effective),
        ScheduleAdd(type="schedule_add", amount=amount, effective=effective),
        OneTime(type="one_time", percent=bonus / 1000, paid=paid),
    )
    on_grid = cost_proposal(
        CostContext.of(grid_case(flat_grid, steps, lanes, Movement(steps_per_year=0), rate)), proposal(*terms)
    )
    flat = cost_proposal(CostContext.of(flat_case(salary, len(steps), rate)), proposal(*terms))
    for name, values in flat.components.items():
        assert np.allclose(on_grid.components[name], values, rtol=1e-9, atol=1e-6), name


@settings(max_examples=60, deadline=None)
@given(placed(), st.floats(0.01, 20), days, st.data())
def test_raising_any_cell_never_lowers_any_cost(
    grid: tuple[np.ndarray, list[int], list[int], Movement], percent: float, day: dt.date, data: st.DataObject
) -> None:
    cells, steps, lanes, movement = grid
    step = data.draw(st.integers(1, cells.shape[0]))
    lane = data.draw(st.integers(0, cells.shape[1] - 1))
    base = CostContext.of(grid_case(cells, steps, lanes, movement, 0.1))
    raised_cells = cells.copy()
    raised_cells[step - 1, lane] *= 1 + percent / 100
    raised = CostContext.of(grid_case(raised_cells, steps, lanes, movement, 0.1))
    # The status quo payroll does not fall in any year ...
    assert all(b >= a - 1e-6 for a, b in zip(status_quo(base).total, status_quo(raised).total, strict=True))
    # ... and a proposal raising that cell (as a cell raise) costs nothing below zero in any year.
    term = CellRaise(
        type="cell_raise",
        schedule="teachers",
        steps=(step, step),
        lanes=(LANES[lane],),
        percent=percent,
        effective=day,
    )
    freeze = StepFreeze(type="step_freeze", fiscal_year=data.draw(years))
    alone = cost_proposal(base, proposal(freeze))
    both = cost_proposal(base, proposal(freeze, term))
    assert all(b >= a - 1e-6 for a, b in zip(alone.year_totals, both.year_totals, strict=True))


@settings(max_examples=30, deadline=None)
@given(
    placed(),
    st.lists(
        st.tuples(st.floats(0, 10), st.integers(1, 3), st.floats(0, 90000), days, days, years),
        min_size=2,
        max_size=6,
    ),
)
def test_variants_costed_in_one_batch_cost_what_each_costs_alone(
    grid: tuple[np.ndarray, list[int], list[int], Movement],
    variants: list[tuple[float, int, float, dt.date, dt.date, str]],
) -> None:
    """What the package space does: one structure, the new fields varied (a cell raise's percent, the count
    of new steps, the minimum salary, dates, the frozen year)."""
    cells, steps, lanes, movement = grid
    ctx = CostContext.of(grid_case(cells, steps, lanes, movement, 0.1))
    proposals = [
        proposal(
            CellRaise(type="cell_raise", schedule="teachers", steps=(1, 1), percent=pct, effective=first),
            StepAdd(type="step_add", schedule="teachers", count=count, percent=2, effective=second),
            MinimumSalary(type="minimum_salary", schedule="teachers", amount=floor, effective=second),
            StepFreeze(type="step_freeze", fiscal_year=frozen),
        )
        for pct, count, floor, first, second, frozen in variants
    ]
    together = cost_batch(ctx, stack(proposals)).totals()
    alone = [cost_proposal(ctx, p).total for p in proposals]
    assert np.allclose(together, alone, rtol=1e-9, atol=1e-6)
