"""Items and their own units: what a set of terms on one article amounts to, e.g. a 6.1% raise or 300 FTE."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bargaining.model import ClassSize, HealthChange, OneTime, Raise, ScheduleAdd, Staffing, Term

# The value of each unit under the status quo (None where there is no neutral value, as for a cap).
STATUS_QUO: dict[str | None, float | None] = {
    "percent": 0.0,
    "dollars per FTE": 0.0,
    "one-time dollars per FTE": 0.0,
    "one-time percent": 0.0,
    "FTE": 0.0,
    "students fewer per class": 0.0,
    "class-size cap": None,
    "caseload cap": None,
    "health dollars per FTE": 0.0,
    "step freezes": 0.0,
}


def item_of(term: Term) -> str:
    """The article a term belongs to, or its type when it names none."""
    return term.article if term.article else term.type


def _unit(term: Term) -> str | None:
    if isinstance(term, OneTime):
        return "one-time dollars per FTE" if term.amount is not None else "one-time percent"
    if isinstance(term, ClassSize):
        return "students fewer per class" if term.reduce_by is not None else "class-size cap"
    return _UNITS.get(term.type)


_UNITS = {
    "raise": "percent",
    "schedule_add": "dollars per FTE",
    "staffing": "FTE",
    "caseload": "caseload cap",
    "health": "health dollars per FTE",
    "step_freeze": "step freezes",
}


def measures(terms: Sequence[Term]) -> dict[str, float]:
    """The terms' size in each of their own units (language has none)."""
    groups: dict[str, list[Term]] = {}
    for term in terms:
        unit = _unit(term)
        if unit is not None:
            groups.setdefault(unit, []).append(term)
    return {unit: _size(unit, group) for unit, group in sorted(groups.items())}


def _size(unit: str, terms: list[Term]) -> float:
    if unit == "percent":
        # raises compound: 3% then 3% is 6.09%
        factors = np.array([1.0 + t.percent / 100.0 for t in terms if isinstance(t, Raise)])
        return float((np.prod(factors) - 1.0) * 100.0)
    if unit in ("class-size cap", "caseload cap"):
        return float(min(getattr(t, "cap", 0) or 0 for t in terms))
    if unit == "step freezes":
        return float(len(terms))
    total = 0.0
    for term in terms:
        if isinstance(term, ScheduleAdd):
            total += term.amount
        elif isinstance(term, OneTime):
            total += term.amount if term.amount is not None else (term.percent or 0.0)
        elif isinstance(term, Staffing):
            total += term.fte
        elif isinstance(term, ClassSize):
            total += term.reduce_by or 0.0
        elif isinstance(term, HealthChange):
            total += term.amount_per_fte
    return total


def signature(terms: Sequence[Term]) -> tuple[str, ...]:
    """What the terms say, without notes or citations: equal signatures mean no movement."""
    return tuple(sorted(t.model_dump_json(exclude={"note", "source"}) for t in terms))
