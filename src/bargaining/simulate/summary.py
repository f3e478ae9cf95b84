"""What a Monte Carlo says, from its Tally: probabilities, distributions, costs and sensitivity.

Numbers are left unrounded (rounding is for reports). Quantiles of integer quantities (days) and of
settlement terms (values on the issues' grid) are exact; cost quantiles are read from log-scale bins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bargaining.simulate.dispute import IMPOSED, PHASES, RETURNED, STRIKE, UNRESOLVED, DisputeModel
from bargaining.simulate.tally import Counts, Tally, bin_value, outcome_names

QUANTILES = (0.1, 0.5, 0.9)


def _quantile(counts: Counts, q: float) -> int | None:
    """The smallest index whose cumulative share reaches q (None when there is nothing to count)."""
    total = int(counts.sum())
    if total == 0:
        return None
    return int(np.searchsorted(np.cumsum(counts), q * total, side="left"))


def distribution(
    counts: Counts, values: list[float] | None = None, show: Callable[[float], Any] = lambda v: v
) -> dict[str, Any]:
    """Count, mean, quantiles and the whole distribution of a quantity counted at ``values``;
    ``show`` turns a value into what the document prints (e.g. a day ordinal into a date)."""
    total = int(counts.sum())
    levels = values if values is not None else list(range(counts.size))
    result: dict[str, Any] = {"count": total}
    if total == 0:
        result.update({"mean": None, **{f"p{round(q * 100)}": None for q in QUANTILES}})
        return result
    result["mean"] = show(float(np.dot(counts, np.asarray(levels, dtype=np.float64)) / total))
    for q in QUANTILES:
        index = _quantile(counts, q)
        result[f"p{round(q * 100)}"] = None if index is None else show(levels[index])
    result["distribution"] = {str(show(levels[i])): int(c) / total for i, c in enumerate(counts) if c}
    return result


def _costs(counts: Counts, mean_all: float, struck_share: float) -> dict[str, Any]:
    total = int(counts.sum())
    result: dict[str, Any] = {
        "mean": mean_all,
        "mean_if_strike": mean_all / struck_share if struck_share else None,
    }
    for q in QUANTILES:
        index = _quantile(counts, q)
        result[f"p{round(q * 100)}_if_strike"] = None if index is None or not total else bin_value(index)
    return result


def summarize(model: DisputeModel, tally: Tally, seed: int) -> dict[str, Any]:
    """The summary document of ``bargain simulate --format json``."""
    runs = tally.runs
    moments = tally.moments()
    names = outcome_names(model)
    means = dict(zip(names, (float(m) for m in moments.y_mean), strict=True))
    phase = {name: int(count) / runs for name, count in zip(PHASES, tally.phases, strict=True)}
    struck = float(tally.strike_days[1:].sum()) / runs
    settled = 1.0 - phase["unresolved"]
    # Each settlement term's distribution over its own values (dates shown as dates).
    terms = {}
    for i, (name, counts) in enumerate(zip(model.outcomes.names, tally.terms, strict=True)):
        levels = [float(v) for v in model.outcomes.levels[i]]
        shown = distribution(counts, levels, lambda v, i=i: model.outcomes.show(i, v))  # type: ignore[misc]
        terms[name] = {"unit": model.outcomes.units[i], **shown}
    correlation = moments.correlation()
    sensitivity: list[dict[str, Any]] = []
    for k, name in enumerate(model.inputs.names):
        row = {
            names[m]: (None if np.isnan(correlation[k, m]) else float(correlation[k, m]))
            for m in range(len(names))
        }
        sensitivity.append({"input": name, **row})
    key = ("strike", "strike_days", "union_cost", "district_cost")
    sensitivity.sort(key=lambda row: -max(abs(row[k] or 0.0) for k in key))
    return {
        "case": model.case_id,
        "runs": runs,
        "seed": seed,
        "probabilities": {
            "impasse": 1.0 - phase["bargaining"],
            "procedures_exhausted": sum(phase[p] for p in PHASES[STRIKE:]),
            "strike": struck,
            "imposition": phase[PHASES[IMPOSED]],
            "returned_without_deal": phase[PHASES[RETURNED]],
            "unresolved": phase[PHASES[UNRESOLVED]],
            "settled": settled,
        },
        "ended_in": phase,
        "strike_days": distribution(tally.strike_days),
        "strike_days_if_strike": distribution(tally.strike_days[1:], list(range(1, tally.strike_days.size))),
        "days_to_settlement": distribution(tally.settle_days),
        "settlement": terms,
        "cost": {
            "union": _costs(tally.union_cost, means["union_cost"], struck),
            "district": _costs(tally.district_cost, means["district_cost"], struck),
        },
        "sensitivity": sensitivity,
        "timetable": {
            "start": model.timetable.start.isoformat(),
            "sessions": model.timetable.sessions,
            "first_strike_day": model.timetable.strike_start.isoformat(),
            "last_strike_day": model.timetable.strike_days[-1].isoformat(),
        },
        "warnings": list(model.warnings),
    }
