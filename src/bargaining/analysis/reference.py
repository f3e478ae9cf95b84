"""Base rates over the reference class, and leaving out the disputes a forecast must not see.

Pure functions of the disputes. A forecast never uses the outcome of the dispute it forecasts, so the
disputes matching the case (same employer and overlapping contract years, or named by id) are left out
first, and the caller reports which.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from bargaining.analysis.positions import reference_years
from bargaining.model import Dispute, Position, normalized_name, parse_fiscal_year


@dataclass(frozen=True)
class Excluded:
    id: str
    reason: str


@dataclass(frozen=True)
class Selection:
    kept: tuple[Dispute, ...]
    excluded: tuple[Excluded, ...]


def exclude_matching(
    disputes: Iterable[Dispute],
    *,
    employer_names: Iterable[str] = (),
    years: tuple[int, int] | None = None,
    ids: Iterable[str] = (),
) -> Selection:
    """Leave out disputes named by id, and those of the same employer whose contract years overlap.

    ``years`` are the first and last fiscal years (by starting calendar year) the case spans; without
    them an employer match alone does not exclude (nothing says the years overlap).
    """
    names = {normalized_name(n) for n in employer_names if n.strip()}
    wanted = set(ids)
    kept: list[Dispute] = []
    excluded: list[Excluded] = []
    for dispute in disputes:
        if dispute.id in wanted:
            excluded.append(Excluded(dispute.id, "named by id"))
            continue
        if years is not None and names & {normalized_name(n) for n in (dispute.employer, *dispute.aliases)}:
            first, last = dispute.years
            if first <= years[1] and years[0] <= last:
                excluded.append(Excluded(dispute.id, "same employer, overlapping contract years"))
                continue
        kept.append(dispute)
    return Selection(tuple(kept), tuple(excluded))


def share_of_gap(dispute: Dispute) -> float | None:
    """Where the settled raise fell between the last positions: 0 at the district's, 1 at the union's.

    Each side's raises are added up over the years that take effect no later than the settlement's last
    year: a raise proposed for a later year was never settled, so it cannot be compared. None when a
    position or the settlement gives no raise, or when the union's total is not above the district's (no
    gap to share).
    """
    district, union, settled = dispute.district_last, dispute.union_last, dispute.settlement
    if not (district and union and settled and district.raises and union.raises and settled.raises):
        return None
    end = max(parse_fiscal_year(r.through or r.year) for r in settled.raises)
    low, high = _total_until(district, end), _total_until(union, end)
    if high <= low:
        return None
    return (settled.total_raise_percent() - low) / (high - low)


def _total_until(position: Position, end: int) -> float:
    return sum(reference_years(position, end).values())


def months_to_agreement(dispute: Dispute) -> float | None:
    """Months from the impasse (else the start of mediation) to the tentative agreement."""
    steps = dispute.milestones
    start = steps.impasse or steps.mediation
    if start is None or steps.agreement is None:
        return None
    return _months(start.value, steps.agreement.value)


def _months(start: dt.date, end: dt.date) -> float:
    # An average month (365.25 / 12 days), so spans of different calendar months compare fairly.
    return (end - start).days / (365.25 / 12)


@dataclass(frozen=True)
class BaseRates:
    disputes: int
    struck: int
    share_struck: float | None
    strike_days_known: int
    median_strike_days: float | None
    gap_known: int
    mean_share_of_gap: float | None
    median_share_of_gap: float | None
    months_known: int
    median_months_to_agreement: float | None


def base_rates(disputes: Iterable[Dispute]) -> BaseRates:
    """Share struck, median school days struck, where pay settled in the gap, months to agreement.

    Each rate is over the disputes that give what it needs, and says how many those were.
    """
    chosen = tuple(disputes)
    struck = [d for d in chosen if d.struck]
    days = [d.strike.school_days.value for d in struck if d.strike.school_days is not None]
    shares = [s for s in map(share_of_gap, chosen) if s is not None]
    months = [m for m in map(months_to_agreement, chosen) if m is not None]
    return BaseRates(
        disputes=len(chosen),
        struck=len(struck),
        share_struck=len(struck) / len(chosen) if chosen else None,
        strike_days_known=len(days),
        median_strike_days=float(statistics.median(days)) if days else None,
        gap_known=len(shares),
        mean_share_of_gap=statistics.fmean(shares) if shares else None,
        median_share_of_gap=statistics.median(shares) if shares else None,
        months_known=len(months),
        median_months_to_agreement=statistics.median(months) if months else None,
    )
