"""Bilateral alternating offers over n outcomes, batched over runs that advance in lockstep.

Vocabulary (as in the negotiation literature): an *outcome* is one package, each side has a *utility* for
every outcome and a *reserved value* (what no agreement is worth to it). A *strategy* is a plain function
``(state, rng) -> target`` giving, for every run, the utility the side aims for this round (its aspiration).

The protocol: round k (0-based) has one offer. Side A proposes in even rounds, B in odd rounds. The proposer
offers, among the outcomes it values at least its target, the one its opponent values most (so offers move
along the proposer's own utility level toward the opponent). The responder accepts when the offer is worth
at least its own target for round k and at least its reserved value net of any cost of disagreement;
an offer worth less than the proposer's own reserved value (which only happens when nothing reaches it)
binds nobody.
Relative time is ``k / (rounds - 1)`` (1 when there is a single round).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]
Values = FloatArray | float  # one number for every run, or one per run

# Utilities are compared with this slack so a target computed as 0.5000000000000001 still admits 0.5.
TOLERANCE = 1e-9


class NegotiationState(NamedTuple):
    """What one side knows when it sets its target: numbers, or arrays with one entry per run.

    ``target`` is the side's previous target (its best utility before its first round). ``offered`` and
    ``opening`` are its utilities of the opponent's latest and first offers (NaN until made). ``cost`` is
    its accumulated cost of disagreement in its own utility units (a strike's lost pay or revenue; zero
    in the plain protocol; negative when disagreement saves it money).
    """

    round: int
    rounds: int
    time: float
    runs: int
    best: float
    reserved: Values
    cost: Values
    target: Values
    offered: Values
    opening: Values


Strategy = Callable[[NegotiationState, np.random.Generator], "Values"]


class Agreements(NamedTuple):
    """Per run: the agreed outcome index (-1 for none) and the round of agreement (-1 for none)."""

    outcome: IntArray
    round: IntArray


@dataclass(frozen=True, eq=False)
class OfferTable:
    """One side's view of the outcomes, precomputed so an offer for any target is one binary search.

    ``levels`` holds the side's utilities in descending order; ``pick[j]`` is the outcome the opponent
    values most among the j+1 outcomes the side values most (ties go to the side's own preference).
    """

    utility: FloatArray
    levels: FloatArray
    pick: IntArray
    best: float
    worst: float

    @classmethod
    def of(cls, own: FloatArray, other: FloatArray) -> OfferTable:
        order = np.argsort(-own, kind="stable")
        theirs = other[order]
        running = np.maximum.accumulate(theirs)
        # A position is a new record when it beats every earlier one; the latest record is the pick.
        record = np.empty(theirs.size, dtype=bool)
        record[0] = True
        np.greater(theirs[1:], running[:-1], out=record[1:])
        last_record = np.maximum.accumulate(np.where(record, np.arange(theirs.size), 0))
        levels = -own[order]
        return cls(own, levels, order[last_record], float(-levels[0]), float(-levels[-1]))

    def offer(self, target: Values) -> IntArray:
        """The outcome offered for each target (the side's own best when the target exceeds it)."""
        count = np.searchsorted(self.levels, TOLERANCE - target, side="right")
        index: IntArray = self.pick[np.maximum(count - 1, 0)]
        return index


def check_utilities(utilities_a: ArrayLike, utilities_b: ArrayLike) -> tuple[FloatArray, FloatArray]:
    a = np.asarray(utilities_a, dtype=np.float64)
    b = np.asarray(utilities_b, dtype=np.float64)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape or a.size == 0:
        raise ValueError(
            f"utilities must be two 1-d arrays over the same n >= 1 outcomes, got {a.shape} and {b.shape}"
        )
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("utilities must be finite numbers")
    return a, b


def relative_time(round_index: int, rounds: int) -> float:
    return round_index / (rounds - 1) if rounds > 1 else 1.0


def per_run(value: ArrayLike, runs: int, name: str) -> Values:
    """A number, or an array of one value per run; kept a plain float when it is one number (faster)."""
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return float(array)
    if array.shape != (runs,):
        raise ValueError(
            f"{name} must be a number or an array of {runs} values (one per run), got shape {array.shape}"
        )
    return array


class Side:
    """The evolving knowledge of one side across rounds (all runs at once).

    Quantities stay plain floats while they are the same for every run, so a single negotiation costs
    a few microseconds a round; they become arrays as soon as any run differs.
    """

    def __init__(self, table: OfferTable, strategy: Strategy, reserved: ArrayLike, runs: int) -> None:
        self.table = table
        self.strategy = strategy
        self.runs = runs
        self.reserved: Values = per_run(reserved, runs, "reserved")
        self.cost: Values = 0.0
        self.target: Values = table.best
        self.offered: Values = np.nan
        self.opening: Values = np.nan

    def aim(self, round_index: int, rounds: int, time: float, rng: np.random.Generator) -> Values:
        """Ask the strategy for this round's target, kept within [lowest utility, best utility]."""
        table = self.table
        state = NegotiationState(
            round_index,
            rounds,
            time,
            self.runs,
            table.best,
            self.reserved,
            self.cost,
            self.target,
            self.offered,
            self.opening,
        )
        raw = self.strategy(state, rng)
        target: Values = (
            min(max(raw, table.worst), table.best)
            if isinstance(raw, float)
            else np.minimum(np.maximum(raw, table.worst), table.best)
        )
        self.target = target
        return target

    def receive(self, value: Values, first: bool) -> None:
        """Record the utility of an offer just received (settled runs are ignored by the callers)."""
        self.offered = value
        if first:
            self.opening = value

    def accepts(self, value: Values, target: Values) -> BoolArray | bool:
        """At least this round's target and at least the reserved value net of disagreement costs."""
        accepted: BoolArray | bool = (value >= target - TOLERANCE) & self.tolerates(value)
        return accepted

    def tolerates(self, value: Values) -> BoolArray | bool:
        """At least the reserved value net of disagreement costs: a proposer never binds itself below it."""
        ok: BoolArray | bool = value >= self.reserved - self.cost - TOLERANCE
        return ok


def exchange(
    proposer: Side,
    responder: Side,
    k: int,
    rounds: int,
    t: float,
    rng: np.random.Generator,
    *,
    first: bool,
) -> tuple[IntArray, BoolArray]:
    """One offer, the unit of every negotiation here (``alternating_offers`` and the dispute engine's
    sessions): the proposer offers what meets its aim; the responder takes it in (``first``: its first
    offer) and accepts where it meets its own aim and the proposer can still live with it. Returns the
    offer and where it was accepted."""
    offer = proposer.table.offer(proposer.aim(k, rounds, t, rng))
    value = responder.table.utility[offer]
    responder.receive(value, first=first)
    accepted = responder.accepts(value, responder.aim(k, rounds, t, rng))
    accepted = accepted & proposer.tolerates(proposer.table.utility[offer])
    return offer, np.asarray(accepted, dtype=bool)


def alternating_offers(
    utilities_a: ArrayLike,
    utilities_b: ArrayLike,
    strategy_a: Strategy,
    strategy_b: Strategy,
    rounds: int,
    reserved: tuple[ArrayLike, ArrayLike] = (0.0, 0.0),
    runs: int = 1,
    seed: int | np.random.SeedSequence | None = None,
) -> Agreements:
    """Run ``runs`` negotiations in lockstep; return each run's agreed outcome and round (-1 if none).

    Runs differ when a strategy is given per-run parameters (arrays of length ``runs``), when the
    reserved values are per-run arrays, or when a strategy draws from the generator, which is seeded
    from ``numpy.random.SeedSequence(seed)``.
    """
    a, b = check_utilities(utilities_a, utilities_b)
    if rounds < 1 or runs < 1:
        raise ValueError(f"rounds and runs must be at least 1, got rounds={rounds}, runs={runs}")
    sequence = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    rng = np.random.default_rng(sequence)
    sides = (
        Side(OfferTable.of(a, b), strategy_a, reserved[0], runs),
        Side(OfferTable.of(b, a), strategy_b, reserved[1], runs),
    )
    outcome = np.full(runs, -1, dtype=np.intp)
    agreed_round = np.full(runs, -1, dtype=np.intp)
    live = np.ones(runs, dtype=bool)
    remaining = runs
    for k in range(rounds):
        proposer, responder = sides[k % 2], sides[1 - k % 2]
        t = relative_time(k, rounds)
        offer, yes = exchange(proposer, responder, k, rounds, t, rng, first=k < 2)
        accepted = live & yes
        agreed = int(np.count_nonzero(accepted))
        if agreed:
            np.copyto(outcome, offer, where=accepted)
            agreed_round[accepted] = k
            live &= ~accepted
            remaining -= agreed
            if not remaining:
                break
    return Agreements(outcome, agreed_round)
