"""Health and welfare on the unit's plans: each tier's premium growing by the trend, split between the
employer and the members by the employer's rule, and what the health-plan terms change in that split.

Every rule is one formula, employer = min(premium, cap) + share x max(premium - cap, 0) (see
``model.Health.cap_and_share``). A term is in effect in a pay period as any term is (from its effective
day to its sunset); where two terms of one kind are both in effect, the later in the proposal's list holds.
A ``health_cap`` turns a ``full`` rule into a cap (the employer pays nothing above it) unless a
``health_share`` is in effect too; under a share rule it keeps the share above the cap (cap and split).
A ``health_contribution`` fixes what members pay in the tiers it names, whatever the rule.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargaining.costing.batch import TermBatch
from bargaining.costing.context import CostContext, FloatArray
from bargaining.costing.lines import active
from bargaining.model import Health, HealthTier, Unit


def status_quo_health(unit: Unit, n_years: int, fte: float) -> tuple[FloatArray, FloatArray]:
    """(Y,) the employer's health cost and (Y,) what members pay, by fiscal year, with no new agreement.

    Without plans, the flat ``health_per_fte`` on every FTE of the unit, and nothing shown for members.
    With plans, a tier's premium in fiscal year y (0 the first) is ``premium x (1 + trend)^y``.
    """
    health = unit.health
    if health is None:
        return np.full(n_years, fte * unit.health_per_fte), np.zeros(n_years)
    premium = _premiums(health)[None, :] * _growth(health, np.arange(n_years))[:, None]  # (Y, T)
    cap, share = health.cap_and_share
    employer = _employer(premium, np.full(1, cap), np.full(1, share))
    enrolled = _fte(health)
    return (employer * enrolled).sum(axis=1), ((premium - employer) * enrolled).sum(axis=1)


def _premiums(health: Health) -> FloatArray:
    return np.array([tier.premium for _, tier in health.tiers()], dtype=np.float64)


def _fte(health: Health) -> FloatArray:
    return np.array([tier.fte for _, tier in health.tiers()], dtype=np.float64)


def _growth(health: Health, years: NDArray[np.intp]) -> FloatArray:
    growth: FloatArray = (1.0 + health.trend) ** years.astype(np.float64)
    return growth


def _employer(premium: FloatArray, cap: FloatArray, share: FloatArray) -> FloatArray:
    paid: FloatArray = np.minimum(premium, cap) + share * np.maximum(premium - cap, 0.0)
    return paid


@dataclass(frozen=True)
class _Plans:
    """The status quo of a context's plans, per pay period (P) and tier (T): worked out once."""

    tiers: tuple[tuple[str, HealthTier], ...]
    growth: FloatArray  # (P,)
    premium: FloatArray  # (P, T)
    employer: FloatArray  # (P, T)
    fte: FloatArray  # (T,)


_PLANS: weakref.WeakKeyDictionary[CostContext, _Plans] = weakref.WeakKeyDictionary()


def _plans(ctx: CostContext, health: Health) -> _Plans:
    found = _PLANS.get(ctx)
    if found is None:
        growth = _growth(health, ctx.period_year)
        premium = _premiums(health)[None, :] * growth[:, None]
        cap, share = health.cap_and_share
        employer = _employer(premium, np.full(1, cap), np.full(1, share))
        found = _PLANS[ctx] = _Plans(health.tiers(), growth, premium, employer, _fte(health))
    return found


def plan_cost(ctx: CostContext, terms: Sequence[TermBatch], size: int) -> tuple[FloatArray, FloatArray]:
    """(V, P) the change in the employer's cost and (V, P) in what members pay, under the health-plan
    terms (``health_cap``, ``health_share``, ``health_plan``, ``health_contribution``)."""
    health = ctx.unit.health
    assert health is not None, "health-plan terms are validated to have the unit's plans"
    plans = _plans(ctx, health)
    tiers, growth, sq_premium, sq_employer = plans.tiers, plans.growth, plans.premium, plans.employer
    cap0, share0 = health.cap_and_share
    n_periods = ctx.period_start.size
    premium = np.broadcast_to(sq_premium, (size, *sq_premium.shape)).copy()  # (V, P, T)
    cap, share = np.full((size, n_periods), cap0), np.full((size, n_periods), share0)
    share_set = np.zeros((size, n_periods), dtype=bool)
    contribution = np.full(premium.shape, np.nan)
    for term in (t for t in terms if t.type == "health_share"):
        on = active(ctx, term) > 0
        share = np.where(on, term["share"][:, None], share)
        share_set |= on
    for term in (t for t in terms if t.type == "health_cap"):
        on = active(ctx, term) > 0
        cap = np.where(on, term["amount"][:, None], cap)
        if health.rule == "full":
            share = np.where(on & ~share_set, 0.0, share)
    for term in (t for t in terms if t.type in ("health_plan", "health_contribution")):
        on = (active(ctx, term) > 0)[:, :, None]
        plan = term.target[0] if term.type == "health_plan" else None
        for t, (plan_name, tier) in enumerate(tiers):
            key = f"tier:{tier.name}"
            if key not in term.values or (plan is not None and plan != plan_name):
                continue
            if term.type == "health_plan":
                value = term[key][:, None] * growth[None, :]  # (V, P)
                premium[:, :, t] = np.where(on[:, :, 0], value, premium[:, :, t])
            else:
                contribution[:, :, t] = np.where(on[:, :, 0], term[key][:, None], contribution[:, :, t])
    by_rule = _employer(premium, cap[:, :, None], share[:, :, None])
    employer = np.where(np.isnan(contribution), by_rule, np.maximum(premium - np.nan_to_num(contribution), 0))
    fte = plans.fte
    employer_cost = ((employer - sq_employer[None]) * fte).sum(axis=2) / ctx.periods_per_year
    members = (((premium - employer) - (sq_premium - sq_employer)[None]) * fte).sum(
        axis=2
    ) / ctx.periods_per_year
    return employer_cost, members
