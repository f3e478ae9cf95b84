"""Proposal terms: what a side offers, as typed values. Costing rules live in ``bargaining.costing``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bargaining.model.limits import (
    MAX_COUNT,
    MAX_FTE,
    MAX_PERCENT,
    MIN_RAISE_PERCENT,
    Day,
    Money,
    Percent,
    SignedMoney,
)


class _Term(BaseModel):
    # Every number is bounded (model.limits), so no term can cost an infinite or undefined amount.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    article: str | None = Field(None, description="contract article the term belongs to")
    sunset: Day | None = Field(None, description="last day the term is in effect")
    source: str | None = Field(None, description="where the figure comes from (URL or citation)")
    note: str | None = Field(None, description="free text, e.g. an assumption")


class _Targeted(_Term):
    roles: tuple[str, ...] | None = Field(
        None, description="roster roles the term applies to (all when absent)"
    )
    schedules: tuple[str, ...] | None = Field(
        None, description="salary schedules the term applies to (all when absent)"
    )


class Raise(_Targeted):
    """An on-schedule percentage raise that compounds with every other raise."""

    type: Literal["raise"]
    percent: float = Field(
        ge=MIN_RAISE_PERCENT, le=MAX_PERCENT, description="percent added to the salary schedule"
    )
    effective: Day


class ScheduleAdd(_Targeted):
    """Flat dollars per FTE added to every cell of the salary schedule."""

    type: Literal["schedule_add"]
    amount: SignedMoney = Field(description="dollars per FTE per year")
    effective: Day


class OneTime(_Targeted):
    """An off-schedule payment per FTE, in dollars or as a percent of annual pay."""

    type: Literal["one_time"]
    amount: Money | None = Field(None, description="dollars per FTE")
    percent: Percent | None = Field(None, description="percent of annual pay")
    paid: Day

    @model_validator(mode="after")
    def _amount_or_percent(self) -> OneTime:
        if (self.amount is None) == (self.percent is None):
            raise ValueError("give exactly one of amount or percent")
        if self.sunset is not None:
            raise ValueError("a one-time payment has no sunset: it is paid once, on its paid date")
        return self


class Staffing(_Term):
    """Added positions, fully loaded at ``cost_per_fte`` or at salary plus roll-up plus health."""

    type: Literal["staffing"]
    role: str
    fte: float = Field(ge=-MAX_FTE, le=MAX_FTE)
    effective: Day
    cost_per_fte: Money | None = Field(None, description="fully loaded yearly cost of one FTE")
    salary: Money | None = Field(None, description="yearly salary of one added FTE")

    @model_validator(mode="after")
    def _one_price(self) -> Staffing:
        if self.cost_per_fte is not None and self.salary is not None:
            raise ValueError("give cost_per_fte or salary, not both")
        return self


# Terms of which only the strictest in effect binds share one block per this field: all class-size terms
# of one grade band (and caseload terms of one role) are costed together and must name one salary.
SHARED_BY = {"class_size": "grade_band", "caseload": "role"}


def shared_key(term: object) -> tuple[str, str] | None:
    """The (type, band or role) a class-size or caseload term shares with its kind; None for others."""
    kind = getattr(term, "type", None)
    if kind not in SHARED_BY:
        return None
    return (str(kind), str(getattr(term, SHARED_BY[str(kind)])))


class ClassSize(_Term):
    """A class-size cap (or a reduction of the average) for one grade band of the enrollment file."""

    type: Literal["class_size"]
    grade_band: str
    cap: int | None = Field(None, ge=1, le=200)
    reduce_by: float | None = Field(None, gt=0, le=100)
    effective: Day
    salary: Money | None = Field(None, description="salary of an added teacher (default: new_hire_salary)")

    @model_validator(mode="after")
    def _cap_or_reduce(self) -> ClassSize:
        if (self.cap is None) == (self.reduce_by is None):
            raise ValueError("give exactly one of cap or reduce_by")
        return self


class Caseload(_Term):
    """A caseload cap: FTE needed = ceil(students / cap) less the role's FTE today."""

    type: Literal["caseload"]
    role: str
    students: int = Field(ge=0, le=MAX_COUNT)
    cap: float = Field(ge=1, le=MAX_COUNT, description="students per full-time provider")
    effective: Day
    salary: Money | None = None


class StepFreeze(_Term):
    """No step-and-column movement in one fiscal year (and every later year starts one step lower)."""

    type: Literal["step_freeze"]
    fiscal_year: str = Field(pattern=r"^\d{4}-\d{2}$")

    @model_validator(mode="after")
    def _no_sunset(self) -> StepFreeze:
        if self.sunset is not None:
            raise ValueError("a step freeze has no sunset: it covers its fiscal_year only")
        return self


class HealthChange(_Term):
    """A change in the employer's health contribution per FTE per year."""

    type: Literal["health"]
    amount_per_fte: SignedMoney
    effective: Day


class HealthCap(_Term):
    """The employer pays a plan's premium up to ``amount`` per enrolled FTE a year (members pay the rest,
    or the status quo's share of it under a share rule)."""

    type: Literal["health_cap"]
    amount: Money = Field(description="the employer's cap, dollars per enrolled FTE a year")
    effective: Day


class HealthShare(_Term):
    """The employer pays ``share`` of each premium (above the cap, where there is one)."""

    type: Literal["health_share"]
    share: float = Field(ge=0, le=1, description="the employer's share of the premium")
    effective: Day


class HealthPlanChange(_Term):
    """New premiums for a plan's tiers (a plan redesign or a new carrier), at the first fiscal year's
    prices; the status quo's trend applies to them."""

    type: Literal["health_plan"]
    plan: str = Field(max_length=64, description="the plan, by its name in unit.benefits.health")
    premiums: dict[str, Money] = Field(min_length=1, max_length=20, description="tier -> yearly premium")
    effective: Day


class HealthContribution(_Term):
    """Members pay fixed dollars a year per enrolled FTE in each named tier; the employer the rest."""

    type: Literal["health_contribution"]
    amounts: dict[str, Money] = Field(min_length=1, max_length=20, description="tier -> yearly dollars")
    effective: Day


class Language(_Term):
    """Contract language with no direct cost (e.g. removing an override clause): tracked, not costed."""

    type: Literal["language"]
    summary: str


class _OnSchedule(_Term):
    """A change to one named salary schedule."""

    schedule: str = Field(description="the salary schedule changed")
    effective: Day


class _PercentOrAmount(_OnSchedule):
    percent: float | None = Field(
        None, ge=MIN_RAISE_PERCENT, le=MAX_PERCENT, description="percent added to each cell"
    )
    amount: SignedMoney | None = Field(None, description="dollars added to each cell")

    @model_validator(mode="after")
    def _percent_or_amount(self) -> _PercentOrAmount:
        if (self.percent is None) == (self.amount is None):
            raise ValueError("give exactly one of percent or amount")
        return self


class CellRaise(_PercentOrAmount):
    """A raise aimed at a block of cells: steps ``first..last`` of the given lanes (all when absent)."""

    type: Literal["cell_raise"]
    steps: tuple[int, int] = Field(description="first and last step of the block")
    lanes: tuple[str, ...] | None = Field(None, description="lanes of the block (all when absent)")

    @model_validator(mode="after")
    def _ordered(self) -> CellRaise:
        if not 1 <= self.steps[0] <= self.steps[1]:
            raise ValueError("steps are [first, last] with 1 <= first <= last")
        return self


class StepAdd(_PercentOrAmount):
    """New top step(s) on every lane, each ``percent`` (or ``amount``) above the step below."""

    type: Literal["step_add"]
    count: int = Field(1, ge=1, le=20, description="steps added")


class MinimumSalary(_OnSchedule):
    """Every cell below ``amount`` is raised to it (a higher starting salary)."""

    type: Literal["minimum_salary"]
    amount: Money = Field(description="the lowest full-time salary on the schedule")


class ScheduleReplace(_OnSchedule):
    """A whole new grid; members move to their crosswalked cell (default: the same step and lane)."""

    type: Literal["schedule_replace"]
    cells: str = Field(description="CSV (or {file, sheet} XLSX) with the new grid")
    crosswalk: str | None = Field(None, description="CSV with columns old_step, old_lane, new_step, new_lane")


Term = Annotated[
    Raise
    | ScheduleAdd
    | OneTime
    | Staffing
    | ClassSize
    | Caseload
    | StepFreeze
    | HealthChange
    | HealthCap
    | HealthShare
    | HealthPlanChange
    | HealthContribution
    | Language
    | CellRaise
    | StepAdd
    | MinimumSalary
    | ScheduleReplace,
    Field(discriminator="type"),
]
TERM_TYPES: tuple[type[BaseModel], ...] = (
    Raise,
    ScheduleAdd,
    OneTime,
    Staffing,
    ClassSize,
    Caseload,
    StepFreeze,
    HealthChange,
    HealthCap,
    HealthShare,
    HealthPlanChange,
    HealthContribution,
    Language,
    CellRaise,
    StepAdd,
    MinimumSalary,
    ScheduleReplace,
)
