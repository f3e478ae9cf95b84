"""The reference class: real teacher contract disputes, every figure with its source. No I/O here.

A dispute holds each side's last position before settlement, the settlement, the strike (if any) and the
dated steps of the impasse procedure. Every figure names one of the dispute's sources by key; a figure
worked out from sourced ones says so in ``derived`` with its arithmetic. What no source gives is left out
and listed in ``missing``: nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from bargaining.model.fiscal import parse_fiscal_year

# A raise in one year outside this range is a typing slip (0.03 for 3%, 300 for 3.00), not a contract.
RAISE_PERCENT_RANGE = (-25.0, 50.0)
# The reference class starts with the 2010 bargaining round.
EARLIEST = dt.date(2010, 1, 1)
# Loaders check sources and order themselves, to report each problem at its own line.
DEFER_CHECKS = "defer_reference_checks"

Path = tuple[str | int, ...]
T = TypeVar("T")
_ID = r"^[a-z0-9][a-z0-9-]*$"
# Postal codes of the states, DC and Puerto Rico, as one string so the list stays short.
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
    "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR"
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cited(_Frozen):
    """What every figure carries: the key of its source, and the arithmetic when it is worked out."""

    source: str = Field(description="key of one of the dispute's sources")
    derived: str | None = Field(None, description="the arithmetic, when the figure is worked out")
    note: str | None = None


class Figure(Cited, Generic[T]):
    value: T


class ReferenceSource(_Frozen):
    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://")
    published: dt.date | None = Field(None, description="publication date; absent when the page gives none")


class YearRaise(Cited):
    """An on-schedule raise effective in one fiscal year (several in a year when dated apart).

    When a source gives only a total over several years ("11% over three years"), ``through`` names the
    last of them and the split, unpublished, is not guessed.
    """

    year: str = Field(description="fiscal year, e.g. 2019-20")
    through: str | None = Field(None, description="last fiscal year a total over several years covers")
    percent: float
    effective: dt.date | None = None

    @field_validator("year", "through")
    @classmethod
    def _fiscal_year(cls, value: str | None) -> str | None:
        if value is not None:
            parse_fiscal_year(value)
        return value

    @model_validator(mode="after")
    def _span(self) -> YearRaise:
        if self.through is not None and parse_fiscal_year(self.through) <= parse_fiscal_year(self.year):
            raise ValueError(f"through ({self.through}) must come after year ({self.year})")
        return self

    @field_validator("percent")
    @classmethod
    def _in_range(cls, value: float) -> float:
        low, high = RAISE_PERCENT_RANGE
        if not low <= value <= high:
            raise ValueError(f"a raise in one year must be between {low:g} and {high:g} percent")
        return value


class OneTimePay(Cited):
    """A one-time payment: dollars per member or a percent of salary."""

    dollars: float | None = Field(None, gt=0, le=100_000)
    percent: float | None = Field(None, gt=0, le=25)

    @model_validator(mode="after")
    def _one_amount(self) -> OneTimePay:
        if (self.dollars is None) == (self.percent is None):
            raise ValueError("give exactly one of dollars or percent")
        return self


class Item(Cited):
    """A non-pay term (class size, staffing, caseloads, evaluation ...), in words."""

    text: str = Field(min_length=1)


class Position(_Frozen):
    """One side's last position, or the settlement: raises by year, one-time pay, non-pay terms."""

    date: Figure[dt.date] | None = None
    raises: tuple[YearRaise, ...] = ()
    one_time: tuple[OneTimePay, ...] = ()
    items: tuple[Item, ...] = ()
    term: Figure[int] | None = Field(
        None,
        description="years of the contract this side proposed, when a source says (a shorter term than the "
        "contract signed is read at its yearly rate over the contract's later years)",
    )

    @property
    def has_raises(self) -> bool:
        return bool(self.raises)

    def total_raise_percent(self) -> float:
        """The raises added up over the years they cover, the way sources quote totals ("16% over five
        years"); compounding would add a fraction of a point and cannot be done for a total whose split
        by year no source gives."""
        return sum(step.percent for step in self.raises)


class Strike(_Frozen):
    struck: Figure[bool]
    school_days: Figure[int] | None = Field(None, description="school days lost to the strike")
    start: Figure[dt.date] | None = None
    end: Figure[dt.date] | None = None

    @field_validator("school_days")
    @classmethod
    def _positive(cls, value: Figure[int] | None) -> Figure[int] | None:
        if value is not None and not 1 <= value.value <= 200:
            raise ValueError("school days struck must be between 1 and 200")
        return value


class Milestones(_Frozen):
    """Dated steps of the procedure (each when it began) and the agreement that ended the dispute."""

    impasse: Figure[dt.date] | None = None
    mediation: Figure[dt.date] | None = None
    factfinding: Figure[dt.date] | None = None
    agreement: Figure[dt.date] | None = Field(None, description="tentative agreement")
    ratified: Figure[dt.date] | None = None


class Size(_Frozen):
    students: Figure[int] | None = None
    members: Figure[int] | None = None


class Dispute(_Frozen):
    id: str = Field(pattern=_ID)
    employer: str = Field(min_length=1)
    aliases: tuple[str, ...] = Field((), description="other names of the employer, e.g. LAUSD")
    union: str = Field(min_length=1)
    state: str = Field(description="two-letter postal code")
    scope: str = Field("district", pattern=r"^(district|statewide)$")
    first_year: str = Field(description="first fiscal year of the contract")
    last_year: str = Field(description="last fiscal year of the contract")
    size: Size = Size()
    district_last: Position | None = None
    union_last: Position | None = None
    settlement: Position | None = None
    strike: Strike
    milestones: Milestones = Milestones()
    missing: tuple[str, ...] = Field((), description="what no source gives, in words")
    note: str | None = None
    sources: dict[str, ReferenceSource] = Field(min_length=1)

    @field_validator("state")
    @classmethod
    def _state(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{2}", value) or value not in _US_STATES:
            raise ValueError(f"expected a two-letter US postal code such as CA, got {value!r}")
        return value

    @field_validator("first_year", "last_year")
    @classmethod
    def _fiscal_year(cls, value: str) -> str:
        parse_fiscal_year(value)
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Dispute:
        if info.context and info.context.get(DEFER_CHECKS):
            return self
        problems = dispute_problems(self)
        if problems:
            raise ValueError("; ".join(f"{'.'.join(map(str, path))}: {text}" for path, text in problems))
        return self

    @property
    def years(self) -> tuple[int, int]:
        return parse_fiscal_year(self.first_year), parse_fiscal_year(self.last_year)

    @property
    def struck(self) -> bool:
        return self.strike.struck.value


def dispute_problems(dispute: Dispute) -> list[tuple[Path, str]]:
    """Every breach of the rules a single dispute must keep, with the key path it concerns."""
    problems: list[tuple[Path, str]] = []
    first, last = dispute.years
    if last < first:
        problems.append((("last_year",), f"{dispute.last_year} is before first_year {dispute.first_year}"))
    for path, cited in _cited(dispute):
        if cited.source not in dispute.sources:
            known = ", ".join(dispute.sources)
            problems.append(((*path, "source"), f"unknown source {cited.source!r} (sources: {known})"))
        if isinstance(cited, Figure) and isinstance(cited.value, dt.date) and cited.value < EARLIEST:
            problems.append(((*path, "value"), f"{cited.value} is before {EARLIEST}: out of the class"))
    # Only the settlement is held to the contract's years: a side may have proposed another term.
    for i, step in enumerate(dispute.settlement.raises if dispute.settlement else ()):
        for year in dict.fromkeys((step.year, step.through or step.year)):
            if not first <= parse_fiscal_year(year) <= last:
                where = f"outside the contract ({dispute.first_year} to {dispute.last_year})"
                problems.append((("settlement", "raises", i, "year"), f"{year} is {where}"))
    problems.extend(_order_problems(dispute))
    return problems


def _order_problems(dispute: Dispute) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    strike, steps = dispute.strike, dispute.milestones
    if not strike.struck.value:
        for key in ("school_days", "start", "end"):
            if getattr(strike, key) is not None:
                problems.append((("strike", key), "given for a dispute without a strike"))
    # A tentative agreement can come before the strike ends (members still have to vote to return).
    before = [
        (("strike", "start"), strike.start, ("strike", "end"), strike.end),
        (("strike", "start"), strike.start, ("milestones", "agreement"), steps.agreement),
        (("milestones", "agreement"), steps.agreement, ("milestones", "ratified"), steps.ratified),
    ]
    before += [
        (("milestones", key), getattr(steps, key), ("milestones", "agreement"), steps.agreement)
        for key in ("impasse", "mediation", "factfinding")
    ]
    for early_path, early, late_path, late in before:
        if early is not None and late is not None and late.value < early.value:
            problems.append(
                (late_path, f"{late.value} is before {'.'.join(map(str, early_path))} ({early.value})")
            )
    return problems


def _cited(dispute: Dispute) -> Iterator[tuple[Path, Cited]]:
    """Every cited figure of a dispute with its key path."""
    for key in ("students", "members"):
        figure = getattr(dispute.size, key)
        if figure is not None:
            yield ("size", key), figure
    for side in ("district_last", "union_last", "settlement"):
        position: Position | None = getattr(dispute, side)
        if position is None:
            continue
        if position.date is not None:
            yield (side, "date"), position.date
        for group in ("raises", "one_time", "items"):
            for i, cited in enumerate(getattr(position, group)):
                yield (side, group, i), cited
    for key in ("struck", "school_days", "start", "end"):
        figure = getattr(dispute.strike, key)
        if figure is not None:
            yield ("strike", key), figure
    for key in Milestones.model_fields:
        figure = getattr(dispute.milestones, key)
        if figure is not None:
            yield ("milestones", key), figure


def normalized_name(name: str) -> str:
    """An employer's name for matching: case, punctuation and spacing do not count (L.A.U.S.D. = LAUSD)."""
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"[.'’]", "", name.casefold())).strip()


def duplicate_ids(disputes: tuple[Dispute, ...]) -> list[tuple[int, str]]:
    """Positions of disputes whose id was already used by an earlier one."""
    seen: set[str] = set()
    repeats = []
    for index, dispute in enumerate(disputes):
        if dispute.id in seen:
            repeats.append((index, dispute.id))
        seen.add(dispute.id)
    return repeats
