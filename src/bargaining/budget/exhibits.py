"""The fact-finder's exhibits beside ability to pay (Gov. Code 3548.2(b)): where the unit's pay ranks among
its peers before and after each proposal, and what its pay is worth after the cost of living."""

from __future__ import annotations

from dataclasses import dataclass

from bargaining.costing import CostContext, schedule_change
from bargaining.model import Case, Comparable, Proposal, parse_fiscal_year


@dataclass(frozen=True)
class Standing:
    value: float
    rank: int  # 1 = the highest of the unit and its peers
    percentile: float  # percent of the peers paid less than the unit


@dataclass(frozen=True)
class BenchmarkRow:
    """One benchmark in one fiscal year: the peers, and the unit before and after each proposal."""

    benchmark: str
    fiscal_year: str
    peers: tuple[Comparable, ...]
    before: Standing
    after: tuple[tuple[str, Standing], ...]  # proposal id -> standing (salary benchmarks only)


@dataclass(frozen=True)
class RealPay:
    """One of the unit's salary benchmarks over the horizon, nominal and in base-year dollars."""

    benchmark: str
    proposal: str | None  # None: the status quo (no raise)
    base_year: str
    years: tuple[tuple[str, float, float | None], ...]  # fiscal year, nominal, real (None without CPI)


def standing(value: float, peers: tuple[Comparable, ...]) -> Standing:
    above = sum(1 for p in peers if p.value > value)
    below = sum(1 for p in peers if p.value < value)
    return Standing(value, above + 1, 100.0 * below / len(peers) if peers else 0.0)


def _moved(ctx: CostContext, row: Comparable, proposal: Proposal | None, fiscal_year: str) -> float | None:
    """The unit's benchmark in ``fiscal_year`` under the proposal (the status quo when None).

    The published figure is the schedule before any agreement; every raise and schedule add of the
    proposal in effect on the fiscal year's first day applies to it, retroactive ones included. Under the
    status quo the schedule does not move (a cell's pay is the same; step movement is another cell).
    None when the year is outside the costing horizon.
    """
    if proposal is None or not row.moves_with_raise:
        return row.value
    change = schedule_change(ctx, proposal, ctx.case.calendar.year_start(parse_fiscal_year(fiscal_year)))
    if change is None:
        return None
    factor, added = change
    return row.value * factor + added


def benchmark_rows(case: Case, proposals: tuple[Proposal, ...]) -> tuple[BenchmarkRow, ...]:
    ctx = CostContext.of(case)
    unit = case.employer.short
    rows = []
    own = [c for c in case.comparables if c.district == unit]
    for mine in own:
        peers = tuple(
            c
            for c in case.comparables
            if c.district != unit and c.benchmark == mine.benchmark and c.fiscal_year == mine.fiscal_year
        )
        after = []
        for proposal in proposals:
            value = _moved(ctx, mine, proposal, mine.fiscal_year)
            if mine.moves_with_raise and value is not None:
                after.append((proposal.id, standing(value, peers)))
        rows.append(
            BenchmarkRow(mine.benchmark, mine.fiscal_year, peers, standing(mine.value, peers), tuple(after))
        )
    return tuple(rows)


def real_pay(case: Case, proposals: tuple[Proposal, ...]) -> tuple[RealPay, ...]:
    """Each salary benchmark of the unit across the horizon from its published year, deflated by the CPI."""
    ctx = CostContext.of(case)
    index = case.price_index
    found = []
    for mine in (c for c in case.comparables if c.district == case.employer.short and c.moves_with_raise):
        first = parse_fiscal_year(mine.fiscal_year)
        labels = [fy for fy in case.calendar.labels if parse_fiscal_year(fy) >= first]
        base_cpi = index.fiscal_year(first) if index else None
        for proposal in (None, *proposals):
            years = []
            for fy in labels:
                nominal = _moved(ctx, mine, proposal, fy)
                if nominal is None:
                    continue
                cpi = index.fiscal_year(parse_fiscal_year(fy)) if index else None
                real = nominal * base_cpi / cpi if base_cpi and cpi else None
                years.append((fy, nominal, real))
            found.append(
                RealPay(mine.benchmark, proposal.id if proposal else None, mine.fiscal_year, tuple(years))
            )
    return tuple(found)
