"""The multiyear projection: each proposal's cost added to the status-quo budget, year by year.

As the county offices compute it (domain.md A.4): ending balance = beginning + revenues - expenditures,
carried to the next year; available reserve = ending balance less what is committed or assigned;
reserve percent = available reserve / total outgo. Costs enter in the year they are paid, so retroactive
pay lands in the year of the agreement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargaining.costing import (
    CostContext,
    FloatArray,
    ProposalBatch,
    TermBatch,
    cost_batch,
    paid_by_year,
    stack,
    status_quo,
)
from bargaining.model import Budget, Case, Proposal, Raise, passed_on

# The affordable raise is searched over the range a Raise term accepts.
RAISE_RANGE = (-50.0, 100.0)


@dataclass(frozen=True)
class ProjectedYear:
    fiscal_year: str
    revenues: float
    expenditures: float  # status quo plus the proposal's cost paid that year
    added_cost: float  # the proposal's cost paid that year (0 for the status quo)
    beginning_balance: float
    ending_balance: float
    available_reserve: float
    reserve_percent: float
    minimum_percent: float

    @property
    def net(self) -> float:
        return self.revenues - self.expenditures

    @property
    def meets_minimum(self) -> bool:
        return self.reserve_percent >= self.minimum_percent


@dataclass(frozen=True)
class Scenario:
    """The status quo (proposal None) or one proposal, projected."""

    proposal: str | None
    years: tuple[ProjectedYear, ...]
    affordable_raise_percent: float | None  # None: no raise in the searched range keeps the minimum

    @property
    def first_breach(self) -> str | None:
        return next((y.fiscal_year for y in self.years if not y.meets_minimum), None)


def base_lines(case: Case, budget: Budget) -> tuple[FloatArray, FloatArray]:
    """(Y,) status-quo revenues and expenditures over the projected years."""
    linked = _unit_status_quo(case, budget)
    revenues = np.array([sum(line.amount(fy) for line in budget.revenues) for fy in budget.years])
    spending = np.array(
        [
            sum(
                linked[line.from_unit][fy] if line.from_unit else line.amount(fy)
                for line in budget.expenditures
            )
            for fy in budget.years
        ]
    )
    return revenues, spending


def _unit_status_quo(case: Case, budget: Budget) -> dict[str, dict[str, float]]:
    """Each unit a line names -> its status-quo cost by fiscal year."""
    linked = {}
    for name in {line.from_unit for line in budget.expenditures if line.from_unit}:
        known = name in (unit.name for unit in case.units)
        sq = status_quo(CostContext.of(case, name if known else None))  # a one-unit case: its unit
        linked[name] = dict(zip(sq.fiscal_years, sq.total, strict=True))
    return linked


def project_years(
    budget: Budget, revenues: FloatArray, spending: FloatArray, added: FloatArray
) -> tuple[ProjectedYear, ...]:
    """One scenario's years from the base lines and the added cost (Y,) paid each year."""
    years = []
    balance = budget.beginning_balance
    for k, fy in enumerate(budget.years):
        outgo = float(spending[k] + added[k])
        ending = balance + float(revenues[k]) - outgo
        available = ending - budget.designated_in(fy)
        years.append(
            ProjectedYear(
                fiscal_year=fy,
                revenues=float(revenues[k]),
                expenditures=outgo,
                added_cost=float(added[k]),
                beginning_balance=balance,
                ending_balance=ending,
                available_reserve=available,
                reserve_percent=100.0 * available / outgo if outgo else 0.0,
                minimum_percent=budget.minimum_in(fy).percent,
            )
        )
        balance = ending
    return tuple(years)


def reserve_shortfall(
    budget: Budget, revenues: FloatArray, spending: FloatArray, added: FloatArray
) -> FloatArray:
    """(V,) dollars by which variant v's available reserve falls furthest below the minimum in any
    projected year, 0 where it never does; ``added`` is (V, Y), the variants' cost paid in each year."""
    designated = np.array([budget.designated_in(fy) for fy in budget.years])
    minimum = np.array([budget.minimum_in(fy).percent for fy in budget.years]) / 100.0
    outgo = spending[None, :] + added
    ending = budget.beginning_balance + np.cumsum(revenues[None, :] - outgo, axis=1)
    below = minimum[None, :] * outgo - (ending - designated[None, :])
    short: FloatArray = np.maximum(below.max(axis=1), 0.0)
    return short


def _feasible(
    budget: Budget, revenues: FloatArray, spending: FloatArray, added: FloatArray
) -> NDArray[np.bool_]:
    """(V,) True where every projected year of variant v keeps its minimum reserve; added is (V, Y)."""
    ok: NDArray[np.bool_] = reserve_shortfall(budget, revenues, spending, added) <= 0.0
    return ok


def paid_in_budget_years(
    ctx: CostContext, budget: Budget, per_period: FloatArray, paid_on: dt.date
) -> FloatArray:
    """(V, Y) costs by pay period -> paid in each of the budget's projected years."""
    paid: FloatArray = paid_by_year(ctx, per_period, paid_on)[:, _window(ctx.case, budget)]
    return paid


def _window(case: Case, budget: Budget) -> slice:
    labels = case.calendar.labels
    first = labels.index(budget.years[0])
    return slice(first, first + len(budget.years))


def added_cost(ctx: CostContext, budget: Budget, proposal: Proposal) -> FloatArray:
    """(Y,) the proposal's cost paid in each projected year."""
    ctx = ctx.for_proposal(proposal)  # on the proposal's own unit
    per_period = cost_batch(ctx, stack([proposal])).total_per_period()
    paid: FloatArray = paid_in_budget_years(ctx, budget, per_period, proposal.date)[0]
    # The district also pays what parity clauses pass on to other units, on their own rosters.
    for clause, follower in passed_on(ctx.case.me_too, ctx.unit.name, proposal):
        theirs = ctx.for_unit(clause.unit)
        cost = cost_batch(theirs, stack([follower])).total_per_period()
        paid = paid + paid_in_budget_years(theirs, budget, cost, proposal.date)[0]
    return paid


def _raise_variants(batch: ProposalBatch, percents: FloatArray) -> ProposalBatch:
    """The batch repeated for each percent, its first term (the trial raise) set to that percent."""
    size = percents.size
    terms = []
    for position, term in enumerate(batch.terms):
        values = {name: np.repeat(array, size) for name, array in term.values.items()}
        if position == 0:
            values["percent"] = percents.astype(np.float64)
        terms.append(TermBatch(term.type, values, term.roles, term.role, term.grade_band, term.mode))
    return ProposalBatch(terms=tuple(terms), dates=np.repeat(batch.dates, size), size=size)


def affordable_raise(
    ctx: CostContext,
    budget: Budget,
    proposal: Proposal | None = None,
    effective: dt.date | None = None,
) -> float | None:
    """The largest on-schedule raise (percent) that keeps every projected year at its minimum reserve.

    The raise takes effect on ``effective`` (default: the first day of the budget's current year). With a
    proposal, its own raises are replaced by the trial raise and its other terms are held as they are.
    The cost is linear in the raise, so the feasible raises form an interval: three rounds of 1,001
    variants costed at once narrow it to about 1e-7 of a point. None when even the lowest raise breaches.
    """
    calendar = ctx.case.calendar
    start = effective or calendar.year_start(int(budget.years[0][:4]))
    others = () if proposal is None else tuple(t for t in proposal.terms if not isinstance(t, Raise))
    dated = proposal.date if proposal is not None else start
    trial = Proposal(
        id="affordable-raise",
        party="employer",
        date=dated,
        terms=(Raise(type="raise", percent=0.0, effective=start), *others),
    )
    batch = stack([trial])
    revenues, spending = base_lines(ctx.case, budget)
    window = _window(ctx.case, budget)
    low, high = RAISE_RANGE

    def ok(percents: FloatArray) -> NDArray[np.bool_]:
        per_period = cost_batch(ctx, _raise_variants(batch, percents)).total_per_period()
        return _feasible(budget, revenues, spending, paid_by_year(ctx, per_period, dated)[:, window])

    for _ in range(3):
        grid = np.linspace(low, high, 1001)
        feasible = ok(grid)
        if not feasible[0]:
            return None
        if feasible[-1]:  # only in the first round: the whole range is affordable
            return float(grid[-1])
        last = int(np.argmin(feasible)) - 1  # feasible up to here, infeasible just after
        low, high = float(grid[last]), float(grid[last + 1])
    return low


def project(case: Case, budget: Budget, proposals: tuple[Proposal, ...]) -> tuple[Scenario, ...]:
    """The status quo and each proposal, projected, each with its affordable raise."""
    ctx = CostContext.of(case)
    revenues, spending = base_lines(case, budget)
    zero = np.zeros(len(budget.years))
    scenarios = [
        Scenario(None, project_years(budget, revenues, spending, zero), affordable_raise(ctx, budget))
    ]
    for proposal in proposals:
        years = project_years(budget, revenues, spending, added_cost(ctx, budget, proposal))
        scenarios.append(Scenario(proposal.id, years, affordable_raise(ctx, budget, proposal)))
    return tuple(scenarios)
