"""Negotiation strategies: plain functions of (state, rng) returning each run's target utility.

Each factory takes its parameters as a number or as an array with one value per run (so a Monte Carlo
can draw them), checks them once, and returns the strategy. None of the strategies here draws from the
generator, so their runs are reproducible whatever the batch size.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from bargaining.simulate.protocol import FloatArray, NegotiationState, Strategy, Values


def _positive(name: str, value: ArrayLike) -> FloatArray | float:
    array = np.asarray(value, dtype=np.float64)
    if array.ndim > 1 or not np.all(np.isfinite(array)) or np.any(array <= 0):
        raise ValueError(f"{name} must be a positive number or a 1-d array of them, got {value!r}")
    return float(array) if array.ndim == 0 else array


def _inverse(exponent: ArrayLike) -> Values:
    value = _positive("exponent", exponent)
    return 1.0 / value


def _curve(state: NegotiationState, floor: Values, inverse_exponent: Values) -> Values:
    """The aspiration curve: from the best utility at t=0 down to ``floor`` at t=1."""
    conceded = np.power(state.time, inverse_exponent)
    target: Values = floor + (state.best - floor) * (1.0 - conceded)
    return target


def time_dependent(exponent: ArrayLike) -> Strategy:
    """Concede from the best outcome to the reserved value as ``time ** (1 / exponent)``.

    An exponent below 1 holds firm until late (Boulware), 1 concedes evenly (linear), above 1 concedes
    early (conceder). Costs of disagreement do not move it.
    """
    inverse = _inverse(exponent)

    def strategy(state: NegotiationState, rng: np.random.Generator) -> Values:
        return _curve(state, state.reserved, inverse)

    return strategy


def boulware(exponent: ArrayLike = 0.2) -> Strategy:
    """Hold firm until near the deadline (``exponent`` below 1)."""
    return time_dependent(exponent)


def linear() -> Strategy:
    """Concede the same amount every round."""
    return time_dependent(1.0)


def conceder(exponent: ArrayLike = 5.0) -> Strategy:
    """Concede most of the way early (``exponent`` above 1)."""
    return time_dependent(exponent)


def tit_for_tat(reciprocity: ArrayLike = 1.0, min_concession: ArrayLike = 0.0) -> Strategy:
    """Concede in total as much as the opponent has (measured in one's own utility), times ``reciprocity``.

    The opponent's concession is how much better its latest offer is than its first one. Counting the
    total rather than the last step makes the target the same however often it is asked for.
    ``min_concession`` adds a concession per round so that two reciprocators do not wait on each other
    for ever. Never below the reserved value.
    """
    factor = _positive("reciprocity", reciprocity)
    step = np.asarray(min_concession, dtype=np.float64)
    if step.ndim > 1 or not np.all(np.isfinite(step)) or np.any(step < 0):
        raise ValueError(f"min_concession must be zero or more, got {min_concession!r}")

    def strategy(state: NegotiationState, rng: np.random.Generator) -> Values:
        gained = np.nan_to_num(state.offered - state.opening, nan=0.0)
        target: Values = np.maximum(
            state.best - factor * np.maximum(gained, 0.0) - step * state.round, state.reserved
        )
        return target

    return strategy


def reservation_aware(exponent: ArrayLike = 1.0) -> Strategy:
    """The time-dependent curve toward the reserved value net of disagreement costs so far.

    As a strike's costs mount the side's floor falls and it softens; when disagreement saves it money
    (negative cost, e.g. a district's withheld wages where revenue does not fall) its floor rises and it
    hardens.
    """
    inverse = _inverse(exponent)

    def strategy(state: NegotiationState, rng: np.random.Generator) -> Values:
        return _curve(state, state.reserved - state.cost, inverse)

    return strategy


STRATEGIES = ("boulware", "linear", "conceder", "time_dependent", "tit_for_tat", "reservation_aware")
