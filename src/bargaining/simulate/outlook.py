"""The forecast block of ``bargain simulate --format json``: a public contract (docs/forecast.md).

``p_strike``; strike days given a strike (p10, p50, p90, mean); the share of strikes that end without a
deal; the settlement (raise by fiscal year at the median share of the gap, one-time pay, where pay settles
in the gap, the share of the union's non-pay items won); the priors used and the reference disputes left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from bargaining.simulate.dispute import RETURNED
from bargaining.simulate.forecast import Forecast
from bargaining.simulate.summary import distribution
from bargaining.simulate.tally import Counts, Tally


def _shares(forecast: Forecast) -> list[float] | None:
    """Each level of the pay issue as a share of the way from the district's position to the union's."""
    model = forecast.model
    if model is None or forecast.pay is None:
        return None
    low = float(model.outcomes.values[0, forecast.pay])  # the grid starts at the district's position
    high = float(model.outcomes.values[-1, forecast.pay])
    return [(float(v) - low) / (high - low) for v in model.outcomes.levels[forecast.pay]]


def forecast_block(
    forecast: Forecast, tally: Tally | None, excluded: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """The block; ``tally`` is None when the positions do not differ (nothing to forecast)."""
    block: dict[str, Any] = {
        "p_strike": 0.0,
        "strike_days": {"p10": None, "p50": None, "p90": None, "mean": None},
        "p_no_deal_after_strike": None,
        "settlement": {
            "raise_percent_by_fiscal_year": {},
            "one_time_per_fte": None,
            "share_of_gap": {"p10": None, "p50": None, "p90": None},
            "nonpay_share_won": None,
        },
        "priors_used": [
            {"prior": used.key, "value": used.value, "source": used.source} for used in forecast.priors_used
        ],
        "reference_excluded": [{"id": ident, "reason": reason} for ident, reason in excluded],
    }
    positions = forecast.positions
    if tally is None or forecast.model is None:
        if positions is not None:
            block["settlement"]["raise_percent_by_fiscal_year"] = positions.raises_at(0.0)
            block["settlement"]["one_time_per_fte"] = positions.one_time_at(0.0)
        return block
    struck = int(tally.strike_days[1:].sum())
    block["p_strike"] = struck / tally.runs
    days = distribution(tally.strike_days[1:], list(range(1, tally.strike_days.size)))
    block["strike_days"] = {key: days.get(key) for key in ("p10", "p50", "p90", "mean")}
    if struck:
        block["p_no_deal_after_strike"] = int(tally.phases[RETURNED]) / struck
    shares = _shares(forecast)
    if shares is not None and forecast.pay is not None:
        spread = distribution(tally.terms[forecast.pay], shares)
        block["settlement"]["share_of_gap"] = {key: spread.get(key) for key in ("p10", "p50", "p90")}
        median = spread.get("p50")
        if positions is not None and median is not None:
            block["settlement"]["raise_percent_by_fiscal_year"] = positions.raises_at(median)
            block["settlement"]["one_time_per_fte"] = positions.one_time_at(median)
    elif positions is not None and positions.gap <= 1e-9:
        block["settlement"]["raise_percent_by_fiscal_year"] = positions.raises_at(0.0)
        block["settlement"]["one_time_per_fte"] = positions.one_time_at(0.0)
    won = [w for w in (_toward_union(forecast, tally, i) for i in forecast.items) if w is not None]
    if won:
        block["settlement"]["nonpay_share_won"] = sum(won) / len(won)
    return block


def nonpay_by_strike(forecast: Forecast, tally: Tally) -> tuple[float | None, float | None]:
    """The mean share of the union's non-pay items won over settled runs with a strike, and without one
    (None where no settled run had, or lacked, a strike)."""
    shares: list[tuple[float | None, float | None]] = []
    for issue in forecast.items:
        struck = tally.struck_terms[issue]
        shares.append(
            (
                _toward_union(forecast, tally, issue, struck),
                _toward_union(forecast, tally, issue, tally.terms[issue] - struck),
            )
        )
    found = [[s for s in column if s is not None] for column in zip(*shares, strict=True)] if shares else []
    if not found:
        return None, None
    with_strike, without = found
    return (
        sum(with_strike) / len(with_strike) if with_strike else None,
        sum(without) / len(without) if without else None,
    )


def _toward_union(forecast: Forecast, tally: Tally, issue: int, counts: Counts | None = None) -> float | None:
    """The mean share of the way toward the union's position on one issue, over settled runs (or over the
    runs ``counts`` counts at each level)."""
    model = forecast.model
    assert model is not None
    counts = tally.terms[issue] if counts is None else counts
    total = int(counts.sum())
    if not total:
        return None
    values = model.outcomes.levels[issue]
    low = float(model.outcomes.values[0, issue])  # the grid starts at the district's position
    high = float(model.outcomes.values[-1, issue])
    if high == low:
        return None
    return float(np.dot(counts, (values - low) / (high - low)) / total)
