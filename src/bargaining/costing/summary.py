"""Views a finance office asks for: the status quo, the cost of 1%, the disclosure table, the gap."""

from __future__ import annotations

from dataclasses import dataclass

from bargaining.costing import cells
from bargaining.costing.context import CostContext
from bargaining.costing.engine import ProposalCost
from bargaining.costing.health import status_quo_health
from bargaining.costing.lines import COMPONENTS
from bargaining.costing.statutory import capped_status_quo


@dataclass(frozen=True)
class StatusQuo:
    """Payroll with no new agreement, per fiscal year."""

    fiscal_years: tuple[str, ...]
    salary: tuple[float, ...]
    statutory: tuple[float, ...]
    health: tuple[float, ...]
    cost_of_one_percent: tuple[float, ...]  # 1% on the schedule with its roll-up
    fte: float
    members: int
    # Each year's payroll growth over the year before, shown apart as costing practice asks: the gross
    # step-and-column movement, the breakage (turnover) it is assumed to lose, and the net.
    step_column_gross: tuple[float, ...] = ()
    breakage: tuple[float, ...] = ()
    step_column_net: tuple[float, ...] = ()
    members_health: tuple[float, ...] = ()  # what members pay of the premiums (health plans only)

    @property
    def total(self) -> tuple[float, ...]:
        return tuple(s + r + h for s, r, h in zip(self.salary, self.statutory, self.health, strict=True))


def status_quo(ctx: CostContext) -> StatusQuo:
    pay = ctx.base.sum(axis=0)  # (P,)
    salary = ctx.by_year(pay)
    statutory = ctx.by_year(pay * ctx.statutory)
    if ctx.rollup is not None and ctx.rollup.has_capped:
        statutory += ctx.by_year(capped_status_quo(ctx.rollup, ctx.base))
    fte = float(ctx.fte.sum())
    health, members_health = status_quo_health(ctx.unit, ctx.n_years, fte)
    # Per-member figures divide by the people costed, not the union's reported membership.
    members = ctx.unit.roster.headcount
    unit = ctx.unit
    before = salary / (1.0 + unit.net_drift)  # each year's payroll the year before
    gross, breakage, net = before * unit.step_column, before * unit.breakage, salary - before
    if ctx.layout is not None:  # on schedules: from placement and movement, year by year
        moved = cells.growth(ctx.layout, cells.status_quo(ctx.layout, ctx.n_years))
        gross, breakage, net = moved.gross, moved.breakage, moved.net
    return StatusQuo(
        fiscal_years=ctx.case.calendar.labels,
        salary=tuple(float(x) for x in salary),
        statutory=tuple(float(x) for x in statutory),
        health=tuple(float(x) for x in health),
        cost_of_one_percent=tuple(float(x) for x in 0.01 * (salary + statutory)),
        fte=fte,
        members=members,
        step_column_gross=tuple(float(x) for x in gross),
        breakage=tuple(float(x) for x in breakage),
        step_column_net=tuple(float(x) for x in net),
        members_health=tuple(float(x) for x in members_health),
    )


DISCLOSURE_ROWS = (
    ("salary_schedule_increase", ("salary",)),
    ("step_and_column", ("step_column",)),
    ("other_compensation", ("one_time",)),
    ("statutory_benefits", ("statutory",)),
    ("health_and_welfare", ("health",)),
    ("total_compensation", ("salary", "step_column", "one_time", "statutory", "health")),
    ("added_positions", ("staffing", "class_size", "caseload")),
    ("total_cost", COMPONENTS),
)


@dataclass(frozen=True)
class Gap:
    """B minus A, by fiscal year and component."""

    a: ProposalCost
    b: ProposalCost
    components: dict[str, tuple[float, ...]]

    @property
    def year_totals(self) -> tuple[float, ...]:
        return tuple(b - a for a, b in zip(self.a.year_totals, self.b.year_totals, strict=True))

    @property
    def total(self) -> float:
        return self.b.total - self.a.total


def compare(a: ProposalCost, b: ProposalCost) -> Gap:
    components = {
        name: tuple(y - x for x, y in zip(a.components[name], b.components[name], strict=True))
        for name in COMPONENTS
    }
    return Gap(a=a, b=b, components=components)
