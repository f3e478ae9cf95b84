"""The public disclosure of a proposed agreement (Gov. Code 3547.5), in the state's format.

Section A is the cost table: the cost before the agreement, then the increase in the current year and the
two years after it, with back pay counted in the year it is paid, the represented FTE and the average cost
per employee. The budget sections are the multiyear projection with and without the agreement.
"""

from __future__ import annotations

from dataclasses import dataclass

from bargaining.budget.projection import Scenario, project
from bargaining.costing import (
    DISCLOSURE_ROWS,
    CostContext,
    back_pay_by_year,
    cost_batch,
    paid_by_year,
    stack,
    status_quo,
)
from bargaining.model import Case, Proposal, fiscal_year_label

YEARS = 3  # the form's current year and two subsequent years


@dataclass(frozen=True)
class PublicDisclosure:
    case: Case
    proposal: Proposal
    fiscal_years: tuple[str, ...]  # the current year and the two after it
    rows: dict[str, tuple[float, ...]]  # DISCLOSURE_ROWS name -> (cost before, year 1, year 2, year 3)
    back_pay_paid: tuple[float, ...]  # retroactive pay (with roll-up) paid in each year
    represented_fte: float
    status_quo: Scenario | None  # the projection without the agreement (when the case has a budget)
    with_agreement: Scenario | None

    @property
    def average_cost_per_employee(self) -> tuple[float, ...]:
        """The increase in total compensation per represented FTE, each year."""
        total = self.rows["total_compensation"][1:]
        return tuple(v / self.represented_fte if self.represented_fte else 0.0 for v in total)

    @property
    def percent_change(self) -> tuple[float, ...]:
        """The increase in total compensation as a percent of total compensation before the agreement."""
        prior, *years = self.rows["total_compensation"]
        return tuple(100.0 * v / prior if prior else 0.0 for v in years)


def current_year(case: Case, proposal: Proposal) -> str:
    """The disclosure's current year: the budget's, else the fiscal year the agreement is dated in."""
    if case.budget is not None:
        return case.budget.current_year
    # A proposal dated before (or after) the costing horizon is disclosed from its first (or last) year.
    years = case.calendar.years
    return fiscal_year_label(min(max(case.calendar.fiscal_year_of(proposal.date), years[0]), years[-1]))


def public_disclosure(
    case: Case, proposal: Proposal, *, ctx: CostContext | None = None, with_budget: bool = True
) -> PublicDisclosure:
    """Section A and the projections of one proposal. Years beyond the costing horizon cost nothing.

    The one disclosure rule: `bargain disclose`, the disclosure rows of `bargain cost` and the workbench's
    costing page all read it. ``with_budget=False`` leaves out the projections (section A only)."""
    ctx = (ctx or CostContext.of(case)).for_proposal(proposal)  # on the proposal's own unit
    labels = case.calendar.labels
    first = labels.index(current_year(case, proposal))
    chosen = [i for i in range(first, first + YEARS) if i < len(labels)]
    result = cost_batch(ctx, stack([proposal]))
    paid = {name: paid_by_year(ctx, values, proposal.date)[0] for name, values in result.per_period.items()}
    sq = status_quo(ctx)
    prior = {"salary": sq.salary[first], "statutory": sq.statutory[first], "health": sq.health[first]}
    rows = {
        name: (
            sum(prior.get(part, 0.0) for part in parts),
            *(float(sum(paid[part][i] for part in parts)) for i in chosen),
        )
        for name, parts in DISCLOSURE_ROWS
    }
    # Back pay is pay and its roll-up; positions never filled in the months before are owed nothing.
    earned = result.per_period
    pay = earned["salary"] + earned["step_column"] + earned["one_time"] + earned["statutory"]
    back_pay = back_pay_by_year(ctx, pay, proposal.date)[0]
    scenarios: tuple[Scenario, ...] = ()
    if case.budget is not None and with_budget:
        scenarios = project(case, case.budget, (proposal,))
    return PublicDisclosure(
        case=case,
        proposal=proposal,
        fiscal_years=tuple(labels[i] for i in chosen),
        rows=rows,
        back_pay_paid=tuple(float(back_pay[i]) for i in chosen),
        represented_fte=sq.fte,
        status_quo=scenarios[0] if scenarios else None,
        with_agreement=scenarios[1] if scenarios else None,
    )
