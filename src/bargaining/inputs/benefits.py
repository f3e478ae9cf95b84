"""``unit.benefits``: statutory lines (and the shipped rate tables they may name), read into model values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bargaining.model import (
    MAX_FTE,
    Calendar,
    DatedRate,
    Day,
    Health,
    HealthPlan,
    HealthTier,
    Money,
    StatutoryLine,
    Tier,
)

# A rate: a share of pay, dated changes of it, or the name of a shipped table (data/statutory.yaml).
RateSpec = float | dict[Day, float] | str
Report = Callable[[tuple[str | int, ...], str], None]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def _rates_in_range(rate: RateSpec | None, what: str) -> None:
    values = (
        list(rate.values()) if isinstance(rate, dict) else [rate] if isinstance(rate, float | int) else []
    )
    if isinstance(rate, dict) and not rate:
        raise ValueError(f"{what} needs at least one dated rate")
    if any(not 0 <= value < 1 for value in values):
        raise ValueError(f"{what} is a share of pay between 0 and 1 (e.g. 0.062 for 6.2%)")


class TierSpec(_Strict):
    name: str = Field(max_length=64, description="the tier, e.g. classic or PEPRA")
    share: float = Field(gt=0, le=1, description="share of the unit's FTE in the tier")
    rate: RateSpec | None = Field(None, description="the tier's rate (default: the line's)")
    one_time_creditable: bool = Field(False, description="whether one-time pay counts for this tier")

    @model_validator(mode="after")
    def _rate(self) -> TierSpec:
        _rates_in_range(self.rate, "a tier's rate")
        return self


class StatutoryLineSpec(_Strict):
    name: str = Field(max_length=64, description="the line, e.g. CalSTRS, OASDI, Medicare")
    rate: RateSpec | None = Field(
        None, description="a share of pay, {date: rate} changes, or a shipped table (calstrs, oasdi, ...)"
    )
    base: Literal["pensionable", "all", "capped"] = Field(
        "all", description="pensionable (on-schedule pay), all (one-time pay too) or capped (up to wage_base)"
    )
    wage_base: dict[Day, Money] | str | float | None = Field(
        None, description="capped lines: {YYYY-01-01: dollars} per member per calendar year, or oasdi"
    )
    tiers: tuple[TierSpec, ...] = Field((), max_length=20)
    source: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> StatutoryLineSpec:
        _rates_in_range(self.rate, "rate")
        if self.rate is None and (not self.tiers or any(t.rate is None for t in self.tiers)):
            raise ValueError("give the line a rate, or every tier its own rate")
        if self.tiers:
            total = sum(t.share for t in self.tiers)
            if abs(total - 1.0) > 1e-6:
                raise ValueError(f"the tiers' shares of FTE add up to {total:g}, not 1")
        if self.base == "capped":
            if self.wage_base is None:
                raise ValueError("a capped line needs a wage_base")
            if isinstance(self.wage_base, float | int):
                raise ValueError(
                    "a wage base applies per calendar year: give {YYYY-01-01: dollars}, or oasdi"
                )
            if isinstance(self.wage_base, dict) and not self.wage_base:
                raise ValueError("wage_base needs at least one dated amount")
        elif self.wage_base is not None:
            raise ValueError("wage_base is for capped lines only (base: capped)")
        if self.tiers and self.base == "capped":
            raise ValueError("tiers are for pensionable and all lines, not capped ones")
        return self


class HealthTierSpec(_Strict):
    name: str = Field(max_length=64, description="the coverage tier, e.g. single or family")
    fte: float = Field(ge=0, le=MAX_FTE, description="FTE enrolled in the tier")
    premium: Money = Field(description="yearly premium per enrolled FTE in the horizon's first fiscal year")


class HealthPlanSpec(_Strict):
    name: str = Field(max_length=64)
    tiers: tuple[HealthTierSpec, ...] = Field(min_length=1, max_length=20)


class EmployerRuleSpec(_Strict):
    rule: Literal["full", "share", "cap", "cap_and_split"] = Field(
        description="full, share (a share of the premium), cap (dollars per enrolled FTE) or cap_and_split"
    )
    share: float | None = Field(None, ge=0, le=1, description="the employer's share (share, cap_and_split)")
    cap: Money | None = Field(None, description="dollars per enrolled FTE a year (cap, cap_and_split)")

    @model_validator(mode="after")
    def _fields(self) -> EmployerRuleSpec:
        needs = {"full": (), "share": ("share",), "cap": ("cap",), "cap_and_split": ("cap", "share")}[
            self.rule
        ]
        for key in ("share", "cap"):
            given = getattr(self, key) is not None
            if given != (key in needs):
                what = "needs" if not given else "takes no"
                raise ValueError(f"the {self.rule} rule {what} {key}")
        return self


class HealthSpec(_Strict):
    trend: float = Field(
        0.0, ge=-0.5, le=1.0, description="yearly premium growth from the second fiscal year"
    )
    employer: EmployerRuleSpec = Field(description="how the employer pays the premiums")
    plans: tuple[HealthPlanSpec, ...] = Field(min_length=1, max_length=50)


class BenefitsSpec(_Strict):
    statutory: tuple[StatutoryLineSpec, ...] = Field(
        (), max_length=30, description="statutory lines, each with its own rate and base"
    )
    health: HealthSpec | None = Field(None, description="health plans, tiers and the employer's rule")


@cache
def _tables() -> dict[str, Any]:
    text = resources.files("bargaining").joinpath("data", "statutory.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def rate_tables() -> dict[str, DatedRate]:
    """The shipped statutory rate tables by name."""
    return {key: _dated(item["rates"]) for key, item in _tables()["rates"].items()}


def wage_bases() -> dict[str, DatedRate]:
    """The shipped wage bases (dollars per member per calendar year) by name."""
    return {key: _dated(item["amounts"]) for key, item in _tables()["wage_bases"].items()}


def table_source(kind: Literal["rates", "wage_bases"], name: str) -> str:
    item = _tables()[kind][name]
    assumed = item.get("assumed")
    return f"{item['source']}" + (f"; assumption: {assumed}" if assumed else "")


def _dated(values: dict[Any, Any]) -> DatedRate:
    return DatedRate(tuple(sorted((day, float(v)) for day, v in values.items())))


def _rate(
    rate: RateSpec,
    calendar: Calendar,
    shipped: dict[str, DatedRate],
    path: tuple[str | int, ...],
    report: Report,
) -> DatedRate | None:
    if isinstance(rate, str):
        if rate not in shipped:
            report(path, f"no shipped table {rate!r}; shipped: {', '.join(sorted(shipped))}")
            return None
        return shipped[rate]
    if isinstance(rate, dict):
        return _dated(rate)
    return DatedRate(((calendar.year_start(calendar.first_year), float(rate)),))


def statutory_lines(
    spec: BenefitsSpec | None, calendar: Calendar, report: Report
) -> tuple[StatutoryLine, ...]:
    """The unit's statutory lines; problems go to ``report`` at their key path."""
    if spec is None:
        return ()
    rates, bases = rate_tables(), wage_bases()
    out = []
    for i, line in enumerate(spec.statutory):
        at = ("unit", "benefits", "statutory", i)
        rate = _rate(line.rate, calendar, rates, (*at, "rate"), report) if line.rate is not None else None
        tiers = []
        for j, tier in enumerate(line.tiers):
            given = tier.rate if tier.rate is not None else line.rate
            assert given is not None, "checked by the schema"
            tier_rate = _rate(given, calendar, rates, (*at, "tiers", j, "rate"), report)
            if tier_rate is not None:
                tiers.append(Tier(tier.name, tier.share, tier_rate, tier.one_time_creditable))
        wage_base = None
        if isinstance(line.wage_base, str):
            wage_base = bases.get(line.wage_base)
            if wage_base is None:
                report(
                    (*at, "wage_base"),
                    f"no shipped wage base {line.wage_base!r}; shipped: {', '.join(bases)}",
                )
        elif isinstance(line.wage_base, dict):
            wage_base = _dated(line.wage_base)
        shipped = isinstance(line.rate, str) and line.rate in rates
        source = line.source or (table_source("rates", str(line.rate)) if shipped else None)
        out.append(
            StatutoryLine(
                name=line.name,
                base=line.base,
                rate=rate or (tiers[0].rate if tiers else DatedRate(((dt.date(1900, 1, 1), 0.0),))),
                wage_base=wage_base,
                tiers=tuple(tiers),
                source=source,
            )
        )
    return tuple(out)


def blended(lines: tuple[StatutoryLine, ...], calendar: Calendar) -> DatedRate:
    """The lines' total rate on salary, dated at every change (capped lines in full): what faces that
    want one roll-up rate (the strike model, the assumptions list) use."""
    days = {calendar.year_start(calendar.first_year)}
    for line in lines:
        for rate in (line.rate, *(t.rate for t in line.tiers)):
            days |= {day for day, _ in rate.changes}
    return DatedRate(tuple((day, sum(line.pay_rate(day) for line in lines)) for day in sorted(days)))


def health_plans(spec: BenefitsSpec | None, unit_fte: float | None, report: Report) -> Health | None:
    """The unit's health plans; an enrolment larger than the unit's FTE goes to ``report``."""
    if spec is None or spec.health is None:
        return None
    given = spec.health
    rule = given.employer
    health = Health(
        plans=tuple(
            HealthPlan(plan.name, tuple(HealthTier(t.name, t.fte, t.premium) for t in plan.tiers))
            for plan in given.plans
        ),
        trend=given.trend,
        rule=rule.rule,
        share=rule.share if rule.share is not None else 1.0,
        cap=rule.cap or 0.0,
    )
    names = [plan.name for plan in given.plans]
    for i, name in enumerate(names):
        if name in names[:i]:
            report(("unit", "benefits", "health", "plans", i, "name"), f"plan {name!r} is named twice")
    enrolled = health.enrolled_fte
    if unit_fte is not None and enrolled > unit_fte + 1e-9:
        report(
            ("unit", "benefits", "health", "plans"),
            f"{enrolled:g} FTE enrolled in the plans, more than the unit's {unit_fte:g} FTE",
        )
    return health


def employer_per_fte(health: Health) -> float:
    """The first year's employer cost per enrolled FTE: what an added position carries."""
    enrolled = health.enrolled_fte
    paid = sum(tier.fte * health.employer(tier.premium) for _, tier in health.tiers())
    return paid / enrolled if enrolled else 0.0
