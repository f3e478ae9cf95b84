"""The dispute as a model: its timetable, the packages in play and what each side makes of them.

Built once per case from the ``simulation:`` section; frozen and picklable, so a Dask worker receives it
whole. The engine (``bargaining.simulate.engine``) runs it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from bargaining.analysis import analyze, nash_point
from bargaining.costing import CostContext, cost_proposal
from bargaining.model import (
    Case,
    IssueSpec,
    Preferences,
    Proposal,
    Raise,
    ScheduleAdd,
    SimulationSpec,
    fiscal_year_label,
)
from bargaining.simulate.draws import Inputs
from bargaining.simulate.lawful import calendar_warnings, pack_holidays, procedure
from bargaining.simulate.protocol import FloatArray, IntArray, OfferTable
from bargaining.simulate.strike import StrikeFacts, count_closing_day, counted_days, strike_inputs
from bargaining.simulate.timetable import (
    BARGAINING,
    FACTFINDING,
    IMPOSED,
    MEDIATION,
    PHASES,
    RETURNED,
    STRIKE,
    UNRESOLVED,
    Timetable,
)

__all__ = [
    "BARGAINING",
    "FACTFINDING",
    "IMPOSED",
    "MEDIATION",
    "PHASES",
    "RETURNED",
    "STRIKE",
    "UNRESOLVED",
    "DisputeModel",
    "Outcomes",
    "Timetable",
    "school_holidays",
    "timetable_of",
]

STRIKE_EVENT = "event.strike_vote"
_NEGOTIATOR_KEYS = ("exponent", "reserved", "reciprocity", "min_concession")


def school_holidays(case: Case, spec: SimulationSpec) -> tuple[dt.date, ...]:
    """Days without school: the calendar's own and the holidays of the case's rule pack, if it has one."""
    own = spec.calendar.holidays if spec.calendar is not None else ()
    first = spec.calendar.start if spec.calendar is not None else dt.date(1900, 1, 1)
    if spec.strike is not None and spec.strike.first_day is not None:
        first = min(first, spec.strike.first_day)
    pack = pack_holidays(case.rule_pack, first, first + dt.timedelta(days=3 * 366))
    return tuple(sorted({*own, *pack}))


def timetable_of(case: Case, spec: SimulationSpec) -> tuple[Timetable, tuple[str, ...]]:
    """The dispute's timetable: the calendar's sessions walked through the steps of the case's rule pack,
    with a note for each step of the calendar that the jurisdiction's procedure does not have."""
    assert spec.calendar is not None
    steps = procedure(case.rule_pack)
    notes: tuple[str, ...] = ()
    if spec.calendar.factfinding_days and not steps.factfinding:
        notes = (
            f"simulation.calendar.factfinding_days: the {steps.pack} rule pack has no fact-finding step; "
            "the simulated procedure goes from mediation to the strike notice",
        )
    timetable = Timetable.of(spec.calendar, school_holidays(case, spec), factfinding=steps.factfinding)
    return timetable, notes


def issue_prices(case: Case, spec: SimulationSpec, on: dt.date) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The yearly cost of one unit of each issue. An issue ``priced_as`` a raise or a schedule add is priced
    by the costing engine on the case's roster, in the fiscal year of ``on`` (the first day a strike could
    start: the year the settlement's money is argued over; the horizon's nearest year when outside it); a
    ``cost_per_unit`` given as well is kept, as old files had it, with a warning saying by how much it
    differs from the engine."""
    calendar = case.calendar
    year = min(max(calendar.fiscal_year_of(on), calendar.first_year), calendar.last_year)
    ctx: CostContext | None = None
    prices: list[float] = []
    notes: list[str] = []
    for index, issue in enumerate(spec.issues):
        if issue.priced_as is None:
            prices.append(issue.cost_per_unit)
            continue
        ctx = ctx or CostContext.of(case)
        start = calendar.year_start(year)
        term = (
            Raise(type="raise", percent=1.0, effective=start)
            if issue.priced_as == "raise"
            else ScheduleAdd(type="schedule_add", amount=1.0, effective=start)
        )
        unit = Proposal(id="one-unit", party="joint", date=start, terms=(term,))
        engine = cost_proposal(ctx, unit).year_total(year - calendar.first_year)
        given = issue.cost_per_unit
        if given and round(given - engine):
            notes.append(_price_check(index, issue, given, engine, fiscal_year_label(year)))
        prices.append(given or engine)
    return tuple(prices), tuple(notes)


_ONE_UNIT = {
    "raise": "one percent on the salary schedule",
    "schedule_add": "one dollar a year per FTE on the schedule",
}


def _price_check(index: int, issue: IssueSpec, given: float, engine: float, year: str) -> str:
    """The warning when a hand-entered price differs from the engine's, as a mediator would read it: the issue
    numbered from 1 and named, both prices in dollars, how far apart."""
    apart = given - engine
    share = f"{abs(apart) / engine * 100:.2g}%" if engine else "of nothing"
    return (
        f"Issue {index + 1} of the simulation ({issue.name.replace('_', ' ')}): the case file prices "
        f"{_ONE_UNIT[issue.priced_as or 'raise']} at ${given:,.0f} a year, ${abs(apart):,.0f} "
        f"{'more' if apart > 0 else 'less'} than the costing engine's ${engine:,.0f} for {year} ({share}); "
        "the case file's figure is used."
    )


@dataclass(frozen=True, eq=False)
class Outcomes:
    """The packages in play: each one's issue values and each side's utility, and the dollars a unit of
    utility is worth (``stakes``: what the whole gap between the sides costs the district).

    ``levels[i]`` are issue i's distinct values and ``level_index[:, i]`` each package's position among
    them, so settlement terms are tallied per issue whatever the number of packages.
    """

    names: tuple[str, ...]
    units: tuple[str, ...]
    values: FloatArray
    union: FloatArray
    district: FloatArray
    stakes: float
    kinds: tuple[str, ...]
    levels: tuple[FloatArray, ...] = field(init=False)
    level_index: IntArray = field(init=False)

    def __post_init__(self) -> None:
        found = [np.unique(self.values[:, i], return_inverse=True) for i in range(self.values.shape[1])]
        object.__setattr__(self, "levels", tuple(levels for levels, _ in found))
        index = (
            np.column_stack([inverse.reshape(-1) for _, inverse in found])
            if found
            else np.zeros((len(self), 0))
        )
        object.__setattr__(self, "level_index", index.astype(np.intp))

    @classmethod
    def of(
        cls, issues: tuple[IssueSpec, ...], stakes_years: float, per_unit: tuple[float, ...] | None = None
    ) -> Outcomes:
        """The grid of the ``issues`` block. An issue's values run in equal steps from the district's
        position to the union's; a side's utility is its weighted share of the way to its own position (1
        at its own position on every issue, 0 at the other side's). The gap's yearly cost counts
        ``per_unit`` (by default each issue's ``cost_per_unit``) for every unit moved from the district's
        position, for ``stakes_years``."""
        axes = [np.linspace(0.0, 1.0, issue.steps) for issue in issues]
        toward_union = np.stack([g.ravel() for g in np.meshgrid(*axes, indexing="ij")], axis=1)
        low = np.array([i.district for i in issues])
        span = np.array([i.union - i.district for i in issues])
        w_union = np.array([i.weight.union for i in issues])
        w_district = np.array([i.weight.district for i in issues])
        prices = np.array(per_unit if per_unit is not None else [i.cost_per_unit for i in issues])
        return cls(
            names=tuple(i.name for i in issues),
            units=tuple(i.unit for i in issues),
            values=low + toward_union * span,
            union=toward_union @ w_union / w_union.sum(),
            district=(1.0 - toward_union) @ w_district / w_district.sum(),
            stakes=float(np.abs(span) @ prices) * stakes_years,
            kinds=("number",) * len(issues),
        )

    @classmethod
    def of_preferences(cls, case: Case, prefs: Preferences) -> Outcomes:
        """The package space of the case's ``preferences`` section, priced by the costing engine and scored
        by each side's own preferences (bargaining.analysis), scores 0-100 read as utilities 0-1. Packages
        outside a side's limits are left out. The gap is the cost spread of the packages over the horizon."""
        deal = analyze(case, prefs)
        keep = np.flatnonzero(deal.packages.feasible)
        cost = deal.packages.cost[keep]
        issues = prefs.space.issues
        return cls(
            names=tuple(issue.name for issue in issues),
            units=tuple("" if issue.kind == "number" else issue.kind for issue in issues),
            values=deal.packages.values[keep],
            union=deal.packages.utility["union"][keep] / 100.0,
            district=deal.packages.utility["employer"][keep] / 100.0,
            stakes=float(cost.max() - cost.min()),
            kinds=tuple(issue.kind for issue in issues),
        )

    def __len__(self) -> int:
        return int(self.union.size)

    def show(self, issue: int, value: float) -> float | str:
        """A value as a report shows it: dates as ISO dates, fiscal years as 2018-19, numbers as numbers."""
        kind = self.kinds[issue]
        if kind == "date":
            return dt.date.fromordinal(round(value)).isoformat()
        if kind == "fiscal_year":
            return fiscal_year_label(round(value))
        return float(value)


@dataclass(frozen=True, eq=False)
class DisputeModel:
    """Everything a run needs. ``stakes`` converts dollars to utility: the whole gap, paid for
    ``stakes_years``, is worth one unit of utility to either side."""

    case_id: str
    timetable: Timetable
    outcomes: Outcomes
    union_table: OfferTable
    district_table: OfferTable
    facts: StrikeFacts
    inputs: Inputs
    strategies: tuple[str, str]  # union's, district's
    counted: tuple[bool, ...]
    stakes: float
    imposition: bool
    recommendation: int
    warnings: tuple[str, ...] = ()
    # A forecast from the positions alone: the union weighs a strike of this many days before calling
    # it (0: it strikes whenever its members authorise one), and where it will not strike it takes the
    # district's last offer instead of leaving the dispute unresolved.
    anticipated_days: float = 0.0
    yield_without_strike: bool = False
    # How much of that strike's money cost the union weighs against the stakes (1: all of it; the strike
    # rate's anchor may find less, bargaining.simulate.anchor).
    strike_cost_weight: float = 1.0
    # Moves to each side's drawn reserved value (union's, district's), kept within 0-1: the strike rate's
    # anchor (bargaining.simulate.anchor).
    reserved_shift: tuple[float, float] = (0.0, 0.0)
    # The strike day on which a strike has covered a whole pupil count's window (-1: none).
    count_day: int = -1
    # The union's and the district's offer tables on each strike day, where the district's utilities change
    # as the strike goes on (bargaining.simulate.discretion); empty: the tables above throughout.
    strike_tables: tuple[tuple[OfferTable, OfferTable], ...] = ()

    @classmethod
    def of(cls, case: Case, spec: SimulationSpec) -> DisputeModel:
        """Build from a validated section; ValueError names what is missing."""
        needed = ("calendar", "union", "district", "strike") + (
            ("issues",) if spec.utilities == "issues" else ()
        )
        missing = [k for k in needed if not getattr(spec, k)]
        if missing:
            raise ValueError(f"simulation needs {', '.join(missing)} (see docs/case-format.md, 'simulation')")
        assert spec.calendar and spec.union and spec.district and spec.strike
        timetable, notes = timetable_of(case, spec)
        prefs = case.preferences
        if spec.utilities == "preferences":
            if prefs is None or prefs.union is None or prefs.employer is None:
                raise ValueError("simulation.utilities: preferences needs both sides' preferences")
            outcomes = Outcomes.of_preferences(case, prefs)
        else:
            per_unit, priced = issue_prices(case, spec, timetable.strike_start)
            notes += priced
            outcomes = Outcomes.of(spec.issues, spec.stakes_years, per_unit)
        reserved: dict[str, float] = {}
        for side, negotiator in (("union", spec.union), ("district", spec.district)):
            if prefs is not None and spec.utilities == "preferences":
                stated = prefs.of("union" if side == "union" else "employer")
                if "reserved" not in negotiator.model_fields_set and stated is not None:
                    reserved[side] = stated.reservation / 100.0  # the side's own bottom line
        return cls.assemble(
            case.id,
            spec,
            timetable,
            outcomes,
            StrikeFacts.of(case, spec.strike, timetable.strike_start),
            notes
            + calendar_warnings(case.rule_pack, timetable, spec.calendar.imposition, case.contract_expires),
            reserved,
        )

    @classmethod
    def assemble(
        cls,
        case_id: str,
        spec: SimulationSpec,
        timetable: Timetable,
        outcomes: Outcomes,
        facts: StrikeFacts,
        warnings: tuple[str, ...] = (),
        reserved: dict[str, float] | None = None,
    ) -> DisputeModel:
        """The model from its parts: a case's (``of``) or a reference dispute's, which has no roster."""
        assert spec.calendar and spec.union and spec.district and spec.strike
        quantities: dict[str, object] = strike_inputs(spec.strike)
        for side, negotiator in (("union", spec.union), ("district", spec.district)):
            quantities.update({f"{side}.{key}": getattr(negotiator, key) for key in _NEGOTIATOR_KEYS})
        quantities.update({f"{side}.reserved": value for side, value in (reserved or {}).items()})
        quantities["union.strike_authorization"] = spec.union.strike_authorization
        points = np.column_stack((outcomes.union, outcomes.district))
        return cls(
            case_id=case_id,
            timetable=timetable,
            outcomes=outcomes,
            union_table=OfferTable.of(outcomes.union, outcomes.district),
            district_table=OfferTable.of(outcomes.district, outcomes.union),
            facts=facts,
            inputs=Inputs.of(quantities, (STRIKE_EVENT,)),  # type: ignore[arg-type]
            strategies=(spec.union.strategy, spec.district.strategy),
            counted=tuple(counted_days(list(timetable.strike_days), spec.strike.revenue_window)),
            count_day=count_closing_day(list(timetable.strike_days), spec.strike.count_window),
            stakes=outcomes.stakes,
            imposition=spec.calendar.imposition,
            recommendation=nash_point(points, (0.0, 0.0)) if timetable.report_session >= 0 else -1,
            warnings=warnings,
        )
