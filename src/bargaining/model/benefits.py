"""A unit's benefits: statutory lines (pension, Social Security, Medicare, ...) and health plans.

Plain values; how they are costed lives in ``bargaining.costing`` (statutory.py, health.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Base = Literal["pensionable", "all", "capped"]
BASES: tuple[Base, ...] = ("pensionable", "all", "capped")


@dataclass(frozen=True)
class DatedRate:
    """A rate (or an amount) that changes on given dates; before the first date the first value holds."""

    changes: tuple[tuple[dt.date, float], ...]

    def at(self, day: dt.date) -> float:
        value = self.changes[0][1]
        for start, rate in self.changes:
            if start <= day:
                value = rate
        return value


@dataclass(frozen=True)
class Tier:
    """A share of the unit's FTE in one tier of a line (e.g. a pension tier by hire date)."""

    name: str
    share: float
    rate: DatedRate
    one_time_creditable: bool = False


@dataclass(frozen=True)
class StatutoryLine:
    """One statutory benefit: its rate and the pay it is charged on.

    ``base``: ``pensionable`` (on-schedule pay; one-time pay only where a tier makes it creditable),
    ``all`` (every dollar of pay, one-time pay included) or ``capped`` (every dollar of pay up to
    ``wage_base`` per member per calendar year, as OASDI).
    """

    name: str
    base: Base
    rate: DatedRate
    wage_base: DatedRate | None = None
    tiers: tuple[Tier, ...] = ()
    source: str | None = None

    def pay_rate(self, day: dt.date) -> float:
        """The rate on on-schedule pay: the tiers' rates weighted by their shares of FTE."""
        if self.tiers:
            return sum(tier.share * tier.rate.at(day) for tier in self.tiers)
        return self.rate.at(day)

    def one_time_rate(self, day: dt.date) -> float:
        """The rate on one-time pay: all of it for ``all`` and ``capped`` lines; for ``pensionable``
        lines only the tiers for which one-time pay is creditable."""
        if self.base != "pensionable":
            return self.pay_rate(day)
        return sum(tier.share * tier.rate.at(day) for tier in self.tiers if tier.one_time_creditable)


@dataclass(frozen=True)
class HealthTier:
    """One coverage tier of a plan: FTE enrolled and the yearly premium per enrolled FTE in the first
    fiscal year of the horizon."""

    name: str
    fte: float
    premium: float


@dataclass(frozen=True)
class HealthPlan:
    name: str
    tiers: tuple[HealthTier, ...]


@dataclass(frozen=True)
class Health:
    """The unit's health plans and the employer's rule for paying their premiums.

    ``rule``: ``full`` (the employer pays the premium), ``share`` (``share`` of it), ``cap`` (up to ``cap``
    dollars per enrolled FTE) or ``cap_and_split`` (up to ``cap``, plus ``share`` of the premium above it).
    Premiums grow by ``trend`` a year from the second fiscal year.
    """

    plans: tuple[HealthPlan, ...]
    trend: float = 0.0
    rule: Literal["full", "share", "cap", "cap_and_split"] = "full"
    share: float = 1.0
    cap: float = 0.0

    @property
    def cap_and_share(self) -> tuple[float, float]:
        """Every rule as one formula, employer = min(premium, cap) + share x max(premium - cap, 0):
        full (0, 1), share (0, share), cap (cap, 0), cap_and_split (cap, share)."""
        return {
            "full": (0.0, 1.0),
            "share": (0.0, self.share),
            "cap": (self.cap, 0.0),
            "cap_and_split": (self.cap, self.share),
        }[self.rule]

    def employer(self, premium: float) -> float:
        """What the employer pays a year of one enrolled FTE's ``premium``; members pay the rest."""
        cap, share = self.cap_and_share
        return min(premium, cap) + share * max(premium - cap, 0.0)

    def tiers(self) -> tuple[tuple[str, HealthTier], ...]:
        """(plan name, tier) of every tier of every plan, in order."""
        return tuple((plan.name, tier) for plan in self.plans for tier in plan.tiers)

    @property
    def enrolled_fte(self) -> float:
        return sum(tier.fte for plan in self.plans for tier in plan.tiers)
