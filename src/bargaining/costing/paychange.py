"""What a proposal does to one cell of the salary schedule on a given day: the fact-finder's benchmark view.

Raises compound and flat schedule adds grow with later raises, exactly as the cost lines apply them
(``lines.schedule_factor`` and ``lines.schedule_adds``), so a benchmark salary moves as payroll does.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from bargaining.costing import lines
from bargaining.costing.batch import stack
from bargaining.costing.context import CostContext, day_number
from bargaining.model import Proposal


def schedule_change(
    ctx: CostContext, proposal: Proposal, day: dt.date, role: str | None = None
) -> tuple[float, float] | None:
    """(factor, dollars per FTE) the proposal applies to ``role``'s schedule on ``day``.

    A salary S on the schedule becomes S x factor + dollars. ``role`` defaults to the role with the most
    FTE (the teachers). None when ``day`` is outside the costing horizon.
    """
    starts = ctx.period_start
    if not starts[0] <= day_number(day) < starts[-1] + 366:
        return None
    period = int(ctx.period_containing(np.array([day_number(day)]))[0])
    g = ctx.roles.index(role) if role in ctx.roles else int(np.argmax(ctx.fte))
    batch = stack([proposal])
    raises = [t for t in batch.terms if t.type == "raise"]
    adds = [t for t in batch.terms if t.type == "schedule_add"]
    factor = float(lines.schedule_factor(ctx, raises, 1)[0, g, period])
    added = lines.schedule_adds(ctx, adds, raises, 1)[0, g, period]
    per_fte = float(added * ctx.periods_per_year / ctx.fte[g]) if ctx.fte[g] else 0.0
    return factor, per_fte
