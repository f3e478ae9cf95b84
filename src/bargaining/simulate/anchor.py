"""The strike probability and the typical strike length, anchored on the reference class.

A forecast's mechanics (the gap, each side's costs under the state's law, the positions) say which
disputes are more likely to strike than others; they do not say how often disputes like these strike at
all, which is what the reference class knows. Two numbers are therefore found on the comparable disputes
of the class, the dispute in the forecast's state counted ``1 + strike_rate.same_state_weight`` times:

- the shift of both sides' reserved values (``strike_rate.conflict_grid``) at which the model's mean
  P(strike) over them equals their share struck (a calibration in the large);
- the weight the union gives a strike's money cost when deciding to strike
  (``strike_rate.cost_weight_grid``): for each weight its own shift, and the weight whose forecasts of
  those disputes have the lowest Brier score is kept (ties: the larger weight). Where the mechanics'
  money cost forecast nothing on the class, the weight falls and the anchor dominates.

The dispute forecast is never among them (left out in ``bargain backtest``; the disputes matching the
case left out in ``bargain simulate``), so its own outcome is never used.

The typical strike length is the same weighted idea: the median school days struck over the class, a
strike in the forecast's state counted that many times more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bargaining.model import Case, Dispute, Priors
from bargaining.simulate.engine import strike_shares
from bargaining.simulate.forecast import (
    Forecast,
    forecast_case,
    forecast_dispute,
    uses_priors,
)
from bargaining.simulate.pressure import stakes_in_payrolls
from bargaining.simulate.protocol import FloatArray
from bargaining.simulate.reserved import Conflict

SEED = 0  # the anchor's runs: a property of the priors and the class, not of the forecast's seed


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    """The value with half the weight on either side (the mean of the two middle values on a tie, so
    equal weights give the ordinary median)."""
    order = np.argsort(np.asarray(values, dtype=np.float64), kind="stable")
    v = np.asarray(values, dtype=np.float64)[order]
    cum = np.cumsum(np.asarray(weights, dtype=np.float64)[order])
    half = cum[-1] / 2.0
    i = int(np.searchsorted(cum, half - 1e-12))
    if abs(cum[i] - half) <= 1e-9 * cum[-1] and i + 1 < v.size:
        return float((v[i] + v[i + 1]) / 2.0)
    return float(v[i])


def state_weight(priors: Priors) -> float:
    return float(priors.strike_rate.same_state_weight.value)


def typical_days(disputes: Sequence[Dispute], state: str | None = None, weight: float = 0.0) -> float | None:
    """The median school days struck over the disputes that struck and say for how long, a strike in
    ``state`` counted ``1 + weight`` times (None when no strike says)."""
    found = [
        (float(d.strike.school_days.value), 1.0 + (weight if d.state == state else 0.0))
        for d in disputes
        if d.struck and d.strike.school_days is not None
    ]
    if not found:
        return None
    return weighted_median([v for v, _ in found], [w for _, w in found])


def typical_stakes(disputes: Sequence[Dispute], priors: Priors) -> float | None:
    """The median stakes in daily payrolls (``stakes_in_payrolls``) over the disputes with a forecast
    (their inputs only: positions, size, state), or None when none has one."""
    found = [
        stakes_in_payrolls(f.model) for f in (forecast_dispute(d, priors) for d in disputes) if f and f.model
    ]
    return float(np.median(found)) if found else None


@dataclass(frozen=True)
class Anchor:
    """The shift found, the comparable disputes' share struck (weighted) and the model's mean there."""

    conflict: Conflict
    target: float
    model_mean: float
    disputes: tuple[str, ...]
    same_state: int
    brier: float


class Curves:
    """Each reference dispute's P(strike) over the conflict grid, kept per (dispute, typical days)."""

    def __init__(self, priors: Priors) -> None:
        self.priors = priors
        self.found: dict[tuple[str, float | None], FloatArray | None] = {}

    def __call__(self, dispute: Dispute, days: float | None) -> FloatArray | None:
        key = (dispute.id, days)
        if key not in self.found:
            self.found[key] = self._curve(dispute, days)
        return self.found[key]

    def _curve(self, dispute: Dispute, days: float | None) -> FloatArray | None:
        """P(strike) by cost weight (rows) and shift (columns)."""
        forecast = forecast_dispute(dispute, self.priors, days, Conflict(0.0, ""))
        if forecast is None or forecast.model is None:
            return None
        rates = self.priors.strike_rate
        return strike_shares(
            forecast.model, SEED, rates.runs, rates.conflict_grid.value, rates.cost_weight_grid.value
        )


def crossing(grid: Sequence[float], curve: FloatArray, target: float) -> tuple[float, float]:
    """The shift at which the (non-decreasing) curve reaches ``target``, linear between grid points; the
    grid's end where it never does. Returns the shift and the curve's value there."""
    rising = np.maximum.accumulate(curve)
    if target <= rising[0]:
        return float(grid[0]), float(rising[0])
    if target > rising[-1]:
        return float(grid[-1]), float(rising[-1])
    j = int(np.argmax(rising >= target))  # the first grid point that reaches it
    a, b = rising[j - 1], rising[j]
    share = (target - a) / (b - a) if b > a else 1.0
    return float(grid[j - 1] + share * (grid[j] - grid[j - 1])), float(target)


def anchor(state: str | None, pool: Sequence[Dispute], priors: Priors, curves: Curves) -> Anchor | None:
    """The shift for a forecast in ``state`` from the disputes of ``pool`` (the dispute forecast and those
    matching it already left out); None when no dispute of the pool can be forecast."""
    weight = state_weight(priors)
    ids: list[str] = []
    weights: list[float] = []
    struck: list[float] = []
    rows: list[FloatArray] = []
    for dispute in pool:
        others = [d for d in pool if d.id != dispute.id]
        curve = curves(dispute, typical_days(others, dispute.state, weight))
        if curve is None:
            continue
        ids.append(dispute.id)
        weights.append(1.0 + (weight if dispute.state == state else 0.0))
        struck.append(1.0 if dispute.struck else 0.0)
        rows.append(curve)
    if not rows:
        return None
    w = np.asarray(weights) / sum(weights)
    y = np.asarray(struck)
    target = float(w @ y)
    curves_by = np.stack(rows)  # (disputes, cost weights, shifts)
    grid = priors.strike_rate.conflict_grid.value
    best: tuple[float, float, float, float, float] | None = None  # brier, -cost weight, shift, reached
    for i, cost_weight in enumerate(priors.strike_rate.cost_weight_grid.value):
        shift, reached = crossing(grid, w @ curves_by[:, i, :], target)
        p = np.array([np.interp(shift, grid, curve) for curve in curves_by[:, i, :]])
        brier = float(w @ (p - y) ** 2)
        if best is None or (brier, -cost_weight) <= (best[0], best[1]):
            best = (brier, -cost_weight, shift, reached, cost_weight)
    assert best is not None
    brier, _, shift, reached, cost_weight = best
    same = sum(1 for x in weights if x > 1.0)
    where = f"; the {same} in {state} counted {1 + weight:g} times" if same else ""
    how = (
        f"anchored on {len(ids)} disputes of the reference class with both last raises ({sum(struck):g} "
        f"struck{where}): at this shift of both sides' reserved values and this weight on a strike's money "
        f"cost, the model's mean P(strike) over them is {reached:.0%} against their share struck "
        f"{target:.0%} (Brier score {brier:.3f}, the lowest over the weights tried)"
    )
    return Anchor(Conflict(shift, how, cost_weight), target, reached, tuple(ids), same, brier)


def forecast_with_reference(
    case: Case, priors: Priors, kept: Sequence[Dispute], curves: Curves | None = None
) -> Forecast:
    """The case's forecast with the reference class it may use (the disputes matching it left out): the
    typical strike length in its state and, when the forecast uses the priors, the strike rate's anchor."""
    state = priors.pack_states.get(case.jurisdiction)
    days = typical_days(kept, state, state_weight(priors))
    found = anchor(state, kept, priors, curves or Curves(priors)) if uses_priors(case) else None
    return forecast_case(
        case,
        priors,
        days,
        conflict=found.conflict if found is not None else None,
        typical_stakes=typical_stakes(kept, priors),
    )
