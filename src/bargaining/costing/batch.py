"""Terms stacked across variants: one structure, numeric fields as arrays of length V.

A single proposal is a batch of one. The package-space analysis builds batches of a million variants
directly from arrays, without making a million term objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from bargaining.costing.context import NEVER, day_number
from bargaining.model import (
    CellRaise,
    ClassSize,
    HealthContribution,
    HealthPlanChange,
    MinimumSalary,
    OneTime,
    Proposal,
    ScheduleReplace,
    Staffing,
    StepAdd,
    Term,
    parse_fiscal_year,
)

# Numeric fields costed per term type. Dates become day numbers; absent values NaN (or NEVER for sunset).
NUMERIC_FIELDS: dict[str, tuple[str, ...]] = {
    "raise": ("percent", "effective", "sunset"),
    "schedule_add": ("amount", "effective", "sunset"),
    "one_time": ("amount", "percent", "paid"),
    "staffing": ("fte", "cost_per_fte", "salary", "effective", "sunset"),
    "class_size": ("cap", "reduce_by", "salary", "effective", "sunset"),
    "caseload": ("students", "cap", "salary", "effective", "sunset"),
    "step_freeze": ("fiscal_year",),
    "health": ("amount_per_fte", "effective", "sunset"),
    "health_cap": ("amount", "effective", "sunset"),
    "health_share": ("share", "effective", "sunset"),
    # Plus one field per tier named, "tier:<name>" (premiums or members' dollars).
    "health_plan": ("effective", "sunset"),
    "health_contribution": ("effective", "sunset"),
    "language": (),
    "cell_raise": ("percent", "amount", "effective", "sunset"),
    "step_add": ("count", "percent", "amount", "effective", "sunset"),
    "minimum_salary": ("amount", "effective", "sunset"),
    "schedule_replace": ("effective", "sunset"),
}


@dataclass(frozen=True)
class TermBatch:
    """One term position across V variants."""

    type: str
    values: dict[str, NDArray[np.float64]]  # field -> (V,) array
    roles: tuple[str, ...] | None = None
    role: str | None = None
    grade_band: str | None = None
    mode: str | None = (
        None  # 'amount'|'percent' (one_time), 'cap'|'reduce_by' (class_size), 'loaded'|'salary'
    )
    # Where on the salary schedules the term applies: (schedules named, or the one schedule, block steps,
    # block lanes, replacement cells file, crosswalk file); empty for terms that name no schedule.
    target: tuple[object, ...] = ()

    def __getitem__(self, name: str) -> NDArray[np.float64]:
        return self.values[name]


@dataclass(frozen=True)
class ProposalBatch:
    """V proposals of identical structure."""

    terms: tuple[TermBatch, ...]
    dates: NDArray[np.int64]  # (V,) day numbers of the proposals
    size: int = field(default=1)


def _numeric(term: Term, name: str) -> float:
    value = getattr(term, name, None)
    if name == "sunset":
        return float(NEVER) if value is None else float(day_number(value))
    if value is None:
        return float("nan")
    if isinstance(value, dt.date):
        return float(day_number(value))
    if isinstance(value, str):  # a fiscal-year label
        return float(parse_fiscal_year(value))
    return float(value)


def _by_tier(term: Term) -> dict[str, float]:
    """The per-tier dollars of a health_plan or health_contribution term, as fields ``tier:<name>``."""
    if isinstance(term, HealthPlanChange):
        return {f"tier:{name}": float(value) for name, value in sorted(term.premiums.items())}
    if isinstance(term, HealthContribution):
        return {f"tier:{name}": float(value) for name, value in sorted(term.amounts.items())}
    return {}


def structure(term: Term) -> tuple[object, ...]:
    """What must agree for two terms to be costed in one batch."""
    mode: str | None = None
    if isinstance(term, OneTime):
        mode = "amount" if term.amount is not None else "percent"
    elif isinstance(term, ClassSize):
        mode = "cap" if term.cap is not None else "reduce_by"
    elif isinstance(term, Staffing):
        mode = "loaded" if term.cost_per_fte is not None else "salary"
    elif isinstance(term, CellRaise | StepAdd):
        mode = "percent" if term.percent is not None else "amount"
    roles = getattr(term, "roles", None)
    target: tuple[object, ...] = ()
    if getattr(term, "schedules", None) is not None:
        target = (getattr(term, "schedules", None),)
    if isinstance(term, CellRaise | StepAdd | MinimumSalary | ScheduleReplace):
        target = ((term.schedule,),)
    if isinstance(term, CellRaise):
        target += (term.steps, term.lanes)
    if isinstance(term, ScheduleReplace):
        target += (term.cells, term.crosswalk)
    if isinstance(term, HealthPlanChange | HealthContribution):
        target = (getattr(term, "plan", None), tuple(_by_tier(term)))
    return (term.type, roles, getattr(term, "role", None), getattr(term, "grade_band", None), mode, target)


def stack(proposals: Sequence[Proposal]) -> ProposalBatch:
    """Stack proposals whose terms have the same structure, position by position."""
    first = proposals[0]
    shape = [structure(t) for t in first.terms]
    for proposal in proposals[1:]:
        if [structure(t) for t in proposal.terms] != shape:
            raise ValueError(f"proposal {proposal.id!r} does not have the structure of {first.id!r}")
    batches = []
    for position, (kind, roles, role, band, mode, target) in enumerate(shape):
        names = NUMERIC_FIELDS[str(kind)]
        values = {
            name: np.array([_numeric(p.terms[position], name) for p in proposals], dtype=np.float64)
            for name in names
        }
        for name in _by_tier(first.terms[position]):
            values[name] = np.array([_by_tier(p.terms[position])[name] for p in proposals], dtype=np.float64)
        batches.append(
            TermBatch(
                type=str(kind),
                values=values,
                roles=roles,  # type: ignore[arg-type]
                role=role,  # type: ignore[arg-type]
                grade_band=band,  # type: ignore[arg-type]
                mode=mode,  # type: ignore[arg-type]
                target=target,  # type: ignore[arg-type]
            )
        )
    dates = np.array([day_number(p.date) for p in proposals], dtype=np.int64)
    return ProposalBatch(terms=tuple(batches), dates=dates, size=len(proposals))
