"""The ``budget:`` section of case.yaml: one fund's multiyear projection inputs, checked and typed."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bargaining.inputs.errors import InputError, data_path, key_path
from bargaining.inputs.yamlsrc import LocatedYaml
from bargaining.model import (
    MAX_COUNT,
    Budget,
    BudgetLine,
    BudgetMoney,
    Calendar,
    PriceIndex,
    ReserveRule,
    fiscal_year_label,
    message_of,
    parse_fiscal_year,
)

SECTION = "budget"
Path = tuple[str | int, ...]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def _by_year(values: dict[str, BudgetMoney]) -> dict[str, BudgetMoney]:
    for label in values:
        parse_fiscal_year(label)
    return values


class LineSpec(_Strict):
    name: str = Field(min_length=1, max_length=200, description="the line's name, as the budget prints it")
    amounts: dict[str, BudgetMoney] | None = Field(
        None, description="dollars by fiscal year, e.g. {2018-19: 1.0e9}"
    )
    base: BudgetMoney | None = Field(None, description="dollars in the current year, grown by `growth`")
    growth: dict[str, float] = Field(
        default_factory=dict,
        description="yearly growth rate by fiscal year after the current one (0.03 = 3%)",
    )
    from_unit: str | None = Field(
        None, description="an expenditure line taken from the bargaining unit's status-quo cost"
    )
    source: str | None = Field(None, max_length=2000, description="where the figures come from")

    @field_validator("amounts")
    @classmethod
    def _amounts(cls, value: dict[str, BudgetMoney] | None) -> dict[str, BudgetMoney] | None:
        return None if value is None else _by_year(value)

    @field_validator("growth")
    @classmethod
    def _growth(cls, value: dict[str, float]) -> dict[str, float]:
        for label, rate in value.items():
            parse_fiscal_year(label)
            if not -0.5 <= rate <= 0.5:
                raise ValueError(f"{label}: growth {rate} is outside -0.5 to 0.5 (0.03 means 3%)")
        return value

    @model_validator(mode="after")
    def _one_form(self) -> LineSpec:
        forms = sum(x is not None for x in (self.amounts, self.base, self.from_unit))
        if forms != 1:
            raise ValueError("give exactly one of amounts, base (with growth) or from_unit")
        if self.amounts is not None and not self.amounts:
            raise ValueError("amounts needs at least one fiscal year")
        if self.growth and self.base is None:
            raise ValueError("growth goes with base")
        return self


class MinimumSpec(_Strict):
    percent: float = Field(ge=0, le=100, description="minimum available reserve, percent of total outgo")
    source: str | None = Field(None, max_length=2000)


class BudgetSpec(_Strict):
    fund: str = Field(min_length=1, max_length=200, description="e.g. Unrestricted general fund")
    current_year: str = Field(description="the disclosure's current year, e.g. 2018-19")
    years: int = Field(3, ge=1, le=10, description="fiscal years projected, the current year included")
    beginning_balance: BudgetMoney = Field(
        description="fund balance at the start of the current year, dollars"
    )
    revenues: tuple[LineSpec, ...]
    expenditures: tuple[LineSpec, ...]
    reserve_minimum: MinimumSpec | None = None
    ada: dict[str, float] = Field(default_factory=dict, description="average daily attendance by year")
    designated: dict[str, BudgetMoney] = Field(
        default_factory=dict, description="committed or assigned dollars by year (not available reserve)"
    )
    public: bool = Field(True, description="false for the district's private budget assumptions")
    share_with_mediator: bool = Field(False, description="a private budget the mediator may see")

    @field_validator("current_year")
    @classmethod
    def _year(cls, value: str) -> str:
        parse_fiscal_year(value)
        return value

    @field_validator("designated")
    @classmethod
    def _designated(cls, value: dict[str, BudgetMoney]) -> dict[str, BudgetMoney]:
        return _by_year(value)


def check_budget(
    raw: dict[str, Any] | None,
    calendar: Calendar,
    jurisdiction: str,
    units: tuple[str, ...],
    located: LocatedYaml,
    label: str,
    errors: list[InputError],
) -> Budget | None:
    """Validate the raw ``budget`` section; append located errors; return the typed Budget or None.

    ``units`` are the names an expenditure line's ``from_unit`` may take (the units' names; for a case
    with one ``unit:``, the union's short name).
    """
    if not raw:
        return None

    def error(path: Path, message: str) -> None:
        full = (SECTION, *path)
        errors.append(InputError(label, located.line_of(full), key_path(full), message))

    try:
        spec = BudgetSpec.model_validate(raw)
    except ValidationError as exc:
        for item in exc.errors(include_url=False):
            path = data_path(raw, item["loc"], missing=item["type"] == "missing")
            error(path, message_of(item))
        return None
    before = len(errors)
    for key in ("revenues", "expenditures"):
        if not getattr(spec, key):
            error((key,), "needs at least one line")
    first = parse_fiscal_year(spec.current_year)
    years = tuple(fiscal_year_label(first + k) for k in range(spec.years))
    if first < calendar.first_year or first + spec.years - 1 > calendar.last_year:
        error(
            ("current_year",),
            f"the projection {years[0]} to {years[-1]} must lie inside the costing horizon "
            f"{calendar.labels[0]} to {calendar.labels[-1]}",
        )
    revenues = tuple(_line(line, years, ("revenues", i), error) for i, line in enumerate(spec.revenues))
    expenditures = tuple(
        _line(line, years, ("expenditures", i), error) for i, line in enumerate(spec.expenditures)
    )
    for i, line in enumerate(spec.revenues):
        if line.from_unit is not None:
            error(("revenues", i, "from_unit"), "a revenue line cannot come from a unit's cost")
    for i, line in enumerate(spec.expenditures):
        if line.from_unit is not None and line.from_unit not in units:
            error(
                ("expenditures", i, "from_unit"),
                f"no unit {line.from_unit!r} (the case has {', '.join(units)})",
            )
    for key, values in (("ada", spec.ada), ("designated", spec.designated)):
        for fy, value in values.items():
            if fy not in years:
                error((key, fy), f"{fy} is outside the projection {years[0]} to {years[-1]}")
            if key == "ada" and not 0 <= value <= MAX_COUNT:
                error((key, fy), f"average daily attendance is a count from 0 to {MAX_COUNT:,} (got {value})")
    minimum = _minimum(spec, jurisdiction, years, error)
    if len(errors) > before or minimum is None:
        return None
    return Budget(
        fund=spec.fund,
        years=years,
        beginning_balance=spec.beginning_balance,
        revenues=revenues,
        expenditures=expenditures,
        minimum=minimum,
        designated=tuple(sorted(spec.designated.items())),
        ada=tuple(sorted(spec.ada.items())),
        public=spec.public,
        share_with_mediator=spec.share_with_mediator,
    )


def _line(spec: LineSpec, years: tuple[str, ...], where: Path, error: Any) -> BudgetLine:
    if spec.from_unit is not None:
        return BudgetLine(name=spec.name, from_unit=spec.from_unit, source=spec.source)
    if spec.amounts is not None:
        for fy in spec.amounts:
            if fy not in years:
                error((*where, "amounts", fy), f"{fy} is outside the projection {years[0]} to {years[-1]}")
        missing = [fy for fy in years if fy not in spec.amounts]
        if missing:
            error((*where, "amounts"), f"no amount for {', '.join(missing)} (every projected year needs one)")
        return BudgetLine(name=spec.name, amounts=tuple(sorted(spec.amounts.items())), source=spec.source)
    assert spec.base is not None
    for fy in spec.growth:
        if fy not in years[1:]:
            error((*where, "growth", fy), f"{fy} is not a year after the current year in the projection")
    amounts, value = [(years[0], spec.base)], spec.base
    for fy in years[1:]:
        value *= 1.0 + spec.growth.get(fy, 0.0)
        amounts.append((fy, value))
    return BudgetLine(name=spec.name, amounts=tuple(amounts), source=spec.source)


def _minimum(
    spec: BudgetSpec, jurisdiction: str, years: tuple[str, ...], error: Any
) -> tuple[tuple[str, ReserveRule], ...] | None:
    """The reserve rule of each projected year: the case's own, else the jurisdiction's."""
    if spec.reserve_minimum is not None:
        own = ReserveRule(spec.reserve_minimum.percent, spec.reserve_minimum.source or "set in the case")
        return tuple((fy, own) for fy in years)
    rules = reserve_rules()
    if jurisdiction not in rules:
        error(
            ("reserve_minimum",),
            f"required: no minimum-reserve rule is shipped for {jurisdiction!r} "
            f"(shipped: {', '.join(sorted(rules))}); give {{percent: ...}}",
        )
        return None
    rule = rules[jurisdiction]
    if "percent" in rule:
        fixed = ReserveRule(float(rule["percent"]), str(rule["source"]))
        return tuple((fy, fixed) for fy in years)
    missing = [fy for fy in years if fy not in spec.ada]
    if missing:
        error(
            ("ada",), f"the {jurisdiction} reserve rule is set by ADA: give the ADA of {', '.join(missing)}"
        )
        return None
    found = []
    for fy in years:
        ada = spec.ada[fy]
        band = next(b for b in rule["by_ada"] if b["up_to"] is None or ada <= b["up_to"])
        found.append((fy, ReserveRule(float(band["percent"]), f"{rule['source']}; ADA {ada:,.0f}")))
    return tuple(found)


def reserve_rules() -> dict[str, dict[str, Any]]:
    """The shipped minimum-reserve rules by jurisdiction (``bargaining/data/reserves.yaml``)."""
    text = resources.files("bargaining").joinpath("data", "reserves.yaml").read_text(encoding="utf-8")
    rules: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return rules


def price_indexes() -> dict[str, PriceIndex]:
    """The shipped consumer price indexes by name (``bargaining/data/cpi.yaml``)."""
    text = resources.files("bargaining").joinpath("data", "cpi.yaml").read_text(encoding="utf-8")
    raw: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return {
        key: PriceIndex(
            name=str(item["name"]),
            by_year=tuple(sorted((int(year), float(value)) for year, value in item["by_year"].items())),
            source=str(item["source"]),
        )
        for key, item in raw.items()
    }
