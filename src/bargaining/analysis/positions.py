"""The two sides' latest positions, as a forecast from the positions alone sees them: on-schedule raises by
fiscal year and the union's non-pay items the district has not offered. From a case's proposals or from a
dispute of the reference class (which gives its non-pay items in words).
"""

from __future__ import annotations

from dataclasses import dataclass

from bargaining.model import (
    Case,
    Caseload,
    ClassSize,
    Dispute,
    Language,
    OneTime,
    Position,
    Proposal,
    Raise,
    Staffing,
    fiscal_year_label,
    parse_fiscal_year,
)

# The terms that are not pay: kept as items (each one won or not), never priced as a raise.
NONPAY_TERMS = (Staffing, ClassSize, Caseload, Language)
_NOT_COMPARED = {"source", "note", "article"}


@dataclass(frozen=True)
class Positions:
    """``district`` and ``union``: on-schedule percent by fiscal year (its starting calendar year);
    ``items``: the union's non-pay items in dispute, in words; ``state``: the two-letter code, if known."""

    district: dict[int, float]
    union: dict[int, float]
    items: tuple[str, ...]
    state: str | None
    district_proposal: Proposal | None = None
    union_proposal: Proposal | None = None
    # One-time pay per FTE in dollars (a percent of pay at the unit's mean pay); None where unknown.
    one_time: tuple[float | None, float | None] = (0.0, 0.0)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({*self.district, *self.union}))

    def total(self, side: str) -> float:
        return sum((self.district if side == "district" else self.union).values())

    @property
    def gap(self) -> float:
        """How many points more the union asks for, over the years either side names."""
        return self.total("union") - self.total("district")

    def point_years(self, first: int, last: int) -> float:
        """What the union asks over the district's offer in percent of payroll-years, fiscal years ``first``
        to ``last``: a raise stays on the schedule, so each point is paid in every year from the one it
        takes effect. A raise asked a year earlier costs a year more; the points' total cannot say so."""

        def level(raises: dict[int, float], year: int) -> float:
            return sum(percent for start, percent in raises.items() if start <= year)

        return sum(level(self.union, year) - level(self.district, year) for year in range(first, last + 1))

    def one_time_at(self, share: float) -> float | None:
        """One-time pay per FTE at ``share`` of the way from the district's to the union's."""
        low, high = self.one_time
        if low is None or high is None:
            return None
        return low + share * (high - low)

    def raises_at(self, share: float) -> dict[str, float]:
        """The raise by fiscal year at ``share`` of the way from the district's position to the union's."""
        return {
            fiscal_year_label(year): self.district.get(year, 0.0)
            + share * (self.union.get(year, 0.0) - self.district.get(year, 0.0))
            for year in self.years
        }


def _by_year(case: Case, proposal: Proposal) -> dict[int, float]:
    years: dict[int, float] = {}
    for term in proposal.terms:
        if isinstance(term, Raise):
            year = case.calendar.fiscal_year_of(term.effective)
            years[year] = years.get(year, 0.0) + term.percent
    return years


def _key(term: object) -> str:
    assert isinstance(term, NONPAY_TERMS)
    return repr(sorted(term.model_dump(exclude=_NOT_COMPARED).items()))


def _words(term: object) -> str:
    if isinstance(term, Staffing):
        return f"{term.fte:g} FTE {term.role.replace('_', ' ')}"
    if isinstance(term, ClassSize):
        size = f"cap {term.cap}" if term.cap is not None else f"{term.reduce_by:g} fewer students"
        return f"class size {term.grade_band.replace('_', ' ')}: {size}"
    if isinstance(term, Caseload):
        return f"caseload {term.role.replace('_', ' ')}: {term.cap:g} students"
    assert isinstance(term, Language)
    return term.summary


def positions_of_case(case: Case, state: str | None) -> Positions | None:
    """The latest proposal of each side; None unless both have one."""
    district, union = case.last_offer("employer"), case.last_offer("union")
    if district is None or union is None:
        return None
    offered = {_key(t) for t in district.terms if isinstance(t, NONPAY_TERMS)}
    items = tuple(_words(t) for t in union.terms if isinstance(t, NONPAY_TERMS) and _key(t) not in offered)
    roster = case.unit.roster
    mean_pay = float(roster.pay.sum() / roster.fte.sum()) if roster.fte.sum() > 0 else 0.0

    def one_time(proposal: Proposal) -> float:
        return sum(
            t.amount if t.amount is not None else (t.percent or 0.0) / 100.0 * mean_pay
            for t in proposal.terms
            if isinstance(t, OneTime)
        )

    return Positions(
        _by_year(case, district),
        _by_year(case, union),
        items,
        state,
        district,
        union,
        (one_time(district), one_time(union)),
    )


def total_until(position: Position, last: int) -> float:
    """A reference position's raises that take effect no later than fiscal year ``last``."""
    return sum(r.percent for r in position.raises if parse_fiscal_year(r.year) <= last)


def reference_years(position: Position, last: int) -> dict[int, float]:
    """A reference position's raises by fiscal year, up to ``last``. A side that proposed a shorter
    contract than the one signed (its ``term``, when a source gives it) is read at its yearly rate over the
    contract's later years: "15% over three years" set beside "16% over five" is 5% a year against 3.2%,
    not 15 against 16."""
    years: dict[int, float] = {}
    for step in position.raises:
        year = parse_fiscal_year(step.year)
        if year <= last:
            years[year] = years.get(year, 0.0) + step.percent
    if position.term is not None and years:
        first, term = min(years), position.term.value
        rate = sum(v for y, v in years.items() if y < first + term) / term
        for year in range(first + term, last + 1):
            years[year] = years.get(year, 0.0) + rate
    return years


def _reference_one_time(position: Position) -> float | None:
    """Dollars of one-time pay per member; None when a payment is given only as a percent."""
    if any(pay.dollars is None for pay in position.one_time):
        return None
    return sum(pay.dollars or 0.0 for pay in position.one_time)


def positions_of_dispute(dispute: Dispute) -> Positions | None:
    """Both last positions' raises up to the contract's last year; None unless both sides gave a raise."""
    district, union = dispute.district_last, dispute.union_last
    if not (district and union and district.raises and union.raises):
        return None
    last = dispute.years[1]
    return Positions(
        reference_years(district, last),
        reference_years(union, last),
        tuple(item.text for item in union.items),
        dispute.state,
        one_time=(_reference_one_time(district), _reference_one_time(union)),
    )
