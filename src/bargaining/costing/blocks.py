"""Which terms cost together: the one rule that whole costing and costing a package in blocks share.

A proposal's cost is the sum of its blocks' costs, each block costed on its own:
- the pay terms (raises, schedule adds, one-time pay, step freezes) are one block: raises compound with
  each other, with schedule adds and with percent payments, and all of them carry the roll-up;
- the class-size terms of one grade band are one block: the strictest in effect binds, school by school;
- the caseload terms of one role are one block: the strictest cap in effect binds;
- the health-plan terms (caps, shares, plan premiums, members' contributions) are one block: a cap and a
  share together make one employer rule, and the latest in effect replaces an earlier one;
- every other term (staffing, a flat health change, language) is a block of its own.

The engine adds up positions block by block with this rule, and ``analysis.valuation`` splits a package
template with it, so the two cannot disagree on how terms combine.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Protocol

from bargaining.model import shared_key

PAY_TYPES = frozenset(
    {"raise", "schedule_add", "one_time", "step_freeze"}
    # Terms that change the salary schedules combine with the raises cell by cell.
    | {"cell_raise", "step_add", "minimum_salary", "schedule_replace"}
)
HEALTH_TYPES = frozenset({"health_cap", "health_share", "health_plan", "health_contribution"})


class Costed(Protocol):
    """A term, or a term stacked across variants: anything with a type (and its band or role)."""

    @property
    def type(self) -> str: ...


def block_key(term: Costed, position: int) -> Hashable:
    """The block a term at ``position`` of its proposal belongs to."""
    if term.type in PAY_TYPES:
        return ("pay",)
    if term.type in HEALTH_TYPES:
        return ("health_plans",)
    shared = shared_key(term)
    if shared is not None:
        return shared
    return (term.type, position)


def cost_blocks(terms: Sequence[Costed]) -> list[list[int]]:
    """Positions of the terms in each block, blocks in the order of their first term."""
    blocks: dict[Hashable, list[int]] = {}
    for position, term in enumerate(terms):
        blocks.setdefault(block_key(term, position), []).append(position)
    return list(blocks.values())
