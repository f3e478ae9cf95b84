"""Statutory lines as arrays: the rate charged on pay and on one-time pay in each pay period, and the lines
capped at a wage base per member per calendar year (OASDI), costed on pay classes.

A line on ``pensionable`` or ``all`` pay is linear in pay, so it adds to the per-period rates. A ``capped``
line is not: a member stops paying once the calendar year's pay reaches the wage base. Members are grouped
by pay into at most ``CLASSES`` classes per role (exact when a role has no more distinct pays than that);
a class's members are taken to earn its average pay, and pay under a proposal moves each class by its
role's change (raises are proportional; flat schedule adds are spread by pay too, a stated simplification).
Pay earned in the calendar year before the horizon starts counts towards the first year's wage base, at
the status quo's first-period pay.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargaining.model import Calendar, Roster, Unit

FloatArray = NDArray[np.float64]
CLASSES = 16  # pay classes per role for capped lines


@dataclass(frozen=True, eq=False)
class Rollup:
    """Per pay period (P): the rate on on-schedule pay and on one-time pay of the linear lines, the rate
    on an added position's pay (capped lines at their full rate: a new hire earns below the wage base),
    and the capped lines with what costing them needs."""

    pay: FloatArray  # (P,)
    one_time: FloatArray  # (P,)
    hire: FloatArray  # (P,)
    capped_rate: FloatArray  # (L, P) rate of each capped line
    capped_base: FloatArray  # (L, P) wage base per member of the period's calendar year
    year_start: NDArray[np.intp]  # (P,) first period of the period's calendar year
    carried: FloatArray  # (P,) periods of the first calendar year paid before the horizon (0 elsewhere)
    share: FloatArray  # (G, C) share of the role's pay in each class
    heads: FloatArray  # (G, C) members in each class (1 for empty padding classes, whose share is 0)
    before: FloatArray | None = None  # (P,) the capped lines on status-quo pay, once the context knows it

    @property
    def has_capped(self) -> bool:
        return bool(self.capped_rate.shape[0] > 0)


def rollup_of(unit: Unit, calendar: Calendar, roles: tuple[str, ...]) -> Rollup:
    starts = calendar.period_starts()
    lines = unit.statutory
    if not lines:  # the old single rate, charged on all pay
        rate = np.array([unit.statutory_rate.at(day) for day in starts])
        empty = np.zeros((0, len(starts)))
        return Rollup(
            rate,
            rate,
            rate,
            empty,
            empty,
            np.zeros(len(starts), dtype=np.intp),
            np.zeros(len(starts)),
            np.zeros((len(roles), 0)),
            np.ones((len(roles), 0)),
        )
    linear = [line for line in lines if line.base != "capped"]
    capped = [line for line in lines if line.base == "capped"]
    pay = np.array([sum(line.pay_rate(day) for line in linear) for day in starts])
    one_time = np.array([sum(line.one_time_rate(day) for line in linear) for day in starts])
    capped_rate = np.array([[line.pay_rate(day) for day in starts] for line in capped]).reshape(
        len(capped), len(starts)
    )
    capped_base = np.array(
        [
            [line.wage_base.at(dt.date(day.year, 12, 31)) if line.wage_base else np.inf for day in starts]
            for line in capped
        ]
    ).reshape(len(capped), len(starts))
    years = np.array([day.year for day in starts])
    year_start = np.searchsorted(years, years, side="left").astype(np.intp)
    carried = np.zeros(len(starts))
    before = [
        d
        for d in dataclasses.replace(
            calendar, first_year=calendar.first_year - 1, last_year=calendar.first_year - 1
        ).period_starts()
        if d.year == starts[0].year
    ]
    carried[years == starts[0].year] = len(before)
    share, heads = pay_classes(unit.roster, roles)
    return Rollup(
        pay,
        one_time,
        pay + capped_rate.sum(axis=0),
        capped_rate,
        capped_base,
        year_start,
        carried,
        share,
        heads,
    )


def pay_classes(roster: Roster, roles: tuple[str, ...]) -> tuple[FloatArray, FloatArray]:
    """(G, C) share of each role's pay and members in each pay class."""
    share = np.zeros((len(roles), CLASSES))
    heads = np.ones((len(roles), CLASSES))
    role_of = np.array(roster.roles)
    for g, role in enumerate(roles):
        pay = np.sort(roster.pay[role_of == role])
        total = pay.sum()
        if pay.size == 0 or total <= 0:
            continue
        values, counts = np.unique(pay, return_counts=True)
        if values.size <= CLASSES:
            groups = [(v * c, c) for v, c in zip(values, counts, strict=True)]
        else:
            groups = [(part.sum(), part.size) for part in np.array_split(pay, CLASSES)]
        for c, (amount, count) in enumerate(groups):
            share[g, c], heads[g, c] = amount / total, count
    return share, heads


def _within_year(values: FloatArray, r: Rollup) -> FloatArray:
    """Cumulative sums along the last axis (periods), restarting at each calendar year."""
    cumulative = np.cumsum(values, axis=-1)
    padded = np.concatenate([np.zeros((*values.shape[:-1], 1)), cumulative], axis=-1)
    result: FloatArray = cumulative - padded[..., r.year_start]
    return result


def _capped(r: Rollup, pay: FloatArray, sq: FloatArray) -> FloatArray:
    """(V, P) the capped lines on pay (V, G, P), ``sq`` (G, P) giving the pay carried in from before the
    horizon. A member's pay is the role's pay times the class's share per member, so the calendar-year
    sums are taken once per role; a class whose members never reach the lowest wage base is charged on
    all its pay (linear), and only the classes that may reach it are worked period by period."""
    size, _, n_periods = pay.shape
    out = np.zeros((size, n_periods))
    per_member = r.share / r.heads  # (G, C)
    cum_role = _within_year(pay, r)  # (V, G, P)
    carry = sq[:, None, :1] * per_member[:, :, None] * r.carried  # (G, C, P)
    reach = cum_role.max(axis=(0, 2))[:, None] * per_member + carry.max(axis=2)  # (G, C) most in a year
    for rate, base in zip(r.capped_rate, r.capped_base, strict=True):
        below = reach < base.min()  # (G, C) never at the base
        linear = (r.share * below).sum(axis=1)  # (G,) share of each role's pay always charged
        out += rate * np.einsum("vgp,g->vp", pay, linear)
        for g, c in zip(*np.nonzero(~below & (r.share > 0)), strict=True):
            cum = cum_role[:, g, :] * per_member[g, c] + carry[g, c]  # (V, P)
            taxed = np.minimum(cum, base) - np.minimum(cum - pay[:, g, :] * per_member[g, c], base)
            out += rate * taxed * r.heads[g, c]
    return out


def capped_status_quo(r: Rollup, sq: FloatArray) -> FloatArray:
    """(P,) the capped lines on status-quo pay ``sq`` (G, P)."""
    if not r.has_capped:
        return np.zeros(sq.shape[-1])
    result: FloatArray = _capped(r, sq[None], sq)[0]
    return result


def capped_cost(r: Rollup, pay: FloatArray, one_time: FloatArray, sq: FloatArray) -> FloatArray:
    """(V, P) the capped lines' increase over the status quo: pay (V, G, P) and one-time pay (V, G, P)
    under the proposal, ``sq`` (G, P) status-quo pay."""
    if not r.has_capped:
        return np.zeros((pay.shape[0], pay.shape[-1]))
    before = r.before if r.before is not None else capped_status_quo(r, sq)
    result: FloatArray = _capped(r, pay + one_time, sq) - before[None, :]
    return result
