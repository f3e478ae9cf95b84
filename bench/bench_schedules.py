"""Costing on a salary schedule: one proposal on a 35,000-member roster placed on a 40-step x 12-lane grid
over 5 fiscal years; 10,000 variants of it in one batch (time and peak memory); and the same proposal
costed by a straightforward per-member Python loop, whose pay must agree with the engine's.

Run: .venv/bin/python bench/bench_schedules.py
Targets (issue 11): one proposal < 5 ms; 10,000 variants < 3 s with peak memory < 1 GB; >= 100x the loop.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import tracemalloc

import numpy as np

from bargaining.costing import CostContext, cost_batch, cost_proposal, stack
from bargaining.model import (
    Calendar,
    Case,
    CellRaise,
    DatedRate,
    Grid,
    MinimumSalary,
    Movement,
    Party,
    Placement,
    Proposal,
    Raise,
    Roster,
    Schedules,
    StepAdd,
    StepFreeze,
    Unit,
)

MEMBERS, STEPS, LANES = 35_000, 40, 12
CAL = Calendar(2018, 2022)  # 2018-19 to 2022-23: five fiscal years of 12 pay periods


def make_case(movement: Movement) -> Case:
    rng = np.random.default_rng(11)
    lanes = tuple(f"L{i + 1}" for i in range(LANES))
    # A grid from $50,000: 2.5% a step, 4% a lane.
    cells = 50_000 * 1.025 ** np.arange(STEPS)[:, None] * 1.04 ** np.arange(LANES)[None, :]
    grid = Grid("teachers", lanes, cells)
    step = rng.integers(1, STEPS + 1, MEMBERS)
    lane = rng.integers(0, LANES, MEMBERS)
    ids = tuple(f"m{i}" for i in range(MEMBERS))
    placement = Placement(
        ("teachers",) * MEMBERS,
        step.astype(np.int64),
        tuple(lanes[i] for i in lane),
        ("teacher",) * MEMBERS,
        np.ones(MEMBERS),
        ids,
    )
    roster = Roster(ids, placement.role, np.ones(MEMBERS), cells[step - 1, lane])
    schedules = Schedules((grid,), placement, movement)
    rate = DatedRate(((dt.date(2018, 7, 1), 0.1773), (dt.date(2019, 7, 1), 0.1855)))
    unit = Unit(roster, rate, 12_000.0, 0.0, 52_000.0, schedules=schedules)
    party = Party(name="x", short="x")
    return Case("bench", "bench", "generic", CAL, party, party, None, unit, ())


def proposal(
    raise_percent: float = 3.0, cell_percent: float = 2.0, count: int = 1, floor: float = 52_000
) -> Proposal:
    return Proposal(
        id="bench",
        party="employer",
        date=dt.date(2019, 1, 11),
        terms=(
            MinimumSalary(
                type="minimum_salary", schedule="teachers", amount=floor, effective=dt.date(2018, 7, 1)
            ),
            Raise(type="raise", percent=raise_percent, effective=dt.date(2018, 7, 1)),
            CellRaise(
                type="cell_raise",
                schedule="teachers",
                steps=(1, 10),
                percent=cell_percent,
                effective=dt.date(2019, 7, 1),
            ),
            StepAdd(
                type="step_add", schedule="teachers", count=count, percent=2, effective=dt.date(2019, 7, 1)
            ),
            StepFreeze(type="step_freeze", fiscal_year="2021-22"),
        ),
    )


def best_of(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def loop_pay(case: Case, prop: Proposal) -> float:
    """Pay over the horizon, member by member and month by month, in plain Python (steps only)."""
    grid = case.unit.schedules.grid("teachers")  # type: ignore[union-attr]
    placement = case.unit.schedules.placement  # type: ignore[union-attr]
    base = grid.cells.tolist()
    lane_of = {name: i for i, name in enumerate(grid.lanes)}
    floor, raise_, cell, add, freeze = prop.terms
    starts = CAL.period_starts()
    total = 0.0
    for member in range(len(placement)):
        step, lane = int(placement.step[member]) - 1, lane_of[placement.lane[member]]
        for y in range(len(CAL.years)):
            year_start = CAL.year_start(CAL.years[y])
            top = STEPS - 1 + (add.count if add.effective <= year_start else 0)  # type: ignore[union-attr]
            if y > 0 and CAL.labels[y] != freeze.fiscal_year:  # type: ignore[union-attr]
                step = min(step + 1, top)
            for month in range(12):
                day = starts[y * 12 + month]
                if step < STEPS:
                    pay = base[step][lane]
                else:
                    pay = base[STEPS - 1][lane] * (1 + add.percent / 100) ** (step - STEPS + 1)  # type: ignore[union-attr, operator]
                # The order of the engine on one day: percentages, then the floor; later days after.
                if raise_.effective <= day:  # type: ignore[union-attr]
                    pay *= 1 + raise_.percent / 100  # type: ignore[union-attr]
                if floor.effective <= day:  # type: ignore[union-attr]
                    pay = max(pay, floor.amount)  # type: ignore[union-attr]
                if cell.effective <= day and step < 10:  # type: ignore[union-attr]
                    pay *= 1 + cell.percent / 100  # type: ignore[union-attr, operator]
                total += pay / 12
    return total


def main() -> None:
    print(f"load average at start: {os.getloadavg()}")
    case = make_case(Movement(steps_per_year=1, lane_moves=0.05, exits=0.06, replaced_at=(1, "L1")))
    ctx = CostContext.of(case)
    one = proposal()
    cost_proposal(ctx, one)
    single = best_of(20, lambda: cost_proposal(ctx, one))
    print(
        f"one proposal, {MEMBERS:,} members on a {STEPS}x{LANES} grid, 5 fiscal years: {single * 1000:.2f} ms"
    )

    rng = np.random.default_rng(2)
    variants = [
        proposal(float(r), float(c), int(n), float(f))
        for r, c, n, f in zip(
            rng.uniform(0, 8, 10_000),
            rng.uniform(0, 5, 10_000),
            rng.integers(1, 4, 10_000),
            rng.uniform(50_000, 60_000, 10_000),
            strict=True,
        )
    ]
    batch = stack(variants)
    tracemalloc.start()
    start = time.perf_counter()
    result = cost_batch(ctx, batch)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert np.all(np.isfinite(result.totals()))
    print(f"10,000 variants in one batch: {elapsed:.2f} s, peak memory {peak / 2**20:.0f} MiB")

    steps_only = make_case(Movement(steps_per_year=1))
    ctx2 = CostContext.of(steps_only)
    engine = best_of(5, lambda: cost_proposal(ctx2, one))
    result_one = cost_proposal(ctx2, one)
    from bargaining.costing import status_quo

    engine_pay = sum(status_quo(ctx2).salary) + sum(
        sum(result_one.components[name]) for name in ("salary", "step_column")
    )
    start = time.perf_counter()
    looped = loop_pay(steps_only, one)
    loop = time.perf_counter() - start
    assert abs(looped - engine_pay) < 1e-6 * looped, (looped, engine_pay)
    print(
        f"per-member Python loop: {loop:.2f} s against {engine * 1000:.2f} ms vectorised: "
        f"{loop / engine:,.0f}x (pay agrees: ${engine_pay:,.2f})"
    )
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
