"""The shape of ``case.yaml``. Field descriptions double as the case-format reference."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bargaining.inputs.benefits import BenefitsSpec
from bargaining.inputs.contract import ContractSpec
from bargaining.inputs.schedules import CellSpec, MovementSpec, ScheduleSpec
from bargaining.model import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_ITEMS,
    MAX_MONEY,
    Count,
    Day,
    MeToo,
    Money,
    Party,
    Proposal,
    Source,
    parse_fiscal_year,
)


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Horizon(_Strict):
    first: str = Field(description="first fiscal year costed, e.g. 2017-18")
    last: str = Field(description="last fiscal year costed")

    @field_validator("first", "last")
    @classmethod
    def _fiscal_year(cls, value: str) -> str:
        year = parse_fiscal_year(value)
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise ValueError(
                f"{value} is out of range: expected a fiscal year from {EARLIEST_YEAR} to {LATEST_YEAR}"
            )
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        first, last = parse_fiscal_year(self.first), parse_fiscal_year(self.last)
        if last < first:
            raise ValueError(f"horizon.last ({self.last}) comes before horizon.first ({self.first})")
        if last - first > 30:
            raise ValueError("a horizon longer than 30 fiscal years is not supported")
        return self


def _month_day_value(value: str, what: str) -> str:
    month, day = (int(part) for part in value.split("-"))
    try:
        dt.date(2001, month, day)
    except ValueError:
        raise ValueError(f"{value!r} is not a month and day (MM-DD)") from None
    if day > 28 and what == "fiscal":
        raise ValueError("a fiscal year must start on day 1-28 of a month")
    return value


class WorkYearSpec(_Strict):
    """The work year of ``proration: work_days``."""

    days: int = Field(ge=1, le=366, description="work days a year that pay accrues over")
    start: str = Field(pattern=r"^\d{2}-\d{2}$", description="MM-DD of the first work day")
    end: str = Field(pattern=r"^\d{2}-\d{2}$", description="MM-DD of the last work day")

    @field_validator("start", "end")
    @classmethod
    def _month_day(cls, value: str) -> str:
        return _month_day_value(value, "work")


class Synthetic(_Strict):
    """A reproducible roster generated from published summary figures."""

    members: int = Field(ge=1, le=2_000_000, description="number of members to generate")
    mean_salary: float = Field(gt=0, le=MAX_MONEY, description="mean full-time salary")
    sd_salary: Money = Field(description="standard deviation of salaries (the spread)")
    min_salary: Money | None = Field(None, description="lowest salary on the schedule")
    max_salary: Money | None = Field(None, description="highest salary on the schedule")
    roles: dict[str, float] = Field(
        default_factory=lambda: {"teacher": 1.0}, description="share of members in each role"
    )
    fte: float = Field(1.0, gt=0, le=1.5, description="FTE of every generated member")
    seed: int = Field(0, ge=0, lt=2**63, description="seed of the random generator")

    @model_validator(mode="after")
    def _consistent(self) -> Synthetic:
        if not self.roles or any(share < 0 for share in self.roles.values()) or sum(self.roles.values()) <= 0:
            raise ValueError("roles must give each role a non-negative share, summing above zero")
        low, high = self.min_salary, self.max_salary
        if low is not None and high is not None and low >= high:
            raise ValueError("min_salary must be below max_salary")
        if (low is not None and self.mean_salary <= low) or (high is not None and self.mean_salary >= high):
            raise ValueError("mean_salary must lie between min_salary and max_salary")
        return self


class UnitSpec(_Strict):
    roster: str | None = Field(
        None, description="CSV file with columns id, role, fte and salary (or schedule, step, lane)"
    )
    synthetic: Synthetic | None = None
    statutory_rate: float | dict[Day, float] | None = Field(
        None, description="employer roll-up as a share of pay; a number, or {date: rate} changes"
    )
    benefits: BenefitsSpec | None = Field(None, description="statutory lines (docs: unit.benefits)")
    health_per_fte: Money = Field(0.0, description="employer health cost per FTE per year")
    step_column: float = Field(
        0.0, ge=-0.5, le=0.5, description="gross yearly payroll drift from steps and lanes"
    )
    breakage: float = Field(
        0.0,
        ge=0,
        le=0.5,
        description="yearly saving from turnover, as a share of payroll (net = gross - breakage)",
    )
    new_hire_salary: float | None = Field(
        None,
        gt=0,
        le=MAX_MONEY,
        description="salary of an added position (default with schedules: the new_hire cell)",
    )
    schedules: dict[str, ScheduleSpec] | None = Field(None, description="salary schedules by name")
    placement: str | None = Field(
        None, description="scattergram CSV: columns schedule, step, lane, role, fte (FTE per cell)"
    )
    movement: MovementSpec | None = Field(None, description="how members move on the schedules each year")
    new_hire: CellSpec | None = Field(None, description="where added positions are placed")
    proration: Literal["pay_periods", "work_days"] | None = Field(
        None, description="the unit's own proration of a mid-year change (default: the case's)"
    )
    work_year: WorkYearSpec | None = Field(
        None, description="the unit's own work year, with proration: work_days (default: the case's)"
    )

    @model_validator(mode="after")
    def _one_roster(self) -> UnitSpec:
        given = [self.roster is not None, self.synthetic is not None, self.placement is not None]
        if sum(given) != 1:
            raise ValueError(
                "give exactly one of roster (a CSV file), synthetic (summary figures) or placement"
                " (a scattergram)"
            )
        if self.schedules is None:
            for key in ("placement", "movement", "new_hire"):
                if getattr(self, key) is not None:
                    raise ValueError(f"{key} needs salary schedules (unit.schedules)")
        else:
            if self.synthetic is not None:
                raise ValueError("with schedules, give a roster or a placement, not synthetic")
            if self.step_column or self.breakage:
                raise ValueError(
                    "with schedules, step-and-column and breakage come from movement: remove step_column"
                    " and breakage"
                )
            if not self.schedules:
                raise ValueError("schedules needs at least one schedule")
            if self.new_hire_salary is None and self.new_hire is None:
                raise ValueError("give new_hire (a cell) or new_hire_salary for added positions")
        if self.benefits is not None and self.benefits.health is not None and self.health_per_fte:
            raise ValueError("give health_per_fte (a flat cost) or benefits.health (plans), not both")
        lines = self.benefits is not None and bool(self.benefits.statutory)
        if (self.statutory_rate is None) == (not lines):
            raise ValueError(
                "give exactly one of statutory_rate (one rate on all pay) or benefits.statutory (lines)"
            )
        rates = [self.statutory_rate] if isinstance(self.statutory_rate, float | int) else []
        if isinstance(self.statutory_rate, dict):
            if not self.statutory_rate:
                raise ValueError("statutory_rate needs at least one dated rate")
            rates = list(self.statutory_rate.values())
        if any(not 0 <= rate < 1 for rate in rates):
            raise ValueError("statutory_rate is a share of pay between 0 and 1 (e.g. 0.2 for 20%)")
        return self


class NamedUnitSpec(UnitSpec):
    """One entry of ``units:``: a unit as ``unit:`` is written, with its name."""

    name: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 _.-]*$",
        max_length=60,
        description="the unit's short name, which proposals (unit) and me_too clauses name",
    )
    title: str | None = Field(None, max_length=200, description="how pages name the unit, e.g. SEIU Local 99")


class CaseFile(_Strict):
    """The top level of ``case.yaml``."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="short identifier, lower-case with dashes")
    title: str
    jurisdiction: str = Field(pattern=r"^[a-z0-9-]+$", description="impasse rule pack, e.g. california-eera")
    fiscal_year_start: str = Field(
        "07-01", pattern=r"^\d{2}-\d{2}$", description="MM-DD the fiscal year starts"
    )
    pay_months: int = Field(12, ge=1, le=12, description="equal pay periods per fiscal year")
    proration: Literal["pay_periods", "work_days"] = Field(
        "pay_periods", description="how a mid-year change is prorated: by pay periods or by work days"
    )
    work_year: WorkYearSpec | None = Field(None, description="the work year, with proration: work_days")
    horizon: Horizon
    contract_expires: Day | None = Field(None, description="last day of the current agreement")
    demo_as_of: Day | None = Field(
        None, description="the day the demo opens the case on (bargain demo, bargain serve --demo)"
    )
    employer: Party
    union: Party
    students: Count | None = None
    sources: tuple[Source, ...] = Field((), max_length=MAX_ITEMS)
    unit: UnitSpec | None = Field(None, description="the bargaining unit (or units: several)")
    units: tuple[NamedUnitSpec, ...] | None = Field(
        None, min_length=1, max_length=50, description="several bargaining units, instead of unit"
    )
    me_too: tuple[MeToo, ...] = Field((), max_length=MAX_ITEMS, description="parity clauses between units")
    enrollment: str | None = Field(
        None, description="CSV with columns school, grade_band, students, sections"
    )
    proposals: tuple[Proposal, ...] = Field((), max_length=MAX_ITEMS)
    # Sections owned by later layers (record, analysis, simulate) are kept as raw data here
    # and validated by those layers' own schemas.
    events: tuple[dict[str, Any], ...] = Field((), max_length=MAX_ITEMS)
    preferences: dict[str, Any] = Field(default_factory=dict)
    simulation: dict[str, Any] = Field(default_factory=dict)
    budget: dict[str, Any] | None = Field(None, description="the district's multiyear budget (docs: Budget)")
    comparables: str | None = Field(
        None, description="CSV of peer districts' published pay (docs: Comparables)"
    )
    price_index: str = Field(
        "cpi-u-us", description="the shipped consumer price index real pay is measured by"
    )
    contract: ContractSpec = Field(
        default_factory=ContractSpec,
        description="the agreement's articles, proposals' language, side letters",
    )

    @field_validator("fiscal_year_start")
    @classmethod
    def _month_day(cls, value: str) -> str:
        return _month_day_value(value, "fiscal")
