"""A district-wide settlement: the chosen proposals of several units, and what parity passes on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bargaining.costing.engine import ProposalCost


@dataclass(frozen=True)
class DistrictTotal:
    """A district-wide settlement: each unit's own settlement and, for a unit that has none among those
    chosen, what the parity clauses pass on to it, by fiscal year."""

    fiscal_years: tuple[str, ...]
    # (unit, title, where it comes from: "own" or "me_too", the proposal id, yearly totals)
    parts: tuple[tuple[str, str, str, str, tuple[float, ...]], ...]

    @property
    def year_totals(self) -> tuple[float, ...]:
        return tuple(sum(part[4][i] for part in self.parts) for i in range(len(self.fiscal_years)))

    @property
    def total(self) -> float:
        return float(sum(self.year_totals))


def district_total(costs: Sequence[ProposalCost]) -> DistrictTotal:
    """Total chosen proposals across units, at most one a unit (ValueError otherwise). A unit's own
    settlement replaces what a parity clause would pass on to it, so nothing is counted twice."""
    if not costs:
        raise ValueError("choose at least one proposal for a district-wide total")
    by_unit: dict[str, ProposalCost] = {}
    for cost in costs:
        if cost.unit in by_unit:
            raise ValueError(
                f"a district-wide total takes one proposal a unit; {by_unit[cost.unit].proposal.id!r} and"
                f" {cost.proposal.id!r} are both for {cost.unit or 'the unit'}"
            )
        by_unit[cost.unit] = cost
    parts = []
    for cost in costs:
        parts.append((cost.unit, cost.unit_title, "own", cost.proposal.id, cost.year_totals))
        for passed in cost.me_too:
            if passed.unit not in by_unit:
                parts.append((passed.unit, passed.title, "me_too", cost.proposal.id, passed.cost.year_totals))
    return DistrictTotal(costs[0].fiscal_years, tuple(parts))
