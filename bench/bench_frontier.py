"""Benchmark: Pareto frontier plus Nash point for 10^6 random packages with two utilities.

Target (issue 4): under 0.2 s and 150 MB. Run: .venv/bin/python bench/bench_frontier.py
Peak memory is measured with tracemalloc (numpy reports its buffers to it) around the timed call only.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from bargaining.analysis import nash_point, pareto_mask


def frontier_and_nash(points: np.ndarray, disagreement: np.ndarray) -> tuple[int, int]:
    mask = pareto_mask(points)
    return int(mask.sum()), nash_point(points, disagreement)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    rng = np.random.default_rng(np.random.SeedSequence(args.seed))
    n = args.n
    x = rng.uniform(0, 100, n)
    shapes = {
        # Utilities on a 0-100 scale with a trade-off, rounded to 0.01 as scores are: many exact ties.
        "trade-off": np.round(np.column_stack((x, np.clip(100 - x + rng.normal(0, 15, n), 0, 100))), 2),
        "uniform square": rng.uniform(0, 100, (n, 2)),
        # Worst case: every point is on the frontier, nothing can be filtered before the sort.
        "all on frontier": np.column_stack((x, 100 - x)),
    }
    disagreement = np.array([30.0, 30.0])
    for name, points in shapes.items():
        frontier_and_nash(points[:1000], disagreement)  # warm up imports and caches
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            size, index = frontier_and_nash(points, disagreement)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        frontier_and_nash(points, disagreement)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{name:>16}: n={n:,} k=2, frontier {size:,} points, nash index {index}; "
            f"best of {args.repeat} {min(times):.3f} s, median {sorted(times)[len(times) // 2]:.3f} s; "
            f"peak {peak / 2**20:.1f} MB above the {points.nbytes / 2**20:.1f} MB input"
        )


if __name__ == "__main__":
    main()
