"""Run the dispute for a batch of runs in lockstep: sessions, the fact-finder's report, the strike
decision, strike days with mounting costs, settlement, imposition or stalemate.

Each session the district proposes and the union answers, then the union proposes and the district
answers (the alternating-offers protocol of ``bargaining.simulate.protocol``, two rounds a session).
Relative time runs from 0 at the first session to 1 at the last one before a strike is possible; on
strike days it stays at 1 and the sides move only as their costs of disagreement change their floors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargaining.simulate.dispute import (
    IMPOSED,
    RETURNED,
    STRIKE,
    STRIKE_EVENT,
    UNRESOLVED,
    DisputeModel,
)
from bargaining.simulate.protocol import BoolArray, FloatArray, IntArray, Side, Strategy, Values, exchange
from bargaining.simulate.strategies import reservation_aware, time_dependent, tit_for_tat
from bargaining.simulate.strike import strike_day


@dataclass(frozen=True, eq=False)
class RunTable:
    """One row per run. ``settle_day`` counts calendar days from the timetable's start (-1: never);
    costs are each side's strike cost in dollars (members' net lost pay; the district's net)."""

    first_run: int
    phase: NDArray[np.int8]
    outcome: IntArray
    strike_days: NDArray[np.int32]
    settle_day: NDArray[np.int32]
    union_cost: FloatArray
    district_cost: FloatArray
    inputs: dict[str, FloatArray]
    quantiles: FloatArray

    def __len__(self) -> int:
        return int(self.phase.size)


def build_strategy(name: str, values: dict[str, Values], side: str) -> Strategy:
    def value(key: str) -> Values:
        return values[f"{side}.{key}"]

    if name == "tit_for_tat":
        return tit_for_tat(value("reciprocity"), value("min_concession"))
    if name == "reservation_aware":
        return reservation_aware(value("exponent"))
    return time_dependent(1.0 if name == "linear" else value("exponent"))


class _Ledger:
    """Settlements as they happen: each run settles once, on its first agreement."""

    def __init__(self, runs: int) -> None:
        self.live = np.ones(runs, dtype=bool)
        self.phase = np.full(runs, UNRESOLVED, dtype=np.int8)
        self.outcome = np.full(runs, -1, dtype=np.intp)
        self.day = np.full(runs, -1, dtype=np.int32)

    def settle(self, agreed: BoolArray, outcome: IntArray | int, phase: int, day: int) -> None:
        newly = agreed & self.live
        if newly.any():
            np.copyto(self.outcome, outcome, where=newly)
            self.phase[newly] = phase
            self.day[newly] = day
            self.live &= ~newly


def _session(
    model: DisputeModel,
    union: Side,
    district: Side,
    k: int,
    t: float,
    ledger: _Ledger,
    phase: int,
    day: int,
    rng: np.random.Generator,
) -> IntArray:
    """District proposes, union answers; union proposes, district answers. Returns the district's offer."""
    rounds = model.timetable.sessions
    offer, yes = exchange(district, union, k, rounds, t, rng, first=k == 0)
    ledger.settle(yes, offer, phase, day)
    counter, yes = exchange(union, district, k, rounds, t, rng, first=k == 0)
    ledger.settle(yes, counter, phase, day)
    return offer


def run_dispute(model: DisputeModel, seed: int, first_run: int, runs: int) -> RunTable:
    """Runs ``first_run`` .. ``first_run + runs - 1``; each run's numbers depend only on its index."""
    values, u = model.inputs.draw(seed, first_run, runs)
    values = _shifted(values, model.reserved_shift)
    return _play(model, values, u, seed, first_run, runs, model.strike_cost_weight)


def _shifted(values: dict[str, Values], shift: tuple[Values, Values]) -> dict[str, Values]:
    """Each side's drawn reserved value moved by its shift (union's, district's), kept within 0-1."""
    moved = dict(values)
    for side, by in zip(("union", "district"), shift, strict=True):
        if np.any(np.asarray(by) != 0.0):
            moved[f"{side}.reserved"] = np.clip(np.asarray(values[f"{side}.reserved"]) + by, 0.0, 1.0)
    return moved


def strike_shares(
    model: DisputeModel, seed: int, runs: int, shifts: Sequence[float], weights: Sequence[float]
) -> FloatArray:
    """P(strike) at each weight on a strike's money cost (rows) and shift of both sides' reserved values
    (columns), in one batch: every pair plays the same ``runs`` draws (common random numbers)."""
    values, u = model.inputs.draw(seed, 0, runs)
    pairs = len(shifts) * len(weights)
    tiled: dict[str, Values] = {
        name: np.tile(np.broadcast_to(v, (runs,)), pairs) if np.ndim(v) else v for name, v in values.items()
    }
    shift = np.repeat(np.tile(np.asarray(shifts, dtype=np.float64), len(weights)), runs)
    weight = np.repeat(np.repeat(np.asarray(weights, dtype=np.float64), len(shifts)), runs)
    tiled = _shifted(tiled, (shift, shift))
    table = _play(model, tiled, np.tile(u, (pairs, 1)), seed, 0, runs * pairs, weight)
    struck = (table.strike_days > 0).reshape(len(weights), len(shifts), runs)
    shares: FloatArray = struck.mean(axis=2)
    return shares


def _play(
    model: DisputeModel,
    values: dict[str, Values],
    u: FloatArray,
    seed: int,
    first_run: int,
    runs: int,
    cost_weight: Values,
) -> RunTable:
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(first_run,)))  # unused by built-ins
    union = Side(
        model.union_table,
        build_strategy(model.strategies[0], values, "union"),
        values["union.reserved"],
        runs,
    )
    district = Side(
        model.district_table,
        build_strategy(model.strategies[1], values, "district"),
        values["district.reserved"],
        runs,
    )
    ledger = _Ledger(runs)
    timetable = model.timetable
    last = timetable.sessions - 1
    last_offer: IntArray = np.zeros(runs, dtype=np.intp)
    rec = model.recommendation
    for k, (day, phase) in enumerate(zip(timetable.session_offsets, timetable.session_phases, strict=True)):
        t = k / last if last else 1.0
        if k == timetable.report_session and rec >= 0:
            # Both sides weigh the fact-finder's recommendation against what they aim for now.
            yes = union.accepts(model.outcomes.union[rec], union.aim(k, last + 1, t, rng)) & district.accepts(
                model.outcomes.district[rec], district.aim(k, last + 1, t, rng)
            )
            ledger.settle(np.broadcast_to(yes, (runs,)), rec, phase, day)
        offer = _session(model, union, district, k, t, ledger, phase, day, rng)
        last_offer = np.where(ledger.live, offer, last_offer)
    # Procedures are exhausted: the union strikes if its members authorise it; otherwise the district
    # imposes its last offer where the law lets it, or the dispute stays unresolved.
    decision_day = timetable.offset(timetable.strike_start)
    striking = ledger.live & (model.inputs.event(STRIKE_EVENT, u) < values["union.strike_authorization"])
    if model.anticipated_days > 0:
        # The union weighs a strike of the typical length: it strikes only when the district's last offer
        # is worth less to it than its floor net of what such a strike costs its members (lost pay, fines).
        cost = cost_weight * _anticipated(model, values) / model.stakes
        offered = model.outcomes.union[last_offer]
        striking &= offered < union.reserved - cost
    if model.imposition:
        ledger.settle(ledger.live & ~striking, last_offer, IMPOSED, decision_day)
    elif model.yield_without_strike:
        # Procedures are over and the union will not strike: it takes the district's last offer.
        ledger.settle(ledger.live & ~striking, last_offer, timetable.session_phases[-1], decision_day)
    striking &= ledger.live
    union_cost, district_cost = np.zeros(runs), np.zeros(runs)
    days_out = np.zeros(runs, dtype=np.int32)
    for d, (date, counted) in enumerate(zip(timetable.strike_days, model.counted, strict=True)):
        out = striking & ledger.live
        if not out.any():
            break
        priced = strike_day(model.facts, values, counted, d, d == model.count_day)
        union_cost += np.where(out, priced.members_net, 0.0)
        district_cost += np.where(out, priced.district_net, 0.0)
        days_out += out
        pressure = values["strike.pressure_per_day"] * float((d + 1) * (d + 1))
        union.cost = union_cost / model.stakes + pressure
        district.cost = district_cost / model.stakes + pressure
        if model.strike_tables:
            union.table, district.table = model.strike_tables[d]
        offer = _session(
            model, union, district, last + 1 + d, 1.0, ledger, STRIKE, timetable.offset(date), rng
        )
        last_offer = np.where(ledger.live, offer, last_offer)
    final_day = timetable.offset(timetable.strike_days[-1])
    ledger.settle(striking & ledger.live, last_offer, RETURNED, final_day)
    return RunTable(
        first_run=first_run,
        phase=ledger.phase,
        outcome=ledger.outcome,
        strike_days=days_out,
        settle_day=ledger.day,
        union_cost=union_cost,
        district_cost=district_cost,
        inputs={name: np.broadcast_to(values[name], (runs,)) for name in model.inputs.names},
        quantiles=u[:, : len(model.inputs.names)],
    )


def _anticipated(model: DisputeModel, values: dict[str, Values]) -> Values:
    """What a strike of the typical length costs the members, day by day (slack, rising fines)."""
    whole = int(model.anticipated_days)
    part = model.anticipated_days - whole
    total: Values = 0.0
    for d in range(min(whole + (part > 0), len(model.counted))):
        day = strike_day(model.facts, values, model.counted[d], d, d == model.count_day)
        total = total + day.members_net * (part if d == whole else 1.0)
    return total
