"""Strike economics: what one strike day costs the members and the district.

Members lose the daily pay of those out (salary x FTE / work days), less strike pay from the union's
fund, less what comes back (days made up later are worked and paid, once the strike has used up the
calendar's slack; a share of the rest may be returned in the settlement), plus fines on the union where
the law forbids strikes (rising day by day where courts escalate them). The district saves the withheld
wages and the roll-up on them, pays substitutes and its other strike costs, loses attendance-based
revenue (dollars per absent student per day, only on counted days where funding follows a count date),
loses a pupil count's funding when the strike covers the count's whole window, pays back made-up and
recovered wages, and pays the non-pay cost of make-up days and any penalties. A positive net is a loss;
a negative net, a saving.

Every input may be a number or an array with one value per run, so one call prices a day for a whole
Monte Carlo batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np

from bargaining.model import STRIKE_QUANTITIES, Case, StrikeSpec, month_day
from bargaining.simulate.draws import Inputs
from bargaining.simulate.protocol import BoolArray, Values

PREFIX = "strike."
# The strike block's numbers that may be distributions (the rest are dates and switches).
QUANTITIES = STRIKE_QUANTITIES


@dataclass(frozen=True)
class StrikeFacts:
    """What the case fixes: the unit's daily payroll and size, and the roll-up rate on its pay."""

    daily_payroll: float
    members: int
    rollup: float

    @classmethod
    def of(cls, case: Case, spec: StrikeSpec, on: dt.date) -> StrikeFacts:
        roster = case.unit.roster
        return cls(
            daily_payroll=float(roster.pay.sum()) / spec.work_days,
            members=roster.headcount,
            rollup=case.unit.statutory_rate.at(on),
        )


def strike_inputs(spec: StrikeSpec) -> dict[str, object]:
    """The strike block's quantities keyed ``strike.NAME``, ready for ``Inputs.of``."""
    return {PREFIX + name: getattr(spec, name) for name in QUANTITIES}


@dataclass(frozen=True)
class StrikeDay:
    """One strike day, per run. Member lines are what members lose; district lines are its cost."""

    strikers: Values
    absent_students: Values
    pay_withheld: Values
    strike_pay: Values
    pay_made_up: Values
    pay_recovered: Values
    union_penalties: Values
    members_net: Values
    wages_withheld: Values
    rollup_withheld: Values
    substitutes: Values
    revenue_lost: Values
    wages_repaid: Values
    makeup_costs: Values
    penalties: Values
    other_costs: Values
    district_net: Values

    @classmethod
    def lines(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


def strike_day(
    facts: StrikeFacts,
    values: Mapping[str, Values],
    counted: bool | BoolArray = True,
    day: int = 0,
    count_closes: bool = False,
) -> StrikeDay:
    """Price one strike day. ``values`` holds the ``strike.*`` quantities (numbers or per-run arrays);
    ``counted`` says whether attendance revenue is lost that day; ``day`` is the strike's day (0 the
    first): days within the calendar's slack are not made up, and a contempt fine rises day by day;
    ``count_closes``: the strike has covered every school day of a pupil count's window, whose funding
    is lost today."""

    def v(name: str) -> Values:
        return values[PREFIX + name]

    participation = v("participation")
    withheld = participation * facts.daily_payroll
    strikers = participation * facts.members
    strike_pay = strikers * v("strike_fund_per_day")
    # A day beyond the calendar's slack must be made up (where the law requires the days).
    makeup = v("makeup_share") * np.greater_equal(day, v("makeup_slack"))
    made_up = makeup * withheld
    recovered = v("recovered_share") * (withheld - made_up)
    absent = np.maximum(v("attendance") - v("strike_attendance"), 0.0)
    revenue = absent * v("revenue_per_absent_student_day") * np.asarray(counted, dtype=np.float64)
    if count_closes:
        revenue = revenue + v("count_loss")
    substitutes = v("substitutes") * v("substitute_daily_rate")
    repaid = (made_up + recovered) * (1.0 + facts.rollup)
    makeup_costs = makeup * v("makeup_day_cost")
    penalties, other = v("penalties_per_day"), v("other_daily_cost")
    fines = v("union_penalties_per_day") + day * v("union_penalty_growth")
    wages, rollup = -withheld, -withheld * facts.rollup
    return StrikeDay(
        strikers=strikers,
        absent_students=absent,
        pay_withheld=withheld,
        strike_pay=strike_pay,
        pay_made_up=made_up,
        pay_recovered=recovered,
        union_penalties=fines,
        members_net=withheld - strike_pay - made_up - recovered + fines,
        wages_withheld=wages,
        rollup_withheld=rollup,
        substitutes=substitutes,
        revenue_lost=revenue,
        wages_repaid=repaid,
        makeup_costs=makeup_costs,
        penalties=penalties,
        other_costs=other,
        district_net=revenue + substitutes + repaid + makeup_costs + penalties + other + wages + rollup,
    )


def school_days(first: dt.date, count: int, holidays: tuple[dt.date, ...] = ()) -> list[dt.date]:
    """``count`` weekdays from ``first`` (rolled forward to a school day), skipping ``holidays``."""
    days = np.busday_offset(
        np.datetime64(first, "D"), np.arange(count), roll="forward", holidays=list(holidays)
    )
    return [day.item() for day in days]


def count_closing_day(days: list[dt.date], window: tuple[str, str] | None) -> int:
    """The strike day (0 the first) on which a strike from ``days[0]`` has covered every school day of
    the count window (MM-DD to MM-DD, within one calendar year): its last school day, when the strike
    began on or before the window opened; -1 when no such day is among ``days``."""
    if window is None or not days:
        return -1
    start, end = month_day(window[0]), month_day(window[1])
    for year in sorted({day.year for day in days}):
        opens, closes = dt.date(year, *start), dt.date(year, *end)
        inside = [i for i, day in enumerate(days) if opens <= day <= closes]
        if inside and days[0] <= opens and days[-1] >= closes:
            return inside[-1]
    return -1


def counted_days(days: list[dt.date], window: tuple[str, str] | None) -> list[bool]:
    """Which days lose attendance revenue: all of them, or those inside the MM-DD window (which may
    wrap round the new year)."""
    if window is None:
        return [True] * len(days)
    start, end = month_day(window[0]), month_day(window[1])

    def inside(day: dt.date) -> bool:
        key = (day.month, day.day)
        return start <= key <= end if start <= end else key >= start or key <= end

    return [inside(day) for day in days]


@dataclass(frozen=True)
class StrikeTable:
    """A strike of ``len(days)`` days priced day by day at the inputs' expected values, with the 5th and
    95th percentiles of each side's cumulative net over ``runs`` draws of the uncertain inputs."""

    days: tuple[dt.date, ...]
    counted: tuple[bool, ...]
    expected: tuple[StrikeDay, ...]
    members_low: tuple[float, ...]
    members_high: tuple[float, ...]
    district_low: tuple[float, ...]
    district_high: tuple[float, ...]
    uncertain: tuple[str, ...]
    runs: int


def strike_table(
    facts: StrikeFacts,
    spec: StrikeSpec,
    first_day: dt.date,
    days: int,
    holidays: tuple[dt.date, ...] = (),
    runs: int = 10_000,
    seed: int = 0,
) -> StrikeTable:
    """Price ``days`` strike days from ``first_day``; see StrikeTable."""
    inputs = Inputs.of(strike_inputs(spec))  # type: ignore[arg-type]
    dates = school_days(first_day, days, holidays)
    counted = counted_days(dates, spec.revenue_window)
    means = inputs.means()
    closes = count_closing_day(dates, spec.count_window)
    expected = tuple(strike_day(facts, means, flag, d, d == closes) for d, flag in enumerate(counted))
    drawn, _ = inputs.draw(seed, 0, runs)
    members = np.zeros(runs)
    district = np.zeros(runs)
    bands: list[tuple[float, float, float, float]] = []
    for d, flag in enumerate(counted):
        day = strike_day(facts, drawn, flag, d, d == closes)
        members = members + day.members_net
        district = district + day.district_net
        m_low, m_high = np.percentile(np.broadcast_to(members, (runs,)), [5, 95])
        d_low, d_high = np.percentile(np.broadcast_to(district, (runs,)), [5, 95])
        bands.append((float(m_low), float(m_high), float(d_low), float(d_high)))
    return StrikeTable(
        days=tuple(dates),
        counted=tuple(counted),
        expected=expected,
        members_low=tuple(b[0] for b in bands),
        members_high=tuple(b[1] for b in bands),
        district_low=tuple(b[2] for b in bands),
        district_high=tuple(b[3] for b in bands),
        uncertain=inputs.names,
        runs=runs,
    )
