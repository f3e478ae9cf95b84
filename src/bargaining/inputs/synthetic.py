"""Generate a reproducible roster from the summary figures districts publish."""

from __future__ import annotations

import numpy as np

from bargaining.inputs.schema import Synthetic
from bargaining.model import Roster


def synthesize_roster(spec: Synthetic) -> Roster:
    """Draw lognormal salaries with the given mean and spread, clipped to the schedule's range.

    After clipping, salaries are shifted within the range so the mean matches the published figure
    exactly: the mean is what costing depends on, the spread only shapes per-member views.
    """
    rng = np.random.default_rng(np.random.SeedSequence(spec.seed))
    n = spec.members
    if spec.sd_salary == 0:
        salary = np.full(n, spec.mean_salary)
    else:
        sigma2 = np.log1p((spec.sd_salary / spec.mean_salary) ** 2)
        mu = np.log(spec.mean_salary) - sigma2 / 2
        salary = rng.lognormal(mu, np.sqrt(sigma2), size=n)
    low = spec.min_salary if spec.min_salary is not None else 0.0
    high = spec.max_salary if spec.max_salary is not None else np.inf
    for _ in range(50):
        salary = np.clip(salary, low, high)
        gap = spec.mean_salary - salary.mean()
        if abs(gap) < 1e-9 * spec.mean_salary:
            break
        # Spread the correction over members not already at the bound we are pushing against.
        movable = salary < high if gap > 0 else salary > low
        salary = salary + np.where(movable, gap * n / max(int(movable.sum()), 1), 0.0)
    salary = np.clip(salary, low, high)
    names = list(spec.roles)
    shares = np.array([spec.roles[name] for name in names], dtype=np.float64)
    counts = np.floor(shares / shares.sum() * n).astype(int)
    # Largest remainders get the members lost to flooring, so counts add up to n exactly.
    remainders = shares / shares.sum() * n - counts
    counts[np.argsort(-remainders, kind="stable")[: n - counts.sum()]] += 1
    roles = tuple(name for name, count in zip(names, counts, strict=True) for _ in range(count))
    order = rng.permutation(n)
    return Roster(
        ids=tuple(f"m{i + 1:06d}" for i in range(n)),
        roles=tuple(roles[i] for i in order),
        fte=np.full(n, spec.fte),
        salary=salary.astype(np.float64),
    )
