"""Preferences derived from the two latest positions and the priors, for `bargain analyze` and `bargain
mediate` on a case without a ``preferences:`` section (docs/forecast.md).

The package space: one raise per fiscal year either side names, its percent running from the district's
position to the union's in ten steps; each of the union's other money terms on the schedule (a schedule
add, and on salary schedules a cell raise, a new top step or a minimum salary) that the district did not
offer as written, from the district's figure for the same term (none when it has none) to the union's, so
they are costed on the grid; each of the union's staffing and class-size reductions the district has not
offered, from none to the union's figure. Each side scores an issue linearly from the other side's
position (0) to its own (100) and weighs it by what moving it costs the district over the horizon (the
costing engine; for the district, with what parity clauses pass on to the units that follow), the union
an item by ``union.nonpay_value`` times that cost. A side's reservation is the mean of its prior reserved
value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from bargaining.analysis.positions import NONPAY_TERMS, positions_of_case
from bargaining.costing import CostContext, cost_proposal
from bargaining.model import (
    Case,
    CellRaise,
    ClassSize,
    Curve,
    Issue,
    MinimumSalary,
    PackageSpace,
    PartyPreferences,
    Preferences,
    Priors,
    Proposal,
    Raise,
    ScheduleAdd,
    Staffing,
    StepAdd,
    Term,
    fiscal_year_label,
    mean,
)

PAY_STEPS = 11


@dataclass(frozen=True)
class _Item:
    name: str
    term: Term
    field: str
    district: float
    union: float
    nonpay: bool


def _raises(case: Case, district: Proposal, union: Proposal) -> list[_Item]:
    found: dict[int, dict[str, tuple[float, dt.date]]] = {}
    for side, proposal in (("district", district), ("union", union)):
        for term in proposal.terms:
            if isinstance(term, Raise):
                year = case.calendar.fiscal_year_of(term.effective)
                percent, effective = found.setdefault(year, {}).get(side, (0.0, term.effective))
                found[year][side] = (percent + term.percent, min(effective, term.effective))
    items = []
    for year, sides in sorted(found.items()):
        low = sides.get("district", (0.0, None))[0]
        high, effective = sides.get("union", sides.get("district", (0.0, dt.date(year, 7, 1))))
        term = Raise(type="raise", percent=high, effective=effective)
        name = f"raise {fiscal_year_label(year)}"
        items.append(_Item(name, term, "percent", low, high, False))
    return items


# Money terms on the schedule other than raises, and the field a package varies: a figure of 0 is "not in
# the package" (no dollars, a 0% cell raise or new step, a minimum below every cell). One-time pay is left
# to the raise's share of the gap, as in the forecast (docs/forecast.md).
_MONEY_TERMS = (ScheduleAdd, CellRaise, StepAdd, MinimumSalary)


def _money_field(term: Term) -> str:
    return "amount" if getattr(term, "amount", None) is not None else "percent"


def _money_key(term: Term) -> str:
    """The same term in both positions: everything but its figure."""
    figures: dict[str, object] = {n: None for n in ("amount", "percent") if n in type(term).model_fields}
    return repr(term.model_copy(update=figures))


def _none(case: Case, term: Term) -> float:
    """The figure that leaves the schedule as it is: 0, or for a minimum salary the lowest cell today
    (so that the options between it and the union's figure each raise something)."""
    schedules = case.unit.schedules
    if isinstance(term, MinimumSalary) and schedules is not None:
        return float(schedules.grid(term.schedule).cells.min())
    return 0.0


def _money(case: Case, district: Proposal, union: Proposal) -> list[_Item]:
    money = [t for t in district.terms if isinstance(t, _MONEY_TERMS)]
    offered = {_money_key(t): (_money_field(t), float(getattr(t, _money_field(t)))) for t in money}
    items = []
    for index, term in enumerate(union.terms):
        if not isinstance(term, _MONEY_TERMS):
            continue
        field = _money_field(term)
        their_field, low = offered.get(_money_key(term), (field, _none(case, term)))
        if their_field != field:
            continue  # one side in dollars, the other in percent: no common scale to move along
        name = f"{term.type.replace('_', ' ')} ({index + 1})"
        items.append(_Item(name, term, field, low, float(getattr(term, field)), False))
    return items


def _nonpay(district: Proposal, union: Proposal) -> list[_Item]:
    offered = {repr(t) for t in district.terms}
    items = []
    for index, term in enumerate(union.terms):
        if not isinstance(term, NONPAY_TERMS) or repr(term) in offered:
            continue
        if isinstance(term, Staffing):
            items.append(_Item(f"{term.role} ({index + 1})", term, "fte", 0.0, term.fte, True))
        elif isinstance(term, ClassSize) and term.reduce_by is not None:
            items.append(
                _Item(
                    f"class size {term.grade_band} ({index + 1})",
                    term,
                    "reduce_by",
                    0.0,
                    term.reduce_by,
                    True,
                )
            )
    return items


def _span(ctx: CostContext, item: _Item, date: dt.date) -> tuple[float, float]:
    """What moving the issue from the district's position to the union's costs over the horizon: for the
    unit at the table, and with what the case's parity clauses pass on from it to the units that follow."""
    costs = []
    for value in (item.district, item.union):
        term = item.term.model_copy(update={item.field: value})
        issue = Proposal(id="issue", party="joint", date=date, unit=ctx.unit.name, terms=(term,))
        cost = cost_proposal(ctx, issue)
        costs.append((cost.total, cost.with_passed_on))
    return abs(costs[1][0] - costs[0][0]), abs(costs[1][1] - costs[0][1])


def _curve(item: _Item, own: float) -> Curve:
    points = sorted(((item.district, 100.0 - own), (item.union, own)))
    return Curve(xs=tuple(p[0] for p in points), scores=tuple(p[1] for p in points))


def derived_preferences(case: Case, priors: Priors) -> Preferences:
    """The case's preferences from its latest positions; ValueError when there is nothing to weigh."""
    positions = positions_of_case(case, None)
    if positions is None or positions.district_proposal is None or positions.union_proposal is None:
        raise ValueError("deriving preferences needs a proposal from each side")
    district, union = positions.district_proposal, positions.union_proposal
    found = _raises(case, district, union) + _money(case, district, union) + _nonpay(district, union)
    items = [i for i in found if i.district != i.union]
    date = max(district.date, union.date)
    ctx = CostContext.of(case)
    spans = np.array([_span(ctx, item, date) for item in items]).reshape(len(items), 2)
    if not items or spans.sum() <= 0:
        raise ValueError("the two latest positions do not differ on anything the costing engine prices")
    value = float(priors.union.nonpay_value.value)
    # The district pays what parity passes on; the union at the table weighs its own members' share.
    own = spans[:, 0] * np.array([value if i.nonpay else 1.0 for i in items])
    worth = {"employer": spans[:, 1], "union": own}
    issues = tuple(
        Issue(
            name=item.name,
            term=item.name,
            field=item.field,
            options=tuple(
                float(v) for v in np.linspace(item.district, item.union, PAY_STEPS if not item.nonpay else 2)
            ),
        )
        for item in items
    )
    space = PackageSpace(terms=tuple((item.name, item.term) for item in items), issues=issues)
    sides = {}
    for side, prior, own in (
        ("employer", priors.district.reserved, 0.0),
        ("union", priors.union.reserved, 100.0),
    ):
        weights = 100.0 * worth[side] / worth[side].sum()
        sides[side] = PartyPreferences(
            side=side,  # type: ignore[arg-type]
            reservation=100.0 * mean(prior.value),
            weights=tuple((item.name, float(w)) for item, w in zip(items, weights, strict=True)),
            curves=tuple((item.name, _curve(item, own)) for item in items),
            share_with_mediator=True,
        )
    return Preferences(space=space, employer=sides["employer"], union=sides["union"], valued_on=date)
