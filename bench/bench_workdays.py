"""10,000 work-day variants of the costing bench's proposal: best of 3 and the peak memory of one batch.

Run against this tree, or against another commit's sources to compare under the same load:
    .venv/bin/python bench/bench_workdays.py
    git archive COMMIT src | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src .venv/bin/python bench/bench_workdays.py
"""

from __future__ import annotations

import dataclasses
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bargaining
from bargaining.costing import CostContext, cost_batch
from bench_costing import WORK_YEAR, make_case, variants


def main() -> None:
    case = make_case()
    accrued = dataclasses.replace(case, calendar=dataclasses.replace(case.calendar, work_year=WORK_YEAR))
    ctx = CostContext.of(accrued)
    batch = variants(10_000)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        cost_batch(ctx, batch)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    cost_batch(ctx, batch)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"sources: {Path(bargaining.__file__).parent}")
    each = ", ".join(f"{t:.2f}" for t in times)
    print(f"10,000 variants on 186 work days: best of 3 {min(times):.2f} s ({each})")
    print(f"peak memory of one batch: {peak / 2**20:,.0f} MiB (tracemalloc), {resident:,.0f} MiB resident")


if __name__ == "__main__":
    main()
