"""The dispute as a model: its timetable, the packages in play and what each side makes of them.

Built once per case from the ``simulation:`` section; frozen and picklable, so a Dask worker receives it
whole. The engine (``bargaining.simulate.engine``) runs it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from bargaining.analysis import nash_point
from bargaining.inputs.simulation import IssueSpec, SimulationSpec
from bargaining.model import Case
from bargaining.simulate.draws import Inputs
from bargaining.simulate.lawful import calendar_warnings, pack_holidays, rule_pack
from bargaining.simulate.protocol import FloatArray, OfferTable
from bargaining.simulate.strike import StrikeFacts, counted_days, strike_inputs
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
]

STRIKE_EVENT = "event.strike_vote"
_NEGOTIATOR_KEYS = ("exponent", "reserved", "reciprocity", "min_concession")


def school_holidays(case: Case, spec: SimulationSpec) -> tuple[dt.date, ...]:
    """Days without school: the calendar's own and the holidays of the case's rule pack, if it has one."""
    own = spec.calendar.holidays if spec.calendar is not None else ()
    first = spec.calendar.start if spec.calendar is not None else dt.date(1900, 1, 1)
    if spec.strike is not None and spec.strike.first_day is not None:
        first = min(first, spec.strike.first_day)
    pack = pack_holidays(rule_pack(case.jurisdiction), first, first + dt.timedelta(days=3 * 366))
    return tuple(sorted({*own, *pack}))


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
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, case: Case, spec: SimulationSpec) -> DisputeModel:
        """Build from a validated section; ValueError names what is missing."""
        missing = [k for k in ("calendar", "issues", "union", "district", "strike") if not getattr(spec, k)]
        if missing:
            raise ValueError(f"simulation needs {', '.join(missing)} (see docs/case-format.md, 'simulation')")
        assert spec.calendar and spec.union and spec.district and spec.strike
        timetable = Timetable.of(spec.calendar, school_holidays(case, spec))
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
            warnings=calendar_warnings(rule_pack(case.jurisdiction), timetable, spec.calendar.imposition),
        )
