"""Each side's confidential priorities over a space of packages. Values only; no I/O, no numbers.

A package fixes one option for every issue. An issue is one numeric field of a named template term
(e.g. the percent of a raise, the effective date of the same raise, the FTE of a staffing term), so a
package is a proposal with the template's structure and can be costed in one batch with its neighbours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bargaining.model.actors import SIDES, Side
from bargaining.model.fiscal import fiscal_year_label
from bargaining.model.terms import Term

__all__ = [
    "LIMITS",
    "MEASURES",
    "SIDES",
    "Curve",
    "Issue",
    "IssueKind",
    "PackageSpace",
    "PartyPreferences",
    "Preferences",
    "Side",
]

IssueKind = Literal["number", "date", "fiscal_year"]

# Money measures of a costed package a side can score, beside the issues themselves.
MEASURES = {
    "cost": "cost to the district over the whole horizon, in dollars",
    "ongoing_cost": "recurring cost to the district in the last fiscal year of the horizon, in dollars: "
    "without one-time payments, back pay or items that sunset inside the horizon (bargain cost's ongoing)",
    "pay_per_member": "present value of extra pay (raises, schedule adds, one-time) per member, dollars",
    "staffing_cost": "spending on added positions (staffing, class size, caseload) over the horizon, dollars",
}

# What a side's ``limits`` may bound (each: the most it can sign), beside ``cost`` and ``ongoing_cost``.
LIMITS = {
    "cost": MEASURES["cost"],
    "ongoing_cost": MEASURES["ongoing_cost"],
    "reserve_below_minimum": "dollars by which the district's available reserve may fall below its minimum "
    "in any projected year of the case's budget (0: the reserve stays at or above the minimum)",
}


@dataclass(frozen=True)
class Issue:
    """One negotiable item: a field of a template term and the options it may take.

    Options are numbers: dates as day ordinals (``date.toordinal()``), fiscal years as their starting
    calendar year. ``none`` is the value standing for "not in the proposal" when an offer is read.
    """

    name: str
    term: str
    field: str
    options: tuple[float, ...]
    kind: IssueKind = "number"
    none: float = 0.0

    def show(self, value: float) -> str:
        if self.kind == "date":
            return dt.date.fromordinal(round(value)).isoformat()
        if self.kind == "fiscal_year":
            return fiscal_year_label(round(value))
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"


@dataclass(frozen=True)
class PackageSpace:
    """Named template terms and the issues that vary them."""

    terms: tuple[tuple[str, Term], ...]
    issues: tuple[Issue, ...]

    @property
    def size(self) -> int:
        return int(np.prod([len(issue.options) for issue in self.issues], dtype=np.float64))

    def issue(self, name: str) -> Issue:
        for issue in self.issues:
            if issue.name == name:
                return issue
        raise KeyError(name)

    @property
    def issue_names(self) -> tuple[str, ...]:
        return tuple(issue.name for issue in self.issues)


@dataclass(frozen=True)
class Curve:
    """A piecewise-linear score from 0 to 100 over an issue's values or a money measure.

    Between points the score is interpolated; beyond the first and last point it stays flat.
    """

    xs: tuple[float, ...]
    scores: tuple[float, ...]

    def __call__(self, values: np.ndarray) -> np.ndarray:
        result: np.ndarray = np.interp(values, self.xs, self.scores)
        return result


@dataclass(frozen=True)
class PartyPreferences:
    """What one side cares about (weights splitting 100 points), how it scores each criterion, and the
    score below which it prefers no agreement (strike, imposition, walking away). Private to the side;
    the mediator sees it only when ``share_with_mediator`` is true."""

    side: Side
    reservation: float
    weights: tuple[tuple[str, float], ...]
    curves: tuple[tuple[str, Curve], ...]
    limits: tuple[tuple[str, float], ...] = ()  # measure -> the most the side can accept (e.g. reserves)
    bottom_lines: tuple[tuple[str, tuple[float, ...]], ...] = ()  # blind bids per round, by issue
    discount_rate: float = 0.0
    share_with_mediator: bool = False

    def curve(self, name: str) -> Curve:
        return dict(self.curves)[name]

    def bottom_line(self, name: str) -> tuple[float, ...] | None:
        return dict(self.bottom_lines).get(name)


@dataclass(frozen=True)
class Preferences:
    """The case's ``preferences:`` section: the package space (public) and each side's private part."""

    space: PackageSpace
    employer: PartyPreferences | None = None
    union: PartyPreferences | None = None
    valued_on: dt.date | None = None

    def of(self, side: Side) -> PartyPreferences | None:
        return self.employer if side == "employer" else self.union

    def with_weights(self, side: Side, weights: Mapping[str, float]) -> Preferences:
        """The same preferences with ``side``'s weights replaced (a members' survey as the union's
        priorities): each name must be one the side scores (it has a curve for it), and the weights split
        100 points, as in the case file. ValueError says what is wrong."""
        party = self.of(side)
        if party is None:
            raise ValueError(f"the case states no preferences for the {side}")
        scored = dict(party.curves)
        unknown = [name for name in weights if name not in scored]
        if unknown:
            raise ValueError(
                f"not scored by the {side}: {', '.join(map(repr, unknown))};"
                f" name the choices after {', '.join(map(repr, scored))}"
            )
        if any(w < 0 for w in weights.values()) or abs(sum(weights.values()) - 100.0) > 1e-6:
            raise ValueError(
                f"the weights must be 0 or more and add up to 100 points (these: {sum(weights.values()):g})"
            )
        changed = dataclasses.replace(party, weights=tuple((n, float(w)) for n, w in weights.items()))
        if side == "employer":
            return dataclasses.replace(self, employer=changed)
        return dataclasses.replace(self, union=changed)
