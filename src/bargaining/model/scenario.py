"""The dispute scenario: the ``simulation:`` section of a case as values (the dispute calendar, the issues in
play, each side's negotiator, and the strike's economics). Any number a user is unsure of may be a
distribution. Read and located by ``bargaining.inputs.simulation``; run by ``bargaining.simulate``.

Field descriptions double as the reference in docs/case-format.md ("## simulation").
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bargaining.model.source import Source

MAX_OUTCOMES = 100_000  # the product of the issues' steps


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Uniform(_Strict):
    """Every value from low to high equally likely."""

    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError("a uniform distribution needs low < high")
        return self


class Triangular(_Strict):
    """From low to high, most likely at mode."""

    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError("a triangular distribution needs low <= mode <= high and low < high")
        return self


class Choice(_Strict):
    """One of a few values, with the given weights (equal when absent)."""

    dist: Literal["choice"]
    values: tuple[float, ...] = Field(min_length=1)
    weights: tuple[float, ...] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        if self.weights is not None and (
            len(self.weights) != len(self.values)
            or any(w < 0 for w in self.weights)
            or sum(self.weights) <= 0
        ):
            raise ValueError("weights must be one non-negative number per value, summing above zero")
        return self


Distribution = Annotated[Uniform | Triangular | Choice, Field(discriminator="dist")]
Quantity = float | Distribution


def support(quantity: Quantity) -> tuple[float, float]:
    """The smallest and largest value a quantity can take."""
    if isinstance(quantity, float | int):
        return float(quantity), float(quantity)
    if isinstance(quantity, Choice):
        return min(quantity.values), max(quantity.values)
    return quantity.low, quantity.high


def mean(quantity: Quantity) -> float:
    """The expected value of a quantity."""
    if isinstance(quantity, float | int):
        return float(quantity)
    if isinstance(quantity, Uniform):
        return (quantity.low + quantity.high) / 2
    if isinstance(quantity, Triangular):
        return (quantity.low + quantity.mode + quantity.high) / 3
    weights = quantity.weights or (1.0,) * len(quantity.values)
    return sum(v * w for v, w in zip(quantity.values, weights, strict=True)) / sum(weights)


def _within(value: Quantity, low: float, high: float, what: str) -> Quantity:
    smallest, largest = support(value)
    if not (math.isfinite(smallest) and math.isfinite(largest)):
        raise ValueError("must be a finite number")
    if smallest < low or largest > high:
        spread = "" if smallest == largest else f"; the distribution runs from {smallest:g} to {largest:g}"
        raise ValueError(f"{what}{spread}")
    return value


def _share(value: Quantity) -> Quantity:
    return _within(value, 0.0, 1.0, "expected a share from 0 to 1")


def _amount(value: Quantity) -> Quantity:
    return _within(value, 0.0, math.inf, "expected zero or more")


class DisputeCalendar(_Strict):
    """The timetable the simulated dispute runs on (from the jurisdiction's rule pack when it has one)."""

    start: dt.date = Field(description="date of the first simulated session")
    session_days: int = Field(7, ge=1, le=90, description="calendar days between sessions")
    bargaining_sessions: int = Field(
        0, ge=0, le=500, description="sessions before either side may declare impasse"
    )
    review_days: int = Field(0, ge=0, le=365, description="days from the impasse declaration to mediation")
    mediation_sessions: int = Field(0, ge=0, le=500, description="mediation sessions")
    factfinding_days: int = Field(
        0,
        ge=0,
        le=365,
        description="days from mediation's end to the fact-finder's public report; 0 for none",
    )
    strike_notice_days: int = Field(
        10, ge=0, le=365, description="days between the end of procedures and the first strike day"
    )
    max_strike_days: int = Field(20, ge=1, le=250, description="school days the union can stay out")
    holidays: tuple[dt.date, ...] = Field(
        (), description="weekdays with no school, skipped when counting strike days"
    )

    @model_validator(mode="after")
    def _has_sessions(self) -> DisputeCalendar:
        if not (self.bargaining_sessions or self.mediation_sessions or self.factfinding_days):
            raise ValueError("no sessions: give bargaining_sessions, mediation_sessions or factfinding_days")
        return self

    imposition: bool = Field(
        False, description="may the employer impose its last offer once procedures are exhausted"
    )


class PartyWeights(_Strict):
    union: float = Field(ge=0, description="the union's weight on the issue")
    district: float = Field(ge=0, description="the district's weight on the issue")


class IssueSpec(_Strict):
    """One negotiable item, from the district's position to the union's, in equal steps."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="short name, lower case with underscores")
    unit: str = Field("", description="what a value counts, e.g. percent or $M a year")
    district: float = Field(description="the district's position (its last offer)")
    union: float = Field(description="the union's position (its demand)")
    steps: int = Field(5, ge=2, le=1000, description="values from one position to the other, both included")
    priced_as: Literal["raise", "schedule_add"] | None = Field(
        None,
        description="price one unit with the costing engine: raise (one percent on the salary schedule) "
        "or schedule_add (one dollar a year per FTE on the schedule), with the roll-up, in the fiscal year "
        "of the first day the calendar allows a strike",
    )
    cost_per_unit: float = Field(
        0.0,
        ge=0,
        description="yearly cost to the district of one unit, in dollars; with priced_as, checked against "
        "the costing engine (a warning says by how much they differ) and used as given",
    )
    weight: PartyWeights = Field(description="how much each side cares about the issue")

    @model_validator(mode="after")
    def _apart(self) -> IssueSpec:
        if self.district == self.union:
            raise ValueError("district and union positions are equal: not an issue in dispute")
        return self


StrategyName = Literal["boulware", "linear", "conceder", "time_dependent", "tit_for_tat", "reservation_aware"]


class Negotiator(_Strict):
    """How one side bargains. Utilities run from 0 (the other side's position) to 1 (its own)."""

    strategy: StrategyName = Field("reservation_aware", description="the concession tactic")
    exponent: Quantity = Field(
        1.0, description="concession exponent: below 1 holds firm, above 1 concedes early"
    )
    reserved: Quantity = Field(0.0, description="utility (0-1) of no agreement: the least the side accepts")
    reciprocity: Quantity = Field(1.0, description="tit_for_tat: own concession per unit of the other's")
    min_concession: Quantity = Field(
        0.0, description="tit_for_tat: utility conceded every session regardless"
    )

    @field_validator("exponent", "reciprocity")
    @classmethod
    def _positive(cls, value: Quantity) -> Quantity:
        return _within(value, 1e-6, 1e6, "expected a positive number")

    @field_validator("reserved", "min_concession")
    @classmethod
    def _unit(cls, value: Quantity) -> Quantity:
        return _share(value)


class UnionNegotiator(Negotiator):
    strike_authorization: Quantity = Field(
        1.0, description="probability the union strikes when procedures end with no deal"
    )

    @field_validator("strike_authorization")
    @classmethod
    def _probability(cls, value: Quantity) -> Quantity:
        return _share(value)


class StrikeSpec(_Strict):
    """What a strike day costs each side. Daily pay is salary x FTE / work_days over the roster."""

    first_day: dt.date | None = Field(None, description="first strike day for `bargain strike-cost`")
    work_days: float = Field(gt=0, le=366, description="paid work days a year: the divisor of daily pay")
    participation: Quantity = Field(description="share of the unit on strike")
    strike_fund_per_day: Quantity = Field(0.0, description="strike pay per striker per day from the union")
    recovered_share: Quantity = Field(0.0, description="share of withheld pay given back in the settlement")
    substitutes: Quantity = Field(0.0, description="substitutes hired per strike day")
    substitute_daily_rate: Quantity = Field(0.0, description="pay per substitute per day, premium included")
    other_daily_cost: Quantity = Field(0.0, description="the district's other costs per strike day")
    attendance: Quantity = Field(0.0, description="students attending on a normal day")
    strike_attendance: Quantity = Field(0.0, description="students attending on a strike day")
    revenue_per_absent_student_day: Quantity = Field(
        0.0, description="attendance-based revenue lost per absent student per day (0 where none is lost)"
    )
    revenue_window: tuple[str, str] | None = Field(
        None, description="MM-DD to MM-DD: revenue is lost only on strike days in this window (a count date)"
    )
    makeup_share: Quantity = Field(0.0, description="share of strike days made up later, paid and worked")
    makeup_day_cost: Quantity = Field(0.0, description="the district's non-pay cost of one make-up day")
    penalties_per_day: Quantity = Field(0.0, description="fines or other penalties per strike day")
    union_penalties_per_day: Quantity = Field(
        0.0, description="fines on the union per strike day where the law forbids strikes, in dollars"
    )
    pressure_per_day: Quantity = Field(
        0.0,
        description="pressure from parents, board and press: after d school days lost each side has given "
        "up this share of the gap's worth times d squared",
    )
    # Added after the fields above so that a case's draws keep their order.
    union_penalty_growth: Quantity = Field(
        0.0, description="how much the union's daily fine rises each further strike day (contempt fines)"
    )
    makeup_slack: Quantity = Field(
        0.0,
        description="school days a strike can take before days must be made up (the calendar's days above "
        "the state's minimum); ``makeup_share`` applies from the next day on",
    )
    count_window: tuple[str, str] | None = Field(
        None,
        description="MM-DD to MM-DD: a pupil count's window (Colorado's October count); a strike over every "
        "school day of it loses ``count_loss``",
    )
    count_loss: Quantity = Field(0.0, description="funding lost when a strike covers a whole count window")

    @field_validator("participation", "recovered_share", "makeup_share")
    @classmethod
    def _shares(cls, value: Quantity) -> Quantity:
        return _share(value)

    @field_validator(
        "strike_fund_per_day",
        "substitutes",
        "substitute_daily_rate",
        "other_daily_cost",
        "attendance",
        "strike_attendance",
        "revenue_per_absent_student_day",
        "makeup_day_cost",
        "penalties_per_day",
        "union_penalties_per_day",
        "union_penalty_growth",
        "makeup_slack",
        "count_loss",
        "pressure_per_day",
    )
    @classmethod
    def _amounts(cls, value: Quantity) -> Quantity:
        return _amount(value)

    @field_validator("revenue_window", "count_window")
    @classmethod
    def _window(cls, value: tuple[str, str] | None) -> tuple[str, str] | None:
        for day in value or ():
            month_day(day)
        return value


# The strike block's fields that may be uncertain (a number or a distribution), in the order of the
# block: the simulator draws them in this order, so the list is derived here rather than kept twice.
STRIKE_QUANTITIES: tuple[str, ...] = tuple(
    name
    for name in StrikeSpec.model_fields
    if name not in ("first_day", "work_days", "revenue_window", "count_window")
)


def month_day(text: str) -> tuple[int, int]:
    """``"10-01"`` -> (10, 1); ValueError unless it is a real month and day."""
    try:
        month, day = (int(part) for part in text.split("-"))
        dt.date(2000, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        raise ValueError(f"{text!r} is not a month and day (MM-DD)") from None
    return month, day


class SimulationSpec(_Strict):
    """The ``simulation:`` section: `bargain strike-cost` needs only ``strike``, `bargain simulate` all."""

    runs: int = Field(10_000, ge=1, le=10**10, description="default number of Monte Carlo runs")
    seed: int = Field(0, ge=0, description="default seed")
    stakes_years: float = Field(
        3.0, gt=0, le=30, description="years the gap is paid over: converts strike dollars to utility"
    )
    calendar: DisputeCalendar | None = None
    utilities: Literal["issues", "preferences"] = Field(
        "issues",
        description="where packages and utilities come from: the issues below, or the preferences section",
    )
    issues: tuple[IssueSpec, ...] = ()
    union: UnionNegotiator | None = None
    district: Negotiator | None = None
    strike: StrikeSpec | None = None
    sources: tuple[Source, ...] = ()

    @model_validator(mode="after")
    def _issues(self) -> SimulationSpec:
        if self.utilities == "preferences" and self.issues:
            raise ValueError("give issues or utilities: preferences, not both")
        names = [issue.name for issue in self.issues]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"issue names repeat: {', '.join(repeated)}")
        if self.issues and math.prod(issue.steps for issue in self.issues) > MAX_OUTCOMES:
            raise ValueError(f"the issues' steps multiply to more than {MAX_OUTCOMES:,} packages")
        for side in ("union", "district"):
            if self.issues and sum(getattr(issue.weight, side) for issue in self.issues) <= 0:
                raise ValueError(f"the {side}'s weights are all zero: it would care about nothing")
        if (
            self.issues
            and self.strike is not None
            and not any(issue.cost_per_unit or issue.priced_as for issue in self.issues)
        ):
            raise ValueError(
                "give at least one issue priced_as or a cost_per_unit, so strike dollars can be weighed "
                "against the gap"
            )
        return self
