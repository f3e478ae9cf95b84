"""Price a package once, value it twice.

The costing engine prices every package (the district's cost by pay period); each side then scores the
result in its own terms: the district its cost in dollars against its budget and reserve floor, the union
what its members gain (present value of pay per member) plus the non-money items, class size and staffing,
through its own value curves. A side's utility is the weighted sum of its curves' scores, 0 to 100.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargaining.analysis.space import FloatArray, IntArray, issue_values, package_batch, values_of
from bargaining.costing import BatchCost, CostContext, ProposalBatch, cost_batch, stack
from bargaining.model import Case, PartyPreferences, Preferences, Proposal
from bargaining.model.preferences import SIDES, Side

BoolArray = NDArray[np.bool_]
PAY_COMPONENTS = ("salary", "step_column", "one_time")  # what reaches members' pockets
DEFAULT_CHUNK = 20_000  # packages costed at once: bounds memory to ~ chunk x pay periods x 8 arrays


@dataclass(frozen=True, eq=False)
class Valuer:
    """Everything needed to value packages of one case: the cost context and present-value factors."""

    ctx: CostContext
    prefs: Preferences
    valued_on: dt.date
    members: float

    @classmethod
    def of(cls, case: Case, prefs: Preferences) -> Valuer:
        dates = [p.date for p in case.proposals]
        valued_on = prefs.valued_on or (
            max(dates) if dates else case.calendar.year_start(case.calendar.first_year)
        )
        members = float(case.union.members or len(case.unit.roster))
        return cls(ctx=CostContext.of(case), prefs=prefs, valued_on=valued_on, members=members)

    def discount(self, rate: float) -> FloatArray:
        """(P,) present-value factor of each pay period on ``valued_on``: pay already earned (back pay) is
        paid now and counts in full; later pay is discounted by whole and part years."""
        years = (self.ctx.period_start - self.valued_on.toordinal()) / 365.25
        factors: FloatArray = (1.0 + rate) ** -np.maximum(years, 0.0)
        return factors

    def measures(self, cost: BatchCost, rate: float) -> dict[str, FloatArray]:
        """Money measures of V costed packages, present values at ``rate`` (0: nominal dollars)."""
        factor = self.discount(rate)
        total = cost.total_per_period()
        pay = sum(cost.per_period[name] for name in PAY_COMPONENTS)
        return {
            "cost": total @ factor,
            "ongoing_cost": self.ctx.by_year(total)[:, -1],
            "pay_per_member": (pay @ factor) / self.members,
        }


def utility(
    party: PartyPreferences, issue_names: Iterable[str], values: FloatArray, measures: dict[str, FloatArray]
) -> FloatArray:
    """(V,) the side's score, 0-100: its weights times its curves' scores of issues and measures."""
    columns = {name: index for index, name in enumerate(issue_names)}
    total = np.zeros(values.shape[0])
    for name, weight in party.weights:
        if weight == 0:
            continue
        x = values[:, columns[name]] if name in columns else measures[name]
        total += weight / 100.0 * party.curve(name)(x)
    return total


def within_limits(party: PartyPreferences, measures: dict[str, FloatArray]) -> BoolArray:
    ok = np.ones(next(iter(measures.values())).shape[0], dtype=bool)
    for name, limit in party.limits:
        ok &= measures[name] <= limit
    return ok


@dataclass(frozen=True, eq=False)
class Valued:
    """V packages (or offers), priced and scored. Money is nominal except ``pay_per_member``, which is a
    present value at the union's discount rate."""

    values: FloatArray  # (V, I) issue values
    cost: FloatArray  # (V,) cost over the horizon
    ongoing_cost: FloatArray  # (V,) cost in the last fiscal year
    pay_per_member: FloatArray  # (V,)
    utility: dict[Side, FloatArray]  # for each side that stated preferences
    feasible: BoolArray  # within every side's limits


def _value(valuer: Valuer, batch: ProposalBatch, values: FloatArray) -> Valued:
    cost = cost_batch(valuer.ctx, batch)
    prefs = valuer.prefs
    names = prefs.space.issue_names
    nominal = valuer.measures(cost, 0.0)
    union = prefs.union
    members_view = valuer.measures(cost, union.discount_rate) if union is not None else nominal
    scores: dict[Side, FloatArray] = {}
    feasible = np.ones(batch.size, dtype=bool)
    for side in SIDES:
        party = prefs.of(side)
        if party is None:
            continue
        own = valuer.measures(cost, party.discount_rate) if party.discount_rate else nominal
        scores[side] = utility(party, names, values, own)
        feasible &= within_limits(party, nominal)
    return Valued(
        values=values,
        cost=nominal["cost"],
        ongoing_cost=nominal["ongoing_cost"],
        pay_per_member=members_view["pay_per_member"],
        utility=scores,
        feasible=feasible,
    )


def value_packages(valuer: Valuer, choice: IntArray, chunk: int = DEFAULT_CHUNK) -> Valued:
    """Price and score packages given as option indices, ``chunk`` at a time."""
    space = valuer.prefs.space
    parts = []
    for start in range(0, max(choice.shape[0], 1), chunk):
        values = values_of(space, choice[start : start + chunk])
        parts.append(_value(valuer, package_batch(space, values, valuer.valued_on), values))
    return _concat(parts)


def value_offers(valuer: Valuer, proposals: Iterable[Proposal]) -> Valued:
    """Price each proposal as written (every term, in or out of the package space) and score it."""
    parts = []
    for proposal in proposals:
        values = issue_values(valuer.prefs.space, proposal)[None, :]
        parts.append(_value(valuer, stack([proposal]), values))
    if not parts:
        return value_packages(valuer, np.zeros((0, len(valuer.prefs.space.issues)), dtype=np.int32))
    return _concat(parts)


def _concat(parts: list[Valued]) -> Valued:
    first = parts[0]
    return Valued(
        values=np.concatenate([p.values for p in parts]),
        cost=np.concatenate([p.cost for p in parts]),
        ongoing_cost=np.concatenate([p.ongoing_cost for p in parts]),
        pay_per_member=np.concatenate([p.pay_per_member for p in parts]),
        utility={side: np.concatenate([p.utility[side] for p in parts]) for side in first.utility},
        feasible=np.concatenate([p.feasible for p in parts]),
    )
