"""A forecast from the positions alone: the dispute model built from the two sides' latest positions and the
priors (``bargaining.model.priors``), with whatever the case's ``simulation:`` section sets taking
precedence, key by key.

The issues are the pay gap (on-schedule percent, priced by the costing engine on a case's roster, or at the
priors' payroll for a dispute of the reference class) and the union's non-pay items, each won or not. Each
side weighs an issue by what it is worth to it: the district by its cost, the union by its cost for pay and
by a multiple of its cost for items (``union.nonpay_value``); the district may weigh items above their cost,
a premium a strike's pressure wears away (``district.discretion``, ``bargaining.simulate.discretion``).
Strike economics come from the state's law in the priors; pressure on both sides grows with the square of
the school days lost, scaled so that a strike of the typical length (the reference class's median) costs
each side ``pressure.gap`` of the gap.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from bargaining.analysis import NONPAY_TERMS, Positions, positions_of_case, positions_of_dispute
from bargaining.budget import affordable_raise
from bargaining.costing import CostContext, cost_proposal
from bargaining.model import (
    Case,
    Dispute,
    DisputeCalendar,
    IssueSpec,
    Negotiator,
    PartyWeights,
    Priors,
    Proposal,
    SimulationSpec,
    StrikeLaw,
    StrikeSpec,
    UnionNegotiator,
)
from bargaining.simulate.discretion import with_discretion
from bargaining.simulate.dispute import DisputeModel, Outcomes, issue_prices
from bargaining.simulate.lawful import procedure
from bargaining.simulate.pressure import paid_price, public_pressure
from bargaining.simulate.reserved import Conflict, ability_shift, conflict_shifts, scaled, times
from bargaining.simulate.strike import PREFIX, StrikeFacts
from bargaining.simulate.timetable import Timetable
from bargaining.simulate.used import PriorsUsed, UsedPrior

PAY, ITEMS = "raise", "nonpay_items"


@dataclass(frozen=True)
class Forecast:
    """The model to run (None when the positions do not differ), what it rests on, and where its pay and
    item issues are among the model's issues."""

    model: DisputeModel | None
    positions: Positions | None
    priors_used: tuple[UsedPrior, ...]
    pay: int | None
    items: tuple[int, ...]
    item_count: int


def _negotiators(
    spec: SimulationSpec | None, priors: Priors, use: PriorsUsed
) -> tuple[UnionNegotiator, Negotiator]:
    union: dict[str, Any] = {"strategy": priors.union.strategy}
    district: dict[str, Any] = {"strategy": priors.district.strategy}
    for key in ("exponent", "reserved"):
        union[key] = use(f"union.{key}", getattr(priors.union, key))
        district[key] = use(f"district.{key}", getattr(priors.district, key))
    union["strike_authorization"] = use("union.strike_authorization", priors.union.strike_authorization)
    for own, given in ((union, spec.union if spec else None), (district, spec.district if spec else None)):
        if given is not None:
            own.update({key: getattr(given, key) for key in given.model_fields_set})
    return UnionNegotiator(**union), Negotiator(**district)


def _calendar(
    spec: SimulationSpec | None, start: dt.date, factfinding: bool, use: PriorsUsed
) -> DisputeCalendar:
    if spec is not None and spec.calendar is not None:
        return spec.calendar
    cal = use.priors.calendar
    keys = ("session_days", "bargaining_sessions", "review_days", "mediation_sessions", "strike_notice_days")
    fields: dict[str, Any] = {key: use(f"calendar.{key}", getattr(cal, key)) for key in keys}
    fields["max_strike_days"] = use("calendar.max_strike_days", cal.max_strike_days)
    if factfinding:
        fields["factfinding_days"] = use("calendar.factfinding_days", cal.factfinding_days)
    return DisputeCalendar(start=start, **fields)


def _strike(
    spec: SimulationSpec | None,
    law_key: str,
    law: StrikeLaw,
    pay: float,
    days: float | None,
    use: PriorsUsed,
) -> StrikeSpec:
    """The strike block: the state's law in dollars of this unit's daily payroll (``pay`` a year), and
    the pressure rate; the case's own keys win."""
    given = spec.strike if spec is not None else None
    work_days = (
        given.work_days
        if given is not None and "work_days" in given.model_fields_set
        else use("payroll.work_days", use.priors.payroll.work_days)
    )
    daily = pay / work_days
    where = f"states.{law_key}"
    typical = days if days is not None else use("pressure.typical_days", use.priors.pressure.typical_days)
    if days is not None:
        use.derived("pressure.typical_days", days, "median school days struck in the reference class used")
    gap = use("pressure.gap", use.priors.pressure.gap)
    fields: dict[str, Any] = {
        "work_days": work_days,
        "participation": use(f"{where}.participation", law.participation),
        "makeup_share": use(f"{where}.makeup_share", law.makeup_share),
        "attendance": 1.0,
        "revenue_per_absent_student_day": use(f"{where}.revenue_loss", law.revenue_loss) * daily,
        "union_penalties_per_day": use(f"{where}.penalties", law.penalties) * daily,
        "substitutes": 1.0,
        "substitute_daily_rate": times(use(f"{where}.substitutes", law.substitutes), daily),
        "pressure_per_day": gap / (typical * typical),
    }
    if law.makeup_slack is not None:
        fields["makeup_slack"] = use(f"{where}.makeup_slack", law.makeup_slack)
    if law.count_window is not None and law.count_loss is not None:
        fields["count_window"] = use(f"{where}.count_window", law.count_window)
        fields["count_loss"] = times(use(f"{where}.count_loss", law.count_loss), daily)
    if law.penalty_growth is not None:
        fields["union_penalty_growth"] = use(f"{where}.penalty_growth", law.penalty_growth) * daily
    use(f"{where}.aid_basis", law.aid_basis)
    use(f"{where}.injunction", law.injunction)
    if given is not None:
        fields.update({key: getattr(given, key) for key in given.model_fields_set})
    return StrikeSpec(**fields)


def _issues(
    positions: Positions, pay_price: float, item_price: float, priors: Priors, use: PriorsUsed
) -> tuple[tuple[IssueSpec, ...], int | None, tuple[int, ...], int]:
    issues: list[IssueSpec] = []
    pay: int | None = None
    gap = positions.gap
    if gap > 1e-9:
        worth = gap * pay_price
        pay = len(issues)
        issues.append(
            IssueSpec(
                name=PAY,
                unit="percent",
                district=positions.total("district"),
                union=positions.total("union"),
                steps=priors.issues.pay_steps,
                cost_per_unit=pay_price,
                weight=PartyWeights(union=worth, district=worth),
            )
        )
    count = min(len(positions.items), priors.issues.max_items)
    items: tuple[int, ...] = ()
    if count:
        value = use("union.nonpay_value", priors.union.nonpay_value)
        items = (len(issues),)
        issues.append(
            IssueSpec(
                name=ITEMS,
                unit="items",
                district=0.0,
                union=float(count),
                steps=count + 1,
                cost_per_unit=item_price,
                weight=PartyWeights(union=count * item_price * value, district=count * item_price),
            )
        )
    return tuple(issues), pay, items, count


def _discretion(
    model: DisputeModel, issues: tuple[IssueSpec, ...], items: tuple[int, ...], count: int, use: PriorsUsed
) -> DisputeModel:
    """The district's premium on the union's items (``district.discretion`` times their yearly cost), in
    its utility (it weighs every issue at its yearly cost, so the whole gap is the sum of its weights),
    worn away by the strike's public pressure at the model's rate (its mean, where drawn)."""
    if not count:
        return model
    share = use("district.discretion", use.priors.district.discretion)
    (issue,) = items
    total = sum(spec.weight.district for spec in issues)
    rate = model.inputs.means()[f"{PREFIX}pressure_per_day"]
    return with_discretion(model, share * issues[issue].weight.district / total, issue, rate)


def uses_priors(case: Case) -> bool:
    """Whether the case's forecast draws on the priors (it has no complete ``simulation:`` section)."""
    return not _complete(case.simulation)


def _complete(spec: SimulationSpec | None) -> bool:
    return bool(
        spec is not None
        and spec.calendar
        and spec.union
        and spec.district
        and spec.strike
        and (spec.issues or spec.utilities == "preferences")
    )


def _affordable(years: int, positions: Positions, use: PriorsUsed) -> float:
    """Without a budget section: the priors' affordable raise a year, times the contract's years, placed in
    the pay gap as a reserved-value factor."""
    if positions.gap <= 1e-9:
        return 1.0
    affordable = use("district.affordable_raise", use.priors.district.affordable_raise) * years
    factor = ability_shift((affordable - positions.total("district")) / positions.gap)
    how = (
        f"no budget section: {affordable:.2f}% over the contract's {years} years is affordable; 1.25 at the "
        "district's offer, 0.75 at the union's"
    )
    return use.derived("district.reserved_factor", factor, how)


def _ability(case: Case, positions: Positions, use: PriorsUsed) -> float:
    """The case's ability to pay as a reserved-value factor: from its budget section, else from the
    priors' affordable raise over the fiscal years either position names."""
    if case.budget is None:
        return _affordable(len(positions.years), positions, use)
    if positions.gap <= 1e-9:
        return 1.0
    affordable = affordable_raise(CostContext.of(case), case.budget)
    low = positions.total("district")
    position = 0.0 if affordable is None else (affordable - low) / positions.gap
    factor = ability_shift(position)
    how = (
        (
            f"the budget section affords a raise of {affordable:.2f}%"
            if affordable is not None
            else "the budget section affords no raise"
        )
        + " (the largest keeping every year's minimum reserve); 1.25 at the district's offer, 0.75 at "
        "the union's"
    )
    return use.derived("district.reserved_factor", factor, how)


def forecast_case(
    case: Case,
    priors: Priors,
    days: float | None = None,
    district_shift: float | None = None,
    conflict: Conflict | None = None,
    typical_stakes: float | None = None,
) -> Forecast:
    """The case's forecast. A complete ``simulation:`` section is run as written (no prior is used);
    otherwise the issues come from the latest positions and every key the section leaves out from the
    priors. ``district_shift`` scales the district's reserved value (by default from its ability to pay,
    ``ability_shift``); ``conflict`` then moves both sides' reserved values (the strike rate's anchor,
    ``bargaining.simulate.anchor``), except a value the case sets. ``typical_stakes`` (daily payrolls)
    sets the public pressure's scale (``public_pressure``)."""
    state = priors.pack_states.get(case.jurisdiction)
    positions = positions_of_case(case, state)
    spec = case.simulation
    if _complete(spec):
        assert spec is not None
        names = [issue.name for issue in spec.issues]
        pay = next((i for i, issue in enumerate(spec.issues) if issue.priced_as == "raise"), None)
        pay = pay if pay is not None else (names.index(PAY) if PAY in names else None)
        others = tuple(i for i in range(len(names)) if i != pay)
        return Forecast(DisputeModel.of(case, spec), positions, (), pay, others, 0)
    if positions is None:
        raise ValueError("a forecast needs a proposal from each side, or a complete simulation section")
    use = PriorsUsed(priors)
    start = max(p.date for p in (positions.district_proposal, positions.union_proposal) if p is not None)
    calendar = _calendar(spec, start, procedure(case.rule_pack).factfinding, use)
    timetable = Timetable.of(calendar, factfinding=procedure(case.rule_pack).factfinding)
    law_key, law = priors.law(state)
    strike = _strike(spec, law_key, law, float(case.unit.roster.pay.sum()), days, use)
    one = PartyWeights(union=1.0, district=1.0)
    point = IssueSpec(name="probe", district=0.0, union=1.0, priced_as="raise", weight=one)
    probe = SimulationSpec(calendar=calendar, issues=(point,))
    (pay_price,), _ = issue_prices(case, probe, timetable.strike_start)
    item_price = _item_price(case, positions, timetable.strike_start, priors, pay_price, use)
    stakes = spec.stakes_years if spec is not None and "stakes_years" in spec.model_fields_set else None
    stakes = stakes or use("issues.stakes_years", priors.issues.stakes_years)
    years = (min(positions.years, default=0), max(positions.years, default=0))
    pay_price = paid_price(positions, years, stakes, pay_price, use)
    issues, pay, items, count = _issues(positions, pay_price, item_price, priors, use)
    if spec is not None and spec.issues:
        issues, pay, items, count = spec.issues, None, tuple(range(len(spec.issues))), 0
    if not issues:
        return Forecast(None, positions, tuple(use.found.values()), None, (), 0)
    union, district = _negotiators(spec, priors, use)
    if district_shift is None:
        district_shift = _ability(case, positions, use)
    if district_shift != 1.0 and not (
        spec and spec.district and "reserved" in spec.district.model_fields_set
    ):
        district = district.model_copy(update={"reserved": scaled(district.reserved, district_shift)})
    _anchored(conflict, use)
    full = SimulationSpec(
        stakes_years=stakes, calendar=calendar, issues=issues, union=union, district=district, strike=strike
    )
    model = _forecasting(DisputeModel.of(case, full), strike_days_of(strike, days, priors), conflict, spec)
    if not (spec and spec.strike and "pressure_per_day" in spec.strike.model_fields_set):
        model = public_pressure(model, typical_stakes, use)
    model = _discretion(model, issues, items, count, use)
    return Forecast(model, positions, tuple(use.found.values()), pay, items, count)


def _forecasting(
    model: DisputeModel, anticipated: float, conflict: Conflict | None, spec: SimulationSpec | None
) -> DisputeModel:
    """A model as a forecast runs it, for a case and a reference dispute alike: the strike length the
    union expects, a settlement possible without a strike, and the reference class's anchor (if any)."""
    return dataclasses.replace(
        model,
        anticipated_days=anticipated,
        yield_without_strike=True,
        strike_cost_weight=conflict.cost_weight if conflict is not None else 1.0,
        reserved_shift=conflict_shifts(spec, conflict) if conflict is not None else (0.0, 0.0),
    )


def _anchored(conflict: Conflict | None, use: PriorsUsed) -> None:
    if conflict is not None:
        use.derived("strike_rate.conflict", conflict.shift, conflict.how)
        use.derived("strike_rate.cost_weight", conflict.cost_weight, conflict.how)


def strike_days_of(strike: StrikeSpec, days: float | None, priors: Priors) -> float:
    return days if days is not None else float(priors.pressure.typical_days.value)


def _item_price(
    case: Case, positions: Positions, on: dt.date, priors: Priors, pay_price: float, use: PriorsUsed
) -> float:
    """The yearly cost of one of the union's non-pay items: the costing engine's price of the items it
    can cost, shared over them; the priors' share of payroll when none can be costed."""
    year = min(max(case.calendar.fiscal_year_of(on), case.calendar.first_year), case.calendar.last_year)
    proposal = positions.union_proposal
    if positions.items and proposal is not None:
        terms = tuple(t for t in proposal.terms if isinstance(t, NONPAY_TERMS))
        unit = Proposal(id="items", party="joint", date=proposal.date, terms=terms)
        total = cost_proposal(CostContext.of(case), unit).year_total(year - case.calendar.first_year)
        if total > 0:
            return use.derived(
                "issues.item_cost", total / len(terms), "the costing engine on the union's items"
            )
    share = use("issues.item_cost_share", priors.issues.item_cost_share)
    return float(share) * pay_price * 100.0


def forecast_dispute(
    dispute: Dispute,
    priors: Priors,
    days: float | None = None,
    conflict: Conflict | None = None,
    typical_stakes: float | None = None,
) -> Forecast | None:
    """A reference dispute's forecast from its two last positions (None unless both give a raise)."""
    positions = positions_of_dispute(dispute)
    if positions is None:
        return None
    use = PriorsUsed(priors)
    payroll = priors.payroll
    members = dispute.size.members.value if dispute.size.members is not None else None
    if members is None:
        students = dispute.size.students.value if dispute.size.students is not None else None
        ratio = use("payroll.students_per_teacher", payroll.students_per_teacher)
        members = round(students / ratio) if students else 1000
    salary = use("payroll.average_salary", payroll.average_salary)
    rollup = use("payroll.rollup", payroll.rollup)
    pay = members * salary
    start = dt.date(dispute.years[0], 9, 1)
    calendar = _calendar(None, start, dispute.milestones.factfinding is not None, use)
    timetable = Timetable.of(calendar, factfinding=calendar.factfinding_days > 0)
    law_key, law = priors.law(dispute.state)
    strike = _strike(None, law_key, law, pay, days, use)
    stakes = use("issues.stakes_years", priors.issues.stakes_years)
    pay_price = paid_price(positions, dispute.years, stakes, pay * (1.0 + rollup) / 100.0, use)
    item_price = use("issues.item_cost_share", priors.issues.item_cost_share) * pay * (1.0 + rollup)
    issues, pay_index, items, count = _issues(positions, pay_price, item_price, priors, use)
    if not issues:
        return Forecast(None, positions, tuple(use.found.values()), None, (), 0)
    union, district = _negotiators(None, priors, use)
    first, last = dispute.years
    factor = _affordable(last - first + 1, positions, use)
    district = district.model_copy(update={"reserved": scaled(district.reserved, factor)})
    _anchored(conflict, use)
    spec = SimulationSpec(
        stakes_years=stakes, calendar=calendar, issues=issues, union=union, district=district, strike=strike
    )
    facts = StrikeFacts(daily_payroll=pay / strike.work_days, members=members, rollup=rollup)
    model = DisputeModel.assemble(dispute.id, spec, timetable, Outcomes.of(issues, stakes), facts)
    model = _forecasting(model, strike_days_of(strike, days, priors), conflict, None)
    model = public_pressure(model, typical_stakes, use)
    model = _discretion(model, issues, items, count, use)
    return Forecast(model, positions, tuple(use.found.values()), pay_index, items, count)
