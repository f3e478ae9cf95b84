"""What every cost line needs to know about a case, computed once: the calendar as arrays, the roster
summed by role, the status-quo payroll and the rates in force in each pay period."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from bargaining.costing import cells
from bargaining.costing.statutory import Rollup, capped_status_quo, rollup_of
from bargaining.model import Case, Proposal, Unit

FloatArray = NDArray[np.float64]
NEVER = 100_000_000  # day number standing for "no sunset"; exact as a float


def day_number(day: dt.date) -> int:
    return day.toordinal()


@dataclass(frozen=True, eq=False)
class CostContext:
    """Arrays over roles (G) and pay periods (P) for one unit of a case (its first unless named)."""

    case: Case
    unit: Unit
    roles: tuple[str, ...]
    pay0: FloatArray  # (G,) yearly pay at the horizon start, summed by role
    fte: FloatArray  # (G,) FTE by role
    headcount: FloatArray  # (G,) members by role
    period_start: NDArray[np.int64]  # (P,) day numbers
    period_bound: NDArray[np.int64]  # (P,) first day each period covers (calendar.period_bounds)
    period_year: NDArray[np.intp]  # (P,) fiscal-year index of each period
    statutory: FloatArray  # (P,) roll-up rate on on-schedule pay in force on each period's first day
    base: FloatArray  # (G, P) status-quo pay per period, after step drift
    periods_per_year: int  # pay periods of a fiscal year, or its work days (proration: work_days)
    n_years: int
    layout: cells.Layout | None = None  # the schedules as arrays, when the unit is paid on schedules
    group_role: NDArray[np.intp] | None = None  # (K,) role index of each schedule group
    status_quo_pay: FloatArray | None = None  # (K, Y) yearly status-quo pay of each schedule group
    rollup: Rollup | None = None  # the statutory lines as arrays (rates, capped lines)
    # The contexts of the case's other units, built when first asked for (``for_unit``).
    siblings: dict[str, CostContext] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, case: Case, unit: str | None = None) -> CostContext:
        """The context of the named unit of ``case`` (its first when None; KeyError for no such unit)."""
        chosen = case.unit_named(unit)
        calendar = chosen.calendar or case.calendar  # a unit may prorate on its own work year
        roster = chosen.roster
        roles = roster.role_names()
        index = roster.role_index()
        pay0 = np.bincount(index, weights=roster.pay, minlength=len(roles)).astype(np.float64)
        fte = np.bincount(index, weights=roster.fte, minlength=len(roles)).astype(np.float64)
        headcount = np.bincount(index, minlength=len(roles)).astype(np.float64)
        starts = calendar.period_starts()
        period_year = np.repeat(np.arange(len(calendar.years)), calendar.periods_per_year)
        rollup = rollup_of(chosen, calendar, roles)
        growth = (1.0 + chosen.net_drift) ** period_year
        base = pay0[:, None] * growth[None, :] / calendar.periods_per_year
        layout, group_role, status_quo_pay = None, None, None
        if chosen.schedules is not None:
            layout = cells.layout(chosen.schedules)
            group_role = np.array([roles.index(role) for _, role in layout.groups], dtype=np.intp)
            yearly = cells.yearly_pay(cells.status_quo(layout, len(calendar.years)), layout.grid0)  # (Y, K)
            by_role = np.zeros((len(roles), len(calendar.years)))
            np.add.at(by_role, group_role, yearly.T)
            status_quo_pay = yearly.T
            base = by_role[:, period_year] / calendar.periods_per_year
            if chosen.schedules.placement.ids is None:  # a scattergram counts FTE, not people
                headcount = fte.copy()
        if rollup.has_capped:
            rollup = dataclasses.replace(rollup, before=capped_status_quo(rollup, base))
        return cls(
            case=case,
            unit=chosen,
            roles=roles,
            pay0=pay0,
            fte=fte,
            headcount=headcount,
            period_start=np.array([day_number(d) for d in starts], dtype=np.int64),
            period_bound=np.array([day_number(d) for d in calendar.period_bounds()], dtype=np.int64),
            period_year=period_year,
            statutory=rollup.pay,
            base=base,
            periods_per_year=calendar.periods_per_year,
            n_years=len(calendar.years),
            layout=layout,
            group_role=group_role,
            status_quo_pay=status_quo_pay,
            rollup=rollup,
        )

    def for_unit(self, name: str | None) -> CostContext:
        """The context of the case's unit called ``name`` (this one when it is this unit's or None): the
        one home of which unit's roster, schedules and benefits a proposal is costed on; None is the
        case's first unit."""
        name = self.case.unit.name if name is None else name
        if name == self.unit.name:
            return self
        if name not in self.siblings:
            self.siblings[name] = CostContext.of(self.case, name)
        return self.siblings[name]

    def for_proposal(self, proposal: Proposal) -> CostContext:
        return self.for_unit(proposal.unit)

    def role_mask(self, roles: tuple[str, ...] | None) -> FloatArray:
        """(G,) 1.0 for roles a term applies to."""
        if roles is None:
            return np.ones(len(self.roles))
        return np.array([1.0 if role in roles else 0.0 for role in self.roles])

    def active(self, effective: NDArray[np.int64], sunset: NDArray[np.int64]) -> FloatArray:
        """(V, P) 1.0 where the term is in effect on the period's first day."""
        starts = self.period_start[None, :]
        return ((starts >= effective[:, None]) & (starts <= sunset[:, None])).astype(np.float64)

    def period_containing(self, days: NDArray[np.int64]) -> NDArray[np.intp]:
        return np.searchsorted(self.period_bound, days, side="right") - 1

    def loaded_new_hire(self, salary: FloatArray) -> FloatArray:
        """(V, P) yearly cost of one added FTE at ``salary`` (V,): pay plus roll-up plus health."""
        return salary[:, None] * (1.0 + self.hire_rate[None, :]) + self.unit.health_per_fte

    @property
    def hire_rate(self) -> FloatArray:
        """(P,) the roll-up on an added position's pay (capped lines in full: a new hire earns below the
        wage base)."""
        return self.statutory if self.rollup is None else self.rollup.hire

    def by_year(self, per_period: FloatArray) -> FloatArray:
        """Sum the last axis (periods) into fiscal years."""
        shape = (*per_period.shape[:-1], self.n_years, self.periods_per_year)
        summed: FloatArray = per_period.reshape(shape).sum(axis=-1)
        return summed
