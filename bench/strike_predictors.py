"""What in a dispute's inputs tells whether it ends in a strike? A check on the reference class, not part of
the model: for each single input, a logistic curve fitted on the other disputes (leave-one-out, so a
dispute's own outcome is never used) predicts a strike where it gives one half or more. Scored on the
disputes the backtest forecasts (both last raises), against the base rate of the others.

Inputs tried: the unit's size (members, else students over the priors' students per teacher; log scale),
the gap between the last positions a year, the district's last offer a year, the union's last ask a year,
the share struck among the other disputes in the same state, and whether the same employer's previous
dispute in the class ended in a strike.

Run: .venv/bin/python bench/strike_predictors.py
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from bargaining.analysis import positions_of_dispute
from bargaining.inputs.priors import bundled_priors
from bargaining.inputs.reference import load_reference
from bargaining.model import Dispute

Feature = Callable[[Dispute, Sequence[Dispute]], float | None]
RIDGE = 0.1  # a light penalty on the slope, so a feature that separates a few disputes stays finite


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Intercept and slope of a logistic curve by Newton's method (the slope lightly penalized)."""
    design = np.column_stack([np.ones_like(x), x])
    w = np.zeros(2)
    penalty = np.diag([0.0, RIDGE])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-design @ w))
        grad = design.T @ (p - y) + penalty @ w
        hess = (design.T * (p * (1.0 - p))) @ design + penalty
        w -= np.linalg.solve(hess, grad)
    return w


def size(dispute: Dispute, _: Sequence[Dispute]) -> float | None:
    ratio = float(bundled_priors().payroll.students_per_teacher.value)
    if dispute.size.members is not None:
        return math.log(dispute.size.members.value)
    if dispute.size.students is not None:
        return math.log(dispute.size.students.value / ratio)
    return None


def per_year(side: str | None) -> Feature:
    def feature(dispute: Dispute, _: Sequence[Dispute]) -> float | None:
        positions = positions_of_dispute(dispute)
        if positions is None:
            return None
        years = len(positions.years)
        if side is None:
            return float(positions.total("union") - positions.total("district")) / years
        return float(positions.total(side)) / years

    return feature


def state_share(dispute: Dispute, others: Sequence[Dispute]) -> float | None:
    same = [d.struck for d in others if d.state == dispute.state]
    return sum(same) / len(same) if same else None


def previous_struck(dispute: Dispute, others: Sequence[Dispute]) -> float | None:
    earlier = [d for d in others if d.employer == dispute.employer and d.years[1] < dispute.years[1]]
    if not earlier:
        return None
    return 1.0 if max(earlier, key=lambda d: d.years).struck else 0.0


FEATURES: dict[str, Feature] = {
    "unit size (log members)": size,
    "gap a year (points)": per_year(None),
    "district's last offer a year": per_year("district"),
    "union's last ask a year": per_year("union"),
    "share struck in the same state": state_share,
    "the employer's previous dispute struck": previous_struck,
}


def score(disputes: Sequence[Dispute], feature: Feature | None) -> tuple[int, int, float]:
    """Right calls, disputes scored and mean Brier score over the scored disputes the feature covers."""
    right = scored = 0
    brier = 0.0
    for dispute in disputes:
        if positions_of_dispute(dispute) is None:
            continue
        others = [d for d in disputes if d.id != dispute.id]
        y = np.array([1.0 if d.struck else 0.0 for d in others])
        if feature is None:
            p = float(y.mean())
        else:
            own = feature(dispute, others)
            xs: list[float] = []
            ys: list[float] = []
            for other, struck in zip(others, y, strict=True):
                # each training dispute's own feature sees the class without it, as the scored one does
                value = feature(other, [d for d in disputes if d.id != other.id])
                if value is not None:
                    xs.append(value)
                    ys.append(float(struck))
            if own is None or len(xs) < 5:
                continue
            w = fit(np.array(xs), np.array(ys))
            p = float(1.0 / (1.0 + math.exp(-(w[0] + w[1] * own))))
        scored += 1
        right += (p >= 0.5) == dispute.struck
        brier += (p - float(dispute.struck)) ** 2
    return right, scored, brier / scored if scored else float("nan")


def main() -> None:
    disputes, errors = load_reference()
    assert disputes is not None, errors
    forecast = [d for d in disputes if positions_of_dispute(d) is not None]
    print(
        f"{len(disputes)} disputes, {sum(d.struck for d in disputes)} struck; "
        f"{len(forecast)} with both last raises, {sum(d.struck for d in forecast)} struck"
    )
    print(f"{'predictor':42} {'right':>10} {'Brier':>7}")
    for name, feature in [("base rate of the others", None), *FEATURES.items()]:
        right, scored, brier = score(disputes, feature)
        print(f"{name:42} {right:>3} of {scored:<3}  {brier:7.3f}")


if __name__ == "__main__":
    main()
