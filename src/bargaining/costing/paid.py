"""When costs are paid: retroactive pay earned before an agreement is paid once it is made.

Costing reports what is *earned* in each fiscal year; a budget and the public disclosure count back pay in
the fiscal year it is *paid* (Gov. Code 3547.5 disclosures and the county's multiyear projections do).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from bargaining.costing.context import CostContext, FloatArray, day_number


def paid_by_year(ctx: CostContext, per_period: FloatArray, paid_on: dt.date) -> FloatArray:
    """(V, P) costs by pay period -> (V, Y) by the fiscal year they are paid.

    Everything earned in periods that start before ``paid_on`` is paid in the first period starting on
    or after it (the last period when the date is past the horizon): the same periods ``back_pay`` counts.
    """
    first_paid = int(np.searchsorted(ctx.period_start, day_number(paid_on), side="left"))
    first_paid = min(first_paid, per_period.shape[-1] - 1)
    shifted = per_period.copy()
    if first_paid > 0:
        shifted[..., first_paid] += per_period[..., :first_paid].sum(axis=-1)
        shifted[..., :first_paid] = 0.0
    return ctx.by_year(shifted)


def back_pay_by_year(ctx: CostContext, per_period: FloatArray, paid_on: dt.date) -> FloatArray:
    """(V, P) -> (V, Y): only what was earned before ``paid_on`` (back pay), in the year it is paid."""
    before = ctx.period_start < day_number(paid_on)
    return paid_by_year(ctx, per_period * before, paid_on)
