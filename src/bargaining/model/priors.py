"""The priors of a forecast from the positions alone: what `bargain simulate` assumes when the case does not
say. Every number names a source or says it is an assumption. Read by ``bargaining.inputs.priors`` from
``bargaining/data/priors.yaml``; used by ``bargaining.simulate.forecast``. No I/O here.

Strike law is kept per state (``jurisdictions``): whether strike days are made up (and so paid and counted
for state aid), how much attendance-based revenue a district loses on a strike day, fines on a union where
the law forbids strikes, and how often members walk out.
"""

from __future__ import annotations

import itertools
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bargaining.model.scenario import Quantity, StrategyName, mean, month_day

T = TypeVar("T")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class PriorSource(_Frozen):
    title: str
    url: str | None = None
    published: str | None = None
    accessed: str | None = Field(None, description="when the stored copy was read (YYYY-MM-DD)")


class Prior(_Frozen, Generic[T]):
    """One prior: its value, and either the key of its source or the words of its assumption."""

    value: T
    source: str | None = None
    assumption: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _grounded(self) -> Prior[T]:
        if (self.source is None) == (self.assumption is None):
            raise ValueError("give exactly one of source (a key of sources) or assumption (in words)")
        return self

    def citation(self, sources: dict[str, PriorSource]) -> str:
        if self.source is not None:
            found = sources[self.source]
            return f"{found.title} ({found.url})" if found.url else found.title
        return f"assumption: {self.assumption}"


class SidePriors(_Frozen):
    """How one side bargains when the case gives no ``simulation.union`` or ``simulation.district``."""

    strategy: StrategyName = "reservation_aware"
    exponent: Prior[Quantity]
    reserved: Prior[Quantity]


class DistrictPriors(SidePriors):
    affordable_raise: Prior[float] = Field(
        description="percent a year of the contract a district without a budget section can afford"
    )
    discretion: Prior[float] = Field(
        description="the district's one-time cost of granting any of the union's non-pay items (ceding "
        "its discretion over staffing and class size), as a multiple of the items' yearly cost"
    )


class UnionPriors(SidePriors):
    strike_authorization: Prior[Quantity]
    nonpay_value: Prior[float] = Field(
        description="what members value one non-pay item at, as a multiple of its cost to the district"
    )


class Payroll(_Frozen):
    """The unit's pay when the case has no roster (a dispute of the reference class)."""

    average_salary: Prior[float]
    students_per_teacher: Prior[float]
    rollup: Prior[float]
    work_days: Prior[float]


class IssuePriors(_Frozen):
    pay_steps: int = Field(
        21, ge=2, le=201, description="settlement values from one pay position to the other"
    )
    max_items: int = Field(
        8, ge=1, le=30, description="non-pay items in play at most (the rest are left out)"
    )
    item_cost_share: Prior[float] = Field(description="yearly cost of one non-pay item, share of payroll")
    stakes_years: Prior[float]


class CalendarPriors(_Frozen):
    session_days: Prior[int]
    bargaining_sessions: Prior[int]
    review_days: Prior[int]
    mediation_sessions: Prior[int]
    factfinding_days: Prior[int]
    strike_notice_days: Prior[int]
    max_strike_days: Prior[int]


AidBasis = Literal["attendance", "count_day", "enrollment"]


class StrikeLaw(_Frozen):
    """One state's strike law and economics, relative to the unit's daily payroll: whether strikes are
    lawful and enjoined, how state aid counts students (so whether a strike day loses it), the share of
    strike days made up (worked and paid later, so pay and aid come back), fines on the union,
    substitutes, and how many members walk out."""

    name: str
    legal: Prior[bool]
    aid_basis: Prior[AidBasis] = Field(
        description="attendance (daily: an absent student costs aid), count_day (a count date) or enrollment"
    )
    injunction: Prior[bool] = Field(description="courts enjoin a strike (the union's fines are `penalties`)")
    substitutes: Prior[Quantity] = Field(description="substitutes hired per strike day, in daily payrolls")
    makeup_share: Prior[Quantity]
    revenue_loss: Prior[float] = Field(
        description="attendance-based revenue a district loses on a strike day, in daily payrolls"
    )
    penalties: Prior[float] = Field(description="fines on the union per strike day, in daily payrolls")
    participation: Prior[Quantity]
    makeup_slack: Prior[Quantity] | None = Field(
        None,
        description="school days a strike can take before the days must be made up (the calendar's days "
        "above the state's minimum); absent: none",
    )
    count_window: Prior[tuple[str, str]] | None = Field(
        None, description="MM-DD to MM-DD: the pupil count's window, where aid follows a count day"
    )
    count_loss: Prior[Quantity] | None = Field(
        None, description="aid lost when a strike covers the whole count window, in daily payrolls"
    )
    penalty_growth: Prior[float] | None = Field(
        None, description="how much the union's daily fine rises each further strike day, in daily payrolls"
    )

    @model_validator(mode="after")
    def _aid(self) -> StrikeLaw:
        if self.revenue_loss.value > 0 and self.aid_basis.value != "attendance":
            raise ValueError("revenue_loss on a strike day needs aid_basis attendance")
        if (self.count_window is None) != (self.count_loss is None):
            raise ValueError("give count_window and count_loss together")
        if self.count_window is not None and self.aid_basis.value != "count_day":
            raise ValueError("count_window needs aid_basis count_day")
        for day in self.count_window.value if self.count_window is not None else ():
            month_day(day)
        return self


class PressurePriors(_Frozen):
    """Pressure from parents, board and press, growing with the school days lost."""

    gap: Prior[float] = Field(
        description="the share of the gap the pressure makes each side give up by the typical strike length"
    )
    typical_days: Prior[float] = Field(
        description="the typical strike length when no reference class is given (school days)"
    )


class StrikeRatePriors(_Frozen):
    """How a forecast's strike probability is anchored on the reference class: both sides' reserved values
    move by one amount (``conflict``, from ``conflict_grid``), chosen so that the model's mean strike
    probability over the comparable disputes equals their share struck, and the union weighs a strike's
    money cost by the weight of ``cost_weight_grid`` whose forecasts of those disputes score best; a
    dispute in the case's state counts ``1 + same_state_weight`` times."""

    conflict_grid: Prior[tuple[float, ...]] = Field(
        description="the shifts of both sides' reserved values tried, in utility (0-1), increasing"
    )
    cost_weight_grid: Prior[tuple[float, ...]] = Field(
        description="the weights tried on a strike's money cost in the union's decision to strike, 0-1"
    )
    same_state_weight: Prior[float]
    runs: int = Field(1024, ge=256, le=65_536, description="runs per dispute and shift when anchoring")

    @model_validator(mode="after")
    def _increasing(self) -> StrikeRatePriors:
        grid = self.conflict_grid.value
        if len(grid) < 2 or any(b <= a for a, b in itertools.pairwise(grid)):
            raise ValueError("conflict_grid needs at least two values, increasing")
        weights = self.cost_weight_grid.value
        if not weights or any(not 0.0 <= w <= 1.0 for w in weights):
            raise ValueError("cost_weight_grid needs at least one value, each from 0 to 1")
        return self


class Priors(_Frozen):
    dated: str
    payroll: Payroll
    issues: IssuePriors
    calendar: CalendarPriors
    union: UnionPriors
    district: DistrictPriors
    pressure: PressurePriors
    strike_rate: StrikeRatePriors
    states: dict[str, StrikeLaw] = Field(min_length=1)
    default_state: str
    pack_states: dict[str, str] = Field(description="rule pack name -> state code")
    sources: dict[str, PriorSource]

    @model_validator(mode="after")
    def _known(self) -> Priors:
        if self.default_state not in self.states:
            raise ValueError(f"default_state {self.default_state!r} is not among states")
        for path, prior in walk(self):
            if prior.source is not None and prior.source not in self.sources:
                raise ValueError(f"{path}: unknown source {prior.source!r}")
        return self

    def law(self, state: str | None) -> tuple[str, StrikeLaw]:
        """The strike law of a state, else the default one."""
        key = state if state in self.states else self.default_state
        return key, self.states[key]


def walk(value: BaseModel, path: str = "") -> list[tuple[str, Prior[object]]]:
    """Every prior inside a model with its dotted path."""
    found: list[tuple[str, Prior[object]]] = []
    items: list[tuple[str, object]] = [(name, getattr(value, name)) for name in type(value).model_fields]
    for name, item in items:
        where = f"{path}.{name}" if path else name
        if isinstance(item, Prior):
            found.append((where, item))
        elif isinstance(item, BaseModel):
            found.extend(walk(item, where))
        elif isinstance(item, dict):
            for key, inner in item.items():
                if isinstance(inner, BaseModel):
                    found.extend(walk(inner, f"{where}.{key}"))
    return found


def prior_mean(prior: Prior[Quantity]) -> float:
    return mean(prior.value)
