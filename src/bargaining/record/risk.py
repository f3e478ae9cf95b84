"""Impasse risk: a score from 0 to 1 with the reasons a person can check against the record.

Each sign of trouble contributes a share c in [0, 1]; the score combines them as independent warnings,
``1 - prod(1 - c)``, so one strong sign can carry it and several weak ones add up without passing 1.
The weights below are judgement, not statute: they rank disputes, they do not predict a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from bargaining.record.ledger import Ledger
from bargaining.record.movement import TOTAL, Movement

# Contribution of being in each public state of the impasse procedure.
STATE_WEIGHT = {
    "bargaining": 0.0,
    "impasse_declared": 0.5,
    "impasse_disputed": 0.5,  # as a declared impasse: the dispute is over the name, not the deadlock
    "mediation": 0.5,
    "factfinding": 0.6,
    "post_impasse": 0.7,
    "intervention_pending": 0.8,
    "strike": 0.9,
}
STATE_WORDS = {
    "impasse_declared": "declared impasse",
    "impasse_disputed": "an impasse declared by one side and disputed by the other",
    "post_impasse": "post-impasse (procedures exhausted)",
    "intervention_pending": "a pending state intervention",
    "strike": "a strike",
}
SETTLED = ("tentative_agreement", "ratified", "in_effect")
STALL_WEIGHT, STALL_FULL = 0.5, 4  # full weight at 4 contacts without movement
STALL_MIN = 2  # fewer contacts without movement is ordinary
NO_COUNTER_WEIGHT, NO_COUNTER_FULL = 0.4, 3  # full weight at 3 proposals in a row without a counter
NO_COUNTER_WAIT = 30  # days a single proposal may wait before it counts
PACE_WEIGHT, PACE_FULL_MONTHS = 0.5, 6.0  # full weight when the gap closes 6+ months after expiration
MONTH = 365.25 / 12  # days
SIDE_NAMES = {"employer": "district", "union": "union"}


@dataclass(frozen=True)
class Factor:
    code: str
    share: float
    reason: str


@dataclass(frozen=True)
class ImpasseRisk:
    score: float
    reasons: tuple[str, ...]
    factors: tuple[Factor, ...]


def impasse_risk(
    movement: Movement,
    ledger: Ledger,
    state: str,
    since: dt.date | None,
    expires: dt.date | None,
) -> ImpasseRisk:
    if state in SETTLED:
        when = f" since {since}" if since is not None else ""
        reason = f"settled: {state.replace('_', ' ')}{when}"
        return ImpasseRisk(0.0, (reason,), (Factor("settled", 0.0, reason),))
    factors = [*_state(state, since), *_stalls(movement, ledger), *_no_counter(movement)]
    factors.extend(_pace(movement, expires))
    shares = np.array([f.share for f in factors], dtype=np.float64)
    score = float(1.0 - np.prod(1.0 - shares)) if shares.size else 0.0
    ranked = sorted(factors, key=lambda f: -f.share)
    return ImpasseRisk(score, tuple(f.reason for f in ranked), tuple(ranked))


def _state(state: str, since: dt.date | None) -> list[Factor]:
    share = STATE_WEIGHT.get(state, 0.0)
    if share == 0.0:
        return []
    when = f" since {since}" if since is not None else ""
    return [Factor("process", share, f"the dispute has been in {STATE_WORDS.get(state, state)}{when}")]


def _label(item: str) -> str:
    return f"Art. {item}" if item[:1].isdigit() else item


def _stalls(movement: Movement, ledger: Ledger) -> list[Factor]:
    closed = {a.name for a in ledger.articles if a.status != "open"}
    worst = None
    for track in movement.tracks:
        if (
            track.item == TOTAL
            or track.item in closed
            or track.stalled_sessions < STALL_MIN
            or not track.apart
        ):
            continue
        if worst is None or track.stalled_sessions > worst.stalled_sessions:
            worst = track
    if worst is None:
        return []
    share = STALL_WEIGHT * min(1.0, worst.stalled_sessions / STALL_FULL)
    count, since = worst.stalled_sessions, worst.last_moved
    reason = f"no movement on {_label(worst.item)} for {count} sessions (since {since})"
    return [Factor("stall", share, reason)]


def _no_counter(movement: Movement) -> list[Factor]:
    factors = []
    for side, name in SIDE_NAMES.items():
        mine = [u for u in movement.uncountered if u.party == side]
        if not mine:
            continue
        count = len(mine)
        if count == 1 and mine[0].days_waiting < NO_COUNTER_WAIT:
            continue
        if count == 1:
            reason = (
                f"the {name}'s proposal of {mine[0].date} has had no counter for {mine[0].days_waiting} days"
            )
        else:
            reason = f"the {name}'s last {count} proposals got no counter"
        factors.append(Factor("no_counter", NO_COUNTER_WEIGHT * min(1.0, count / NO_COUNTER_FULL), reason))
    return factors


def _pace(movement: Movement, expires: dt.date | None) -> list[Factor]:
    """Will the money gap close before the contract expires, at the pace of the positions so far? Once it
    has expired (or when it has no date), the question is how long from today."""
    total = next((p for p in movement.projections if p.item == TOTAL), None)
    if total is None or abs(total.gap) <= 0.5:
        return []
    if total.closes is None:
        return [
            Factor("pace", PACE_WEIGHT, "at the current pace the gap between the packages is not closing")
        ]
    if expires is not None and expires >= movement.as_of:
        months = (total.closes - expires).days / MONTH
        reason = (
            f"at the current pace the gap between the packages closes {_months(months)} after "
            f"the contract expires ({expires}), on {total.closes}"
        )
    else:
        months = (total.closes - movement.as_of).days / MONTH
        expired = f"the contract expired on {expires}; " if expires is not None else ""
        reason = (
            f"{expired}at the current pace the gap between the packages closes on {total.closes}, "
            f"{_months(months)} from now"
        )
    if months <= 0:
        return []
    return [Factor("pace", PACE_WEIGHT * min(1.0, months / PACE_FULL_MONTHS), reason)]


def _months(months: float) -> str:
    whole = round(months)
    if whole < 1:
        return "less than a month"
    return f"about {whole} month{'s' if whole != 1 else ''}"
