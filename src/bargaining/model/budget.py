"""The district's budget: one fund's revenues, expenditures, balance and reserve rule, by fiscal year."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BudgetLine:
    """One revenue or expenditure line: dollars by fiscal-year label, or linked to a unit's status quo.

    ``from_unit`` names a bargaining unit whose status-quo cost (salaries, statutory benefits, health)
    the costing engine supplies year by year, so the budget and the costing cannot disagree.
    """

    name: str
    amounts: tuple[tuple[str, float], ...] = ()
    from_unit: str | None = None
    source: str | None = None

    def amount(self, fiscal_year: str) -> float:
        return dict(self.amounts).get(fiscal_year, 0.0)


@dataclass(frozen=True)
class ReserveRule:
    """The minimum available reserve, as a percent of total outgo, and where the rule comes from."""

    percent: float
    basis: str  # e.g. "5 CCR 15450: districts above 400,000 ADA", or "set in the case"


@dataclass(frozen=True)
class Budget:
    """One fund projected over ``years`` (the current year and the years after it)."""

    fund: str
    years: tuple[str, ...]
    beginning_balance: float
    revenues: tuple[BudgetLine, ...]
    expenditures: tuple[BudgetLine, ...]
    minimum: tuple[tuple[str, ReserveRule], ...]  # fiscal year -> the rule in force that year
    designated: tuple[tuple[str, float], ...] = ()  # committed or assigned: not available reserve
    ada: tuple[tuple[str, float], ...] = ()
    public: bool = True  # an adopted budget is public; the district's private assumptions are not
    share_with_mediator: bool = False  # a private budget the district lets the mediator see

    @property
    def current_year(self) -> str:
        return self.years[0]

    def minimum_in(self, fiscal_year: str) -> ReserveRule:
        return dict(self.minimum)[fiscal_year]

    def designated_in(self, fiscal_year: str) -> float:
        return dict(self.designated).get(fiscal_year, 0.0)
