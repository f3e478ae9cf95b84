"""The dispute as a model: its timetable, the packages in play and what each side makes of them.

Built once per case from the ``simulation:`` section; frozen and picklable, so a Dask worker receives it
whole. The engine (``bargaining.simulate.engine``) runs it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from bargaining.analysis import nash_point
from bargaining.inputs.simulation import DisputeCalendar, IssueSpec, SimulationSpec
from bargaining.model import Case
from bargaining.simulate.draws import Inputs
from bargaining.simulate.protocol import FloatArray, OfferTable
from bargaining.simulate.strike import StrikeFacts, counted_days, school_days, strike_inputs

# How a run ends. "returned": the union went back at the strike's limit under the district's last offer.
PHASES = ("bargaining", "mediation", "factfinding", "strike", "returned", "imposed", "unresolved")
BARGAINING, MEDIATION, FACTFINDING, STRIKE, RETURNED, IMPOSED, UNRESOLVED = range(len(PHASES))
STRIKE_EVENT = "event.strike_vote"
_NEGOTIATOR_KEYS = ("exponent", "reserved", "reciprocity", "min_concession")


@dataclass(frozen=True)
class Timetable:
    """Session days (offsets from ``start``) and their phases, then the strike's school days.

    Bargaining sessions come every ``session_days``; impasse is declared at what would have been the next
    one; mediation starts ``review_days`` later; the fact-finder's report, if any, comes
    ``factfinding_days`` after mediation ends and is the last session. A strike may start
    ``strike_notice_days`` after that, on the next school day.
    """

    start: dt.date
    session_offsets: tuple[int, ...]
    session_phases: tuple[int, ...]
    report_session: int
    strike_start: dt.date
    strike_days: tuple[dt.date, ...]

    @classmethod
    def of(cls, calendar: DisputeCalendar) -> Timetable:
        every = calendar.session_days
        offsets = [k * every for k in range(calendar.bargaining_sessions)]
        phases = [BARGAINING] * calendar.bargaining_sessions
        mediation = calendar.bargaining_sessions * every + calendar.review_days
        offsets += [mediation + k * every for k in range(calendar.mediation_sessions)]
        phases += [MEDIATION] * calendar.mediation_sessions
        report = -1
        if calendar.factfinding_days:
            last = offsets[-1] if calendar.mediation_sessions else mediation
            offsets.append(last + calendar.factfinding_days)
            phases.append(FACTFINDING)
            report = len(offsets) - 1
        end = calendar.start + dt.timedelta(days=offsets[-1] + calendar.strike_notice_days)
        days = school_days(end, calendar.max_strike_days, calendar.holidays)
        return cls(calendar.start, tuple(offsets), tuple(phases), report, days[0], tuple(days))

    @property
    def sessions(self) -> int:
        return len(self.session_offsets)

    def offset(self, day: dt.date) -> int:
        return (day - self.start).days


@dataclass(frozen=True, eq=False)
class Outcomes:
    """Every package on the issues' grid: its values, each side's utility, its yearly cost.

    An issue's values run in equal steps from the district's position to the union's. A side's utility
    is its weighted share of the way to its own position: 1 at its own position on every issue, 0 at the
    other side's. The cost counts ``cost_per_unit`` for every unit moved from the district's position.
    """

    names: tuple[str, ...]
    units: tuple[str, ...]
    values: FloatArray
    union: FloatArray
    district: FloatArray
    cost: FloatArray

    @classmethod
    def of(cls, issues: tuple[IssueSpec, ...]) -> Outcomes:
        axes = [np.linspace(0.0, 1.0, issue.steps) for issue in issues]
        toward_union = np.stack([g.ravel() for g in np.meshgrid(*axes, indexing="ij")], axis=1)
        low = np.array([i.district for i in issues])
        span = np.array([i.union - i.district for i in issues])
        w_union = np.array([i.weight.union for i in issues])
        w_district = np.array([i.weight.district for i in issues])
        per_unit = np.array([i.cost_per_unit for i in issues])
        return cls(
            names=tuple(i.name for i in issues),
            units=tuple(i.unit for i in issues),
            values=low + toward_union * span,
            union=toward_union @ w_union / w_union.sum(),
            district=(1.0 - toward_union) @ w_district / w_district.sum(),
            cost=toward_union @ (np.abs(span) * per_unit),
        )

    def __len__(self) -> int:
        return int(self.union.size)


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

    @classmethod
    def of(cls, case: Case, spec: SimulationSpec) -> DisputeModel:
        """Build from a validated section; ValueError names what is missing."""
        missing = [k for k in ("calendar", "issues", "union", "district", "strike") if not getattr(spec, k)]
        if missing:
            raise ValueError(f"simulation needs {', '.join(missing)} (see docs/case-format.md, 'simulation')")
        assert spec.calendar and spec.union and spec.district and spec.strike
        timetable = Timetable.of(spec.calendar)
        outcomes = Outcomes.of(spec.issues)
        quantities: dict[str, object] = strike_inputs(spec.strike)
        for side, negotiator in (("union", spec.union), ("district", spec.district)):
            quantities.update({f"{side}.{key}": getattr(negotiator, key) for key in _NEGOTIATOR_KEYS})
        quantities["union.strike_authorization"] = spec.union.strike_authorization
        points = np.column_stack((outcomes.union, outcomes.district))
        return cls(
            case_id=case.id,
            timetable=timetable,
            outcomes=outcomes,
            union_table=OfferTable.of(outcomes.union, outcomes.district),
            district_table=OfferTable.of(outcomes.district, outcomes.union),
            facts=StrikeFacts.of(case, spec.strike, timetable.strike_start),
            inputs=Inputs.of(quantities, (STRIKE_EVENT,)),  # type: ignore[arg-type]
            strategies=(spec.union.strategy, spec.district.strategy),
            counted=tuple(counted_days(list(timetable.strike_days), spec.strike.revenue_window)),
            stakes=float(outcomes.cost.max()) * spec.stakes_years,
            imposition=spec.calendar.imposition,
            recommendation=nash_point(points, (0.0, 0.0)) if timetable.report_session >= 0 else -1,
        )
