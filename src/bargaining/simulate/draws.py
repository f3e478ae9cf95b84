"""Uncertain inputs, drawn per run from the run's index so results never depend on how runs are batched.

Every run gets its own fixed slice of one Philox stream (a counter-based generator keyed by
``SeedSequence(seed)``): run r's uniforms are stream positions ``r * stride`` onwards, reached by setting
the counter, so drawing runs 0-9 in one batch or in ten gives the same numbers. Each uncertain input takes
one uniform and maps it through its inverse distribution function, so the uniform is also the input's
quantile: the sensitivity table correlates outcomes with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from bargaining.model import Choice, Quantity, Triangular, Uniform, mean
from bargaining.simulate.protocol import FloatArray, Values

# Philox yields four 64-bit words per counter step; a run's slice is a whole number of steps.
_WORDS_PER_STEP = 4


def uniforms(seed: int, first_run: int, runs: int, columns: int) -> FloatArray:
    """(runs, columns) uniforms in [0, 1) for runs ``first_run`` .. ``first_run + runs - 1``."""
    stride = -(-max(columns, 1) // _WORDS_PER_STEP) * _WORDS_PER_STEP
    key = np.random.SeedSequence(seed).generate_state(2, np.uint64)
    bits = np.random.Philox(key=key, counter=first_run * stride // _WORDS_PER_STEP)
    drawn: FloatArray = np.random.Generator(bits).random((runs, stride))
    return drawn[:, :columns]


def quantile(quantity: Quantity, u: FloatArray) -> FloatArray:
    """The inverse distribution function at ``u``."""
    if isinstance(quantity, float | int):
        return np.full(u.shape, float(quantity))
    if isinstance(quantity, Uniform):
        result: FloatArray = quantity.low + u * (quantity.high - quantity.low)
        return result
    if isinstance(quantity, Triangular):
        low, mode, high = quantity.low, quantity.mode, quantity.high
        width = high - low
        below = u * width < mode - low  # F(mode) = (mode - low) / width
        rising = low + np.sqrt(u * width * (mode - low))
        falling = high - np.sqrt((1.0 - u) * width * (high - mode))
        return np.where(below, rising, falling)
    assert isinstance(quantity, Choice)
    weights = np.asarray(quantity.weights or [1.0] * len(quantity.values), dtype=np.float64)
    cumulative = np.cumsum(weights) / weights.sum()
    index = np.minimum(np.searchsorted(cumulative, u, side="right"), len(quantity.values) - 1)
    values: FloatArray = np.asarray(quantity.values, dtype=np.float64)[index]
    return values


@dataclass(frozen=True)
class Inputs:
    """Named quantities (``strike.participation``, ``union.reserved`` ...): fixed ones and uncertain ones.

    ``uncertain`` lists the distributions in name order: that order fixes which uniform each one uses,
    so adding a fixed number never reshuffles the draws. ``events`` are extra named uniforms a model
    needs per run (e.g. whether a strike vote carries).
    """

    fixed: Mapping[str, float]
    uncertain: tuple[tuple[str, Quantity], ...]
    events: tuple[str, ...] = ()
    _columns: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [name for name, _ in self.uncertain] + list(self.events)
        self._columns.update({name: i for i, name in enumerate(names)})

    @classmethod
    def of(cls, quantities: Mapping[str, Quantity], events: tuple[str, ...] = ()) -> Inputs:
        fixed = {name: float(q) for name, q in quantities.items() if isinstance(q, float | int)}
        uncertain = tuple(sorted((n, q) for n, q in quantities.items() if not isinstance(q, float | int)))
        return cls(fixed, uncertain, events)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.uncertain)

    @property
    def columns(self) -> int:
        return len(self.uncertain) + len(self.events)

    def draw(self, seed: int, first_run: int, runs: int) -> tuple[dict[str, Values], FloatArray]:
        """Every quantity's value for each run (a float when fixed) and the (runs, columns) uniforms."""
        u = uniforms(seed, first_run, runs, self.columns)
        values: dict[str, Values] = dict(self.fixed)
        for column, (name, quantity) in enumerate(self.uncertain):
            values[name] = quantile(quantity, u[:, column])
        return values, u

    def event(self, name: str, u: FloatArray) -> FloatArray:
        column: FloatArray = u[:, self._columns[name]]
        return column

    def means(self) -> dict[str, float]:
        """Every quantity at its expected value."""
        values = dict(self.fixed)
        values.update({name: mean(q) for name, q in self.uncertain})
        return values
