"""Several bargaining units in one case, and the parity ("me-too") clauses between them.

A district bargains with each unit apart (certificated and classified staff: UTLA and SEIU Local 99 in Los
Angeles), and a parity clause gives one unit what another wins. The rule of what a clause passes on, and
how, lives here (``passed_on``); the costing engine prices what it returns on the follower's own roster.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bargaining.model.proposal import Proposal

# Terms a parity clause can pass on: those that mean the same on any unit's pay. Terms that name the
# leading unit's own schedules, cells, roles, classes or positions cannot.
Passable = Literal["raise", "schedule_add", "one_time", "health"]
PASSABLE: tuple[Passable, ...] = ("raise", "schedule_add", "one_time", "health")


class MeToo(BaseModel):
    """``unit`` gets what ``follows`` wins, for the listed kinds of term."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: str = Field(description="the unit that follows (gets what the other wins)")
    follows: str = Field(description="the unit whose settlement it follows")
    terms: tuple[Passable, ...] = Field(
        PASSABLE,
        min_length=1,
        description="the kinds of term passed on: raise, schedule_add, one_time, health",
    )
    source: str | None = Field(None, description="where the clause is published")
    note: str | None = None


def passed_on(
    clauses: tuple[MeToo, ...], unit: str, proposal: Proposal
) -> tuple[tuple[MeToo, Proposal], ...]:
    """What the parity clauses pass on when ``proposal`` is settled for ``unit``: for each clause that
    follows ``unit``, the proposal's terms of the kinds the clause names, for the follower's whole unit
    (a term's ``roles`` and ``schedules`` name the leader's roster and grids, so they are dropped), on the
    same dates. Clauses are direct: a unit that follows a follower gets nothing from this proposal."""
    found = []
    for clause in clauses:
        if clause.follows != unit or clause.unit == unit:
            continue
        terms = tuple(
            term.model_copy(
                update={key: None for key in ("roles", "schedules") if key in type(term).model_fields}
            )
            for term in (proposal.terms[i] for i in passed_positions(clause, proposal))
        )
        if terms:
            found.append((clause, proposal.model_copy(update={"unit": clause.unit, "terms": terms})))
    return tuple(found)


def passed_positions(clause: MeToo, proposal: Proposal) -> tuple[int, ...]:
    """The positions in ``proposal.terms`` of the terms ``clause`` passes on, in order: the terms of the
    follower's proposal in ``passed_on`` (so a batch of packages can take its numbers from them)."""
    return tuple(i for i, term in enumerate(proposal.terms) if term.type in clause.terms)
