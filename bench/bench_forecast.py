"""Speed of a forecast from the positions alone (issue 14): 10^6 runs of the bundled LAUSD case with its
preferences and simulation sections taken out (so every key comes from the priors) on one process, after
the strike rate's anchor on the reference class (timed on its own; LAUSD 2019 left out as matching the
case), and the leave-one-out backtest of the whole reference class. Each time is the best of three.

Run: .venv/bin/python bench/bench_forecast.py [RUNS]
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from pathlib import Path

from bargaining.analysis import exclude_matching
from bargaining.inputs import load_case
from bargaining.inputs.priors import bundled_priors
from bargaining.inputs.reference import load_reference
from bargaining.simulate.anchor import forecast_with_reference
from bargaining.simulate.backtest import backtest
from bargaining.simulate.montecarlo import simulate
from bargaining.simulate.outlook import forecast_block

CASE = Path(__file__).resolve().parents[1] / "cases" / "lausd-2019"
SEED = 2019
REPEAT = 3


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    case, errors = load_case(CASE)
    assert case is not None and not errors, errors
    case = dataclasses.replace(case, preferences=None, simulation=None)
    disputes, errors = load_reference()
    assert disputes is not None, errors
    names = (case.employer.name, case.employer.short or "")
    kept = exclude_matching(
        disputes, employer_names=names, years=(case.calendar.first_year, case.calendar.last_year), ids=[]
    ).kept
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        forecast = forecast_with_reference(case, bundled_priors(), kept)
        best = min(best, time.perf_counter() - start)
    print(f"the forecast's anchor on {len(kept)} reference disputes, one process: {best:.2f} s")
    model = forecast.model
    assert model is not None
    simulate(model, 4096, SEED)  # warm up
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        block = forecast_block(forecast, simulate(model, runs, SEED))
        best = min(best, time.perf_counter() - start)
    shape = f"{len(model.outcomes)} packages, {model.timetable.sessions} sessions"
    print(f"{runs:,} runs of {case.id} from its positions ({shape}), one process: {best:.2f} s")
    load = f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    print(f"  {runs / best:,.0f} runs/s; P(strike) {block['p_strike']:.3f}; {load}")
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = backtest(disputes, bundled_priors())
        best = min(best, time.perf_counter() - start)
    what = f"{len(disputes)} disputes ({len(result.rows)} forecast, {result.runs:,} runs each)"
    print(f"backtest of {what}: {best:.2f} s")


if __name__ == "__main__":
    main()
