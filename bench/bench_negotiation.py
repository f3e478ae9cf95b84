"""alternating_offers speed: Boulware against a conceder over 100 rounds.

One negotiation on 1,000 outcomes; a batch of 100,000 negotiations with per-run exponents and reserved
values (so every run differs); one negotiation on 100,000 outcomes.

Run: .venv/bin/python bench/bench_negotiation.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from bargaining.simulate import Agreements, alternating_offers, boulware, conceder

ROUNDS = 100


def best_of(fn: Callable[[], object], repeat: int, number: int) -> float:
    """Best mean seconds per call over ``repeat`` rounds of ``number`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def opposed(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n packages whose utilities pull against each other (B's is 1 - A's, plus noise): a real dispute,
    where agreement comes late, not a random cloud with a package both love."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    a = rng.random(n)
    b = np.clip(1.0 - a + 0.05 * rng.standard_normal(n), 0.0, 1.0)
    return a, b


def describe(result: Agreements) -> str:
    agreed = result.outcome >= 0
    return f"{agreed.mean():.0%} agree, mean round {result.round[agreed].mean():.1f}"


def main() -> None:
    a, b = opposed(1_000, 1)
    one = best_of(lambda: alternating_offers(a, b, boulware(0.2), conceder(5.0), ROUNDS), 5, 200)
    single = alternating_offers(a, b, boulware(0.2), conceder(5.0), ROUNDS)
    print(f"one negotiation, 1,000 outcomes, {ROUNDS} rounds: {one * 1e3:.3f} ms ({describe(single)})")

    runs = 100_000
    rng = np.random.default_rng(np.random.SeedSequence(2))
    exp_a, exp_b = rng.uniform(0.1, 0.5, runs), rng.uniform(2.0, 8.0, runs)
    reserved = (rng.uniform(0.0, 0.3, runs), rng.uniform(0.0, 0.3, runs))

    def batch() -> Agreements:
        return alternating_offers(a, b, boulware(exp_a), conceder(exp_b), ROUNDS, reserved, runs=runs)

    batched = best_of(batch, 3, 1)
    print(
        f"batch of {runs:,} (per-run exponents and reserved values): {batched:.3f} s = "
        f"{runs / batched:,.0f} negotiations/s ({describe(batch())})"
    )
    start = time.perf_counter()
    for i in range(1_000):
        alternating_offers(
            a, b, boulware(exp_a[i]), conceder(exp_b[i]), ROUNDS, (reserved[0][i], reserved[1][i])
        )
    looped = (time.perf_counter() - start) / 1_000
    print(f"the same runs one call each, for comparison: {1 / looped:,.0f} negotiations/s")

    big_a, big_b = opposed(100_000, 3)
    big = best_of(lambda: alternating_offers(big_a, big_b, boulware(0.2), conceder(5.0), ROUNDS), 5, 3)
    big_result = alternating_offers(big_a, big_b, boulware(0.2), conceder(5.0), ROUNDS)
    print(f"one negotiation, 100,000 outcomes, {ROUNDS} rounds: {big * 1e3:.1f} ms ({describe(big_result)})")


if __name__ == "__main__":
    main()
