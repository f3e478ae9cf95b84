"""Leave-one-out over the reference class: each dispute forecast from its two last positions and the other
disputes (the typical strike length in its state, the strike rate's anchor: ``bargaining.simulate.anchor``),
never from its own outcome; scored against what happened and against two baselines, "the district's last
offer" and "split the difference".

A dispute is forecast when both last positions give a raise. Raises are totals over the contract's years
(the years either position names, up to the contract's last), as sources quote them. The share of non-pay
items won is a proxy: items are free text, so the settlement's items are counted against the union's
(at most 1); it is reported, never used to tune anything.

The strike-day rank correlation is the issue's: over the disputes that struck for a known number of school
days, the forecast's mean strike length given a strike against the days struck. The mean, not the median:
the median of a count of days ties most forecasts (1 or 2 days), and tied ranks carry no order, while the
mean still orders them. A forecast with no simulated strike has no length given a strike and ranks lowest
(0). The earlier score, P(strike) x that mean against the days struck with 0 for the disputes that did not
strike, mixes whether a dispute strikes into how long; it is kept as ``rank_correlation_expected_days``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bargaining.analysis import positions_of_dispute, total_until
from bargaining.model import Dispute, Priors
from bargaining.simulate.anchor import Curves, anchor, state_weight, typical_days, typical_stakes
from bargaining.simulate.forecast import forecast_dispute
from bargaining.simulate.montecarlo import simulate
from bargaining.simulate.outlook import forecast_block, nonpay_by_strike

WITHIN = 1.5  # points: a settlement raise "close enough"
METHODS = ("model", "district_last", "split")


@dataclass(frozen=True)
class Row:
    """One dispute: what was forecast and what happened (None where the dispute does not say)."""

    id: str
    state: str
    district: float
    union: float
    settled: float | None
    raise_forecast: float
    p_strike: float
    strike_days_forecast: float  # expected school days struck, strikes and non-strikes together
    strike_days_given_strike: float | None  # the forecast's mean school days struck given a strike
    p_no_deal_after_strike: float | None
    struck: bool
    strike_days: int | None  # 0 when no strike; None when struck for an unknown length
    nonpay_forecast: float | None
    nonpay_won: float | None
    typical_days: float | None
    base_rate: float  # the share of the other disputes that struck
    anchor_rate: float | None = None  # the comparable disputes' share struck, weighted (the anchor's target)
    conflict: float | None = None  # the anchor's shift of both sides' reserved values
    cost_weight: float | None = None  # the anchor's weight on a strike's money cost
    # The model's share of the union's non-pay items won over settled runs with a strike and without one.
    nonpay_with_strike: float | None = None
    nonpay_without_strike: float | None = None

    def raise_by(self, method: str) -> float:
        if method == "model":
            return self.raise_forecast
        if method == "district_last":
            return self.district
        return (self.district + self.union) / 2.0

    def error(self, method: str) -> float | None:
        return None if self.settled is None else abs(self.raise_by(method) - self.settled)


@dataclass(frozen=True)
class Score:
    method: str
    raises: int
    mean_abs_error: float | None
    within: float | None
    strikes: int
    strike_right: float | None
    days: int  # disputes that struck for a known length (the rank correlation's pairs)
    rank_correlation: float | None  # forecast days given a strike against days struck, over those
    nonpay: int
    nonpay_abs_error: float | None
    days_expected: int = 0  # every dispute with a known outcome (0 days without a strike)
    rank_correlation_expected_days: float | None = None  # P(strike) x days given a strike, over those


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rank correlation (ties share their mean rank); None with fewer than 3 pairs or when
    either side has no spread."""
    if len(x) < 3:
        return None
    rx, ry = _ranks(x), _ranks(y)
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def _ranks(values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    order = np.argsort(array, kind="stable")
    ranks = np.empty(array.size)
    ranks[order] = np.arange(1, array.size + 1, dtype=np.float64)
    for value in np.unique(array):
        tied = array == value
        ranks[tied] = ranks[tied].mean()
    return ranks


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _correlation(pairs: list[tuple[float, float]]) -> float | None:
    return spearman([a for a, _ in pairs], [b for _, b in pairs]) if pairs else None


def score(rows: Sequence[Row], method: str) -> Score:
    """A method's scores. The model predicts a strike where its p_strike is at least one half; the
    baselines, where at least half of the other disputes struck (they say nothing of strike days)."""
    errors = [e for e in (r.error(method) for r in rows) if e is not None]
    if method == "model":
        predicted = [r.p_strike >= 0.5 for r in rows]
        days = [
            (r.strike_days_given_strike or 0.0, float(r.strike_days))
            for r in rows
            if r.struck and r.strike_days is not None
        ]
        expected = [(r.strike_days_forecast, float(r.strike_days)) for r in rows if r.strike_days is not None]
        nonpay = [(r.nonpay_forecast, r.nonpay_won) for r in rows]
    else:
        predicted = [r.base_rate >= 0.5 for r in rows]
        days, expected = [], []
        flat = 0.0 if method == "district_last" else 0.5
        nonpay = [(flat if r.nonpay_won is not None else None, r.nonpay_won) for r in rows]
    right = [p == r.struck for p, r in zip(predicted, rows, strict=True)]
    pairs = [(a, b) for a, b in nonpay if a is not None and b is not None]
    return Score(
        method=method,
        raises=len(errors),
        mean_abs_error=_mean(errors),
        within=_mean([1.0 if e <= WITHIN + 1e-9 else 0.0 for e in errors]),
        strikes=len(right),
        strike_right=_mean([1.0 if ok else 0.0 for ok in right]),
        days=len(days),
        rank_correlation=_correlation(days),
        nonpay=len(pairs),
        nonpay_abs_error=_mean([abs(a - b) for a, b in pairs]),
        days_expected=len(expected),
        rank_correlation_expected_days=_correlation(expected),
    )


def nonpay_won(dispute: Dispute) -> float | None:
    """The settlement's non-pay items over the union's last ones (at most 1): a proxy, items being words."""
    union, settled = dispute.union_last, dispute.settlement
    if union is None or settled is None or not union.items:
        return None
    return min(1.0, len(settled.items) / len(union.items))


@dataclass(frozen=True)
class Backtest:
    rows: tuple[Row, ...]
    scores: tuple[Score, ...]
    p_no_deal_after_strike: float | None  # over every simulated strike of every dispute
    # The non-pay pattern: the mean over disputes of the union's share of items won in settled runs with a
    # strike and without one (disputes whose runs have both), and how many disputes that is.
    nonpay_pattern: tuple[float | None, float | None, int]
    skipped: tuple[str, ...]  # disputes without both last raises
    runs: int
    seed: int


def backtest(
    disputes: Sequence[Dispute],
    priors: Priors,
    runs: int = 16_384,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> Backtest:
    rows: list[Row] = []
    skipped: list[str] = []
    no_deal: list[tuple[float, float]] = []
    curves = Curves(priors)
    for dispute in disputes:
        if positions_of_dispute(dispute) is None:
            skipped.append(dispute.id)
            continue
        others = [d for d in disputes if d.id != dispute.id]
        days = typical_days(others, dispute.state, state_weight(priors))
        found = anchor(dispute.state, others, priors, curves)
        forecast = forecast_dispute(
            dispute,
            priors,
            days,
            found.conflict if found is not None else None,
            typical_stakes(others, priors),
        )
        if forecast is None:
            skipped.append(dispute.id)
            continue
        tally = simulate(forecast.model, runs, seed) if forecast.model is not None else None
        block = forecast_block(forecast, tally)
        pattern = nonpay_by_strike(forecast, tally) if tally is not None else (None, None)
        positions = forecast.positions
        assert positions is not None
        last = dispute.years[1]
        low, high = positions.total("district"), positions.total("union")
        share = block["settlement"]["share_of_gap"]["p50"]
        predicted = low + (share or 0.0) * max(high - low, 0.0)
        settled = dispute.settlement
        days_struck = dispute.strike.school_days.value if dispute.strike.school_days else None
        mean_days = block["strike_days"]["mean"] or 0.0
        rows.append(
            Row(
                id=dispute.id,
                state=dispute.state,
                district=low,
                union=high,
                settled=total_until(settled, last) if settled and settled.raises else None,
                raise_forecast=predicted,
                p_strike=block["p_strike"],
                strike_days_forecast=block["p_strike"] * mean_days,
                strike_days_given_strike=block["strike_days"]["mean"],
                p_no_deal_after_strike=block["p_no_deal_after_strike"],
                struck=dispute.struck,
                strike_days=(days_struck if dispute.struck else 0),
                nonpay_forecast=block["settlement"]["nonpay_share_won"],
                nonpay_won=nonpay_won(dispute),
                typical_days=days,
                base_rate=sum(d.struck for d in others) / len(others) if others else 0.0,
                anchor_rate=found.target if found is not None else None,
                conflict=found.conflict.shift if found is not None else None,
                cost_weight=found.conflict.cost_weight if found is not None else None,
                nonpay_with_strike=pattern[0],
                nonpay_without_strike=pattern[1],
            )
        )
        if tally is not None:
            struck = float(tally.strike_days[1:].sum())
            no_deal.append((struck, (block["p_no_deal_after_strike"] or 0.0) * struck))
        if progress is not None:
            progress(dispute.id)
    scores = tuple(score(rows, method) for method in METHODS)
    total = sum(s for s, _ in no_deal)
    both = [
        (r.nonpay_with_strike, r.nonpay_without_strike)
        for r in rows
        if r.nonpay_with_strike is not None and r.nonpay_without_strike is not None
    ]
    return Backtest(
        rows=tuple(rows),
        scores=scores,
        p_no_deal_after_strike=(sum(n for _, n in no_deal) / total) if total else None,
        nonpay_pattern=(_mean([a for a, _ in both]), _mean([b for _, b in both]), len(both)),
        skipped=tuple(skipped),
        runs=runs,
        seed=seed,
    )
