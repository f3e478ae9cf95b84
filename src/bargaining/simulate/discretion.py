"""The district's discretion over staffing and class size: a premium on the union's non-pay items above
their cost, which a strike's public pressure wears away.

Why a premium: class size and staffing are permissive subjects in many states, and school boards are
advised to keep them out of the contract because a term once in binds until the union agrees to take it
out, so a board weighs an item beyond what it costs this contract. Why pressure wears it away: what a
board risks by refusing such items is a public campaign against it (the same guidance says so), and a
strike is that campaign; once the pressure of the days lost outweighs the premium, the board weighs an
item at its cost. Nothing here says when items are given: on each strike day the district's and the
union's offers (``bargaining.simulate.protocol.OfferTable``) follow from that day's utilities, so items
are won in a strike only where, at the pressure reached, they have become the district's cheapest way to
give the members what they value.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from bargaining.analysis import nash_point
from bargaining.simulate.dispute import DisputeModel, Outcomes
from bargaining.simulate.protocol import FloatArray, OfferTable


def granted(outcomes: Outcomes, issue: int) -> FloatArray:
    """Each package's share of the way from the district's position to the union's on ``issue``."""
    values = outcomes.values[:, issue]
    low, high = values[0], values[-1]  # the grid runs from the district's position to the union's
    share: FloatArray = (values - low) / (high - low)
    return share


Tables = tuple[OfferTable, OfferTable]  # the union's, the district's


def discretion_tables(
    outcomes: Outcomes, premium: float, issue: int, rate: float, days: int
) -> tuple[Tables, tuple[Tables, ...]]:
    """The offer tables before a strike and on each of ``days`` strike days. The district's ``premium``
    on ``issue`` (in its utility, the whole dollar gap being 1: the premium of all the union's items) is
    taken off each package in proportion to the items it grants; on strike day d (from 0) the public
    pressure so far, ``rate`` (d + 1)², is taken off the premium, never below zero. The union's
    utilities are unchanged."""
    share = granted(outcomes, issue)
    base = outcomes.district

    def tables(left: float) -> Tables:
        # In the district's utility the whole dollar gap stays 1, so a strike's costs (dollars over the
        # stakes) and the pressure keep the scale they have without a premium.
        district = base - left * share
        return OfferTable.of(outcomes.union, district), OfferTable.of(district, outcomes.union)

    before = tables(premium)
    per_day: list[Tables] = []
    last, pair = premium, before
    for day in range(days):
        left = max(premium - rate * float((day + 1) * (day + 1)), 0.0)
        if left != last:  # once the pressure has worn the premium away, the days share one pair
            last, pair = left, tables(left)
        per_day.append(pair)
    return before, tuple(per_day)


def with_discretion(model: DisputeModel, premium: float, issue: int, rate: float) -> DisputeModel:
    """The model with the district's premium on ``issue`` (``discretion_tables``): its utilities before a
    strike, both offer tables, the fact-finder's recommendation (the Nash point) and the tables of every
    strike day. A premium of 0 returns the model itself."""
    if premium <= 0.0:
        return model
    (union_table, district_table), per_day = discretion_tables(
        model.outcomes, premium, issue, rate, len(model.timetable.strike_days)
    )
    moved = dataclasses.replace(model.outcomes, district=district_table.utility)
    points = np.column_stack((moved.union, moved.district))
    return dataclasses.replace(
        model,
        outcomes=moved,
        union_table=union_table,
        district_table=district_table,
        recommendation=nash_point(points, (0.0, 0.0)) if model.timetable.report_session >= 0 else -1,
        strike_tables=per_day,
    )
