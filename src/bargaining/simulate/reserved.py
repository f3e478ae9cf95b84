"""Scaling the forecast's quantities: the negotiators' reserved values by the district's ability to pay (a
factor) and by the strike rate's anchor on the reference class (a shift of both sides' drawn values,
applied by the engine; ``bargaining.simulate.anchor``), and a share of the daily payroll in dollars."""

from __future__ import annotations

from dataclasses import dataclass

from bargaining.model import Quantity, SimulationSpec


@dataclass(frozen=True)
class Conflict:
    """The strike rate's anchor: a shift of both sides' reserved values, the weight the union gives a
    strike's money cost when deciding to strike, and how they were found (in words, for ``priors_used``)."""

    shift: float
    how: str
    cost_weight: float = 1.0


def ability_shift(position: float | None) -> float:
    """The factor on the district's reserved value from where its ability to pay falls in the pay gap
    (0 at its own last offer or below, 1 at the union's or above; None: unknown): 1.25 for a district
    that cannot pay more than it offers, 0.75 for one that can pay all the union asks, linear between
    (an assumption: the richer district holds out less, never more)."""
    if position is None:
        return 1.0
    return 1.25 - 0.5 * min(max(position, 0.0), 1.0)


def scaled(quantity: Quantity, factor: float) -> Quantity:
    """A reserved value times ``factor``, at most 1."""
    if isinstance(quantity, float | int):
        return min(1.0, float(quantity) * factor)
    fields = {
        k: min(1.0, v * factor) for k, v in quantity.model_dump().items() if k in ("low", "mode", "high")
    }
    return quantity.model_copy(update=fields)


def conflict_shifts(spec: SimulationSpec | None, conflict: Conflict) -> tuple[float, float]:
    """The shift of each side's reserved value (union's, district's): the conflict's, except for a value
    the case sets."""
    given_union = spec.union if spec is not None else None
    given_district = spec.district if spec is not None else None
    union = 0.0 if given_union is not None and "reserved" in given_union.model_fields_set else conflict.shift
    district = (
        0.0
        if given_district is not None and "reserved" in given_district.model_fields_set
        else conflict.shift
    )
    return union, district


def times(quantity: Quantity, factor: float) -> Quantity:
    """A number or a distribution times ``factor`` (a share of the daily payroll in dollars)."""
    if isinstance(quantity, float | int):
        return float(quantity) * factor
    fields = {k: v * factor for k, v in quantity.model_dump().items() if k in ("low", "mode", "high")}
    return quantity.model_copy(update=fields)
