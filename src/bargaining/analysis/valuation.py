"""Price a package once, value it twice.

The costing engine prices every package (the district's cost by pay period); each side then scores the
result in its own terms: the district its cost in dollars against its budget and reserve floor, the union
what its members gain (present value of pay per member) plus the non-money items, class size and staffing,
through its own value curves. A side's utility is the weighted sum of its curves' scores, 0 to 100.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargaining.analysis.space import (
    FloatArray,
    IntArray,
    distinct,
    issue_values,
    package_batch,
    radices,
    template,
    values_of,
)
from bargaining.budget import base_lines, paid_in_budget_years, reserve_shortfall
from bargaining.costing import CostContext, ProposalBatch, cost_batch, cost_blocks, recurring_cost, stack
from bargaining.model import (
    SIDES,
    Budget,
    Case,
    PackageSpace,
    PartyPreferences,
    Preferences,
    Proposal,
    Side,
    passed_on,
    passed_positions,
)

BoolArray = NDArray[np.bool_]
PAY_COMPONENTS = ("salary", "step_column", "one_time")  # what reaches members' pockets
POSITION_COMPONENTS = ("staffing", "class_size", "caseload")  # more adults in the schools
DEFAULT_CHUNK = 20_000  # packages costed at once: bounds memory to ~ chunk x pay periods x 8 arrays
# Packages x periods costed at once: the default chunk over a 10-year horizon of monthly pay.
PERIOD_CELLS = DEFAULT_CHUNK * 120
# The class-size line works on (variants x pay periods x enrollment rows) arrays: cap that product.
CLASS_SIZE_CELLS = 20_000_000


@dataclass(frozen=True, eq=False)
class Valuer:
    """Everything needed to value packages of one case: the cost context and present-value factors."""

    ctx: CostContext
    prefs: Preferences
    valued_on: dt.date
    members: float
    # The case's budget and its status-quo revenues and spending by projected year, when a side's limits
    # bound the reserve: each package's cost is then also kept by the budget year it is paid in.
    reserve: tuple[Budget, FloatArray, FloatArray] | None = None

    @classmethod
    def of(cls, case: Case, prefs: Preferences) -> Valuer:
        dates = [p.date for p in case.proposals]
        first = case.calendar.year_start(case.calendar.first_year)
        valued_on = prefs.valued_on or (max(dates) if dates else first)
        members = float(case.union.members or case.unit.roster.headcount)
        parties = [prefs.of(side) for side in SIDES]
        bounded = any(dict(p.limits).get("reserve_below_minimum") is not None for p in parties if p)
        reserve = None
        if case.budget is not None and bounded:
            reserve = (case.budget, *base_lines(case, case.budget))
        return cls(CostContext.of(case), prefs, valued_on, members, reserve)

    @property
    def rates(self) -> tuple[float, ...]:
        """Discount rates in use: nominal dollars and each side's own rate."""
        parties = [self.prefs.of(side) for side in SIDES]
        return tuple(sorted({0.0} | {p.discount_rate for p in parties if p is not None}))

    def discount(self, rate: float, ctx: CostContext | None = None) -> FloatArray:
        """(P,) present-value factor of each pay period (of ``ctx``'s unit, this one's by default) on
        ``valued_on``: pay already earned (back pay) is paid now and counts in full; later pay is discounted
        by whole and part years."""
        years = ((ctx or self.ctx).period_start - self.valued_on.toordinal()) / 365.25
        factors: FloatArray = (1.0 + rate) ** -np.maximum(years, 0.0)
        return factors

    def price(self, batch: ProposalBatch, written: Proposal | None = None) -> Priced:
        """Cost V packages and reduce the cost by period to money measures at every rate in use.
        ``written`` is the batch's structure as a proposal: the case's parity clauses pass its terms on to
        the units that follow this one (``model.passed_on``), and what they cost there is counted in the
        package's cost (and apart, ``me_too_cost``).

        Every measure is linear in the per-period cost, so measures of parts of a package add up."""
        cost = cost_batch(self.ctx, batch)
        total = cost.total_per_period()
        pay: FloatArray = sum((cost.per_period[name] for name in PAY_COMPONENTS), np.zeros_like(total))
        positions: FloatArray = sum(
            (cost.per_period[name] for name in POSITION_COMPONENTS), np.zeros_like(total)
        )
        measures = self._money(self.ctx, batch, total, recurring_cost(self.ctx, batch, cost))
        for rate in self.rates:
            factor = self.discount(rate)
            measures[("pay_per_member", rate)] = (pay @ factor) / self.members
            measures[("staffing_cost", rate)] = positions @ factor
        passed = np.zeros(batch.size)
        for ctx, follower in self._passed_on(batch, written):
            theirs = cost_batch(ctx, follower)
            money = self._money(
                ctx, follower, theirs.total_per_period(), recurring_cost(ctx, follower, theirs)
            )
            passed = passed + money[("cost", 0.0)]
            for key, values in money.items():
                measures[key] = measures[key] + values
        measures[("me_too_cost", 0.0)] = passed
        return Priced(measures)

    def _money(
        self, ctx: CostContext, batch: ProposalBatch, total: FloatArray, recurring: FloatArray
    ) -> dict[tuple[str, float], FloatArray]:
        """The district's money measures of V packages costed on ``ctx``'s unit: cost at every rate,
        what recurs and, when a limit bounds the reserve, the cost by budget year paid."""
        # The costing engine's one rule for what recurs: the last fiscal year without one-time pay, sunsets
        # inside the horizon or back pay (the ``ongoing`` of ``bargain cost``).
        measures = {("ongoing_cost", 0.0): ctx.by_year(recurring)[:, -1]}
        for rate in self.rates:
            measures[("cost", rate)] = total @ self.discount(rate, ctx)
        if self.reserve is not None:  # (V, Y): linear in the cost, so the blocks' parts add up too
            paid_on = dt.date.fromordinal(int(batch.dates[0])) if batch.size else self.valued_on
            measures[("paid_in_budget_year", 0.0)] = paid_in_budget_years(
                ctx, self.reserve[0], total, paid_on
            )
        return measures

    def _passed_on(
        self, batch: ProposalBatch, written: Proposal | None
    ) -> list[tuple[CostContext, ProposalBatch]]:
        """For each parity clause following this unit, the follower's context and the batch of what it
        passes on: the structure of ``passed_on``'s proposal, the numbers of the passed terms' columns."""
        if written is None or not self.ctx.case.me_too:
            return []
        found = []
        for clause, follower in passed_on(self.ctx.case.me_too, self.ctx.unit.name, written):
            shape = stack([follower]).terms
            columns = passed_positions(clause, written)
            terms = tuple(
                dataclasses.replace(term, values=batch.terms[i].values)
                for term, i in zip(shape, columns, strict=True)
            )
            found.append((self.ctx.for_unit(clause.unit), dataclasses.replace(batch, terms=terms)))
        return found


@dataclass(frozen=True, eq=False)
class Priced:
    """Money measures of V packages, keyed by (measure, discount rate); ongoing cost is never discounted."""

    measures: dict[tuple[str, float], FloatArray]

    def at(self, rate: float) -> dict[str, FloatArray]:
        return {
            "cost": self.measures[("cost", rate)],
            "ongoing_cost": self.measures[("ongoing_cost", 0.0)],
            "pay_per_member": self.measures[("pay_per_member", rate)],
            "staffing_cost": self.measures[("staffing_cost", rate)],
            "me_too_cost": self.measures[("me_too_cost", 0.0)],
        }

    def take(self, rows: NDArray[np.intp]) -> Priced:
        return Priced({key: values[rows] for key, values in self.measures.items()})

    def __add__(self, other: Priced) -> Priced:
        return Priced({key: values + other.measures[key] for key, values in self.measures.items()})


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
    """V packages (or offers), priced and scored. Money is nominal (undiscounted) throughout."""

    values: FloatArray  # (V, I) issue values
    cost: FloatArray  # (V,) cost over the horizon
    ongoing_cost: FloatArray  # (V,) recurring cost in the last fiscal year (costing's ``ongoing``)
    pay_per_member: FloatArray  # (V,)
    staffing_cost: FloatArray  # (V,) spending on added positions, nominal
    # (V,) of ``cost``, what parity clauses pass on to the units that follow this one, nominal
    me_too_cost: FloatArray
    utility: dict[Side, FloatArray]  # for each side that stated preferences
    feasible: BoolArray  # within every side's limits
    reserve_below_minimum: FloatArray | None = None  # (V,) dollars, when a side's limits bound the reserve

    def measures(self) -> dict[str, FloatArray]:
        """The nominal measures a side's ``limits`` are stated on."""
        found = {
            "cost": self.cost,
            "ongoing_cost": self.ongoing_cost,
            "pay_per_member": self.pay_per_member,
            "staffing_cost": self.staffing_cost,
        }
        if self.reserve_below_minimum is not None:
            found["reserve_below_minimum"] = self.reserve_below_minimum
        return found


def _score(valuer: Valuer, values: FloatArray, priced: Priced) -> Valued:
    prefs = valuer.prefs
    nominal = priced.at(0.0)
    shortfall = None
    if valuer.reserve is not None:
        budget, revenues, spending = valuer.reserve
        paid = priced.measures[("paid_in_budget_year", 0.0)]
        shortfall = reserve_shortfall(budget, revenues, spending, paid)
        nominal["reserve_below_minimum"] = shortfall
    scores: dict[Side, FloatArray] = {}
    feasible = np.ones(values.shape[0], dtype=bool)
    for side in SIDES:
        party = prefs.of(side)
        if party is None:
            continue
        scores[side] = utility(party, prefs.space.issue_names, values, priced.at(party.discount_rate))
        feasible &= within_limits(party, nominal)
    return Valued(
        values=values,
        cost=nominal["cost"],
        ongoing_cost=nominal["ongoing_cost"],
        # Shown to every viewpoint, so nominal: at the union's private discount rate it would let the
        # district work the rate out. The union's present value lives only inside its own score.
        pay_per_member=nominal["pay_per_member"],
        staffing_cost=nominal["staffing_cost"],
        me_too_cost=nominal["me_too_cost"],
        utility=scores,
        feasible=feasible,
        reserve_below_minimum=shortfall,
    )


def value_packages(
    valuer: Valuer, choice: IntArray, chunk: int = DEFAULT_CHUNK, *, decompose: bool = True
) -> Valued:
    """Price and score packages given as option indices.

    With ``decompose`` the template splits into the blocks whose costs add up by the costing engine's own
    rule (``costing.blocks``): the pay terms together, the class-size terms of each band together, the
    caseload terms of each role together, each other term alone. Each block is costed once per distinct
    combination of its own issues, ``chunk`` at a time, and packages gather their blocks' measures: a
    million packages of a few thousand distinct pay settings cost a few thousand costings. Without it,
    every package is costed whole (the reference the tests compare against).
    """
    space = valuer.prefs.space
    values = values_of(space, choice)
    if not decompose or choice.shape[0] == 0:
        step = _chunk(valuer, space, chunk)
        parts = [
            valuer.price(
                package_batch(space, values[start : start + step], valuer.valued_on),
                template(space, valuer.valued_on),
            )
            for start in range(0, max(choice.shape[0], 1), step)
        ]
        priced = Priced({key: np.concatenate([p.measures[key] for p in parts]) for key in parts[0].measures})
        return _score(valuer, values, priced)
    total: Priced | None = None
    for block in _blocks(space):
        columns = [space.issues.index(issue) for issue in block.issues]
        unique, inverse = distinct(choice[:, columns], radices(block))
        block_values = values_of(block, unique)
        step = _chunk(valuer, block, chunk)
        parts = [
            valuer.price(
                package_batch(block, block_values[start : start + step], valuer.valued_on),
                template(block, valuer.valued_on),
            )
            for start in range(0, max(unique.shape[0], 1), step)
        ]
        priced = Priced({key: np.concatenate([p.measures[key] for p in parts]) for key in parts[0].measures})
        gathered = priced.take(inverse.reshape(-1))
        total = gathered if total is None else total + gathered
    assert total is not None
    return _score(valuer, values, total)


def _chunk(valuer: Valuer, space: PackageSpace, chunk: int) -> int:
    """Packages to cost at once: ``chunk``, or fewer when the periods (work days) or class-size terms
    would make the costing engine's (variants x periods [x enrollment rows]) arrays too large."""
    # Work-day proration has ~15x the periods of monthly pay: fewer packages at once keep memory bounded.
    chunk = max(1, min(chunk, PERIOD_CELLS // valuer.ctx.period_start.size))
    enrollment = valuer.ctx.case.enrollment
    if enrollment is None or not any(term.type == "class_size" for _, term in space.terms):
        return chunk
    cells = valuer.ctx.period_start.size * max(enrollment.students.size, 1)
    return max(1, min(chunk, CLASS_SIZE_CELLS // cells))


def _blocks(space: PackageSpace) -> list[PackageSpace]:
    """The template cut into the blocks the costing engine costs apart (``costing.blocks``), each with the
    issues that vary its terms."""
    blocks = []
    for positions in cost_blocks([term for _, term in space.terms]):
        terms = tuple(space.terms[i] for i in positions)
        names = {name for name, _ in terms}
        blocks.append(PackageSpace(terms=terms, issues=tuple(i for i in space.issues if i.term in names)))
    return blocks


def value_offers(valuer: Valuer, proposals: Iterable[Proposal]) -> Valued:
    """Price each proposal as written (every term, in or out of the package space) and score it."""
    chosen = list(proposals)
    issues = len(valuer.prefs.space.issues)
    if not chosen:
        return value_packages(valuer, np.zeros((0, issues), dtype=np.int32))
    values = np.array([issue_values(valuer.prefs.space, p) for p in chosen]).reshape(len(chosen), issues)
    parts = [valuer.price(stack([p]), p) for p in chosen]
    priced = Priced({key: np.concatenate([p.measures[key] for p in parts]) for key in parts[0].measures})
    return _score(valuer, values, priced)
