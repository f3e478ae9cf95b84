"""The public pressure of a strike: parents, the board and the press weigh the school days lost, not what is
at stake, so the same days weigh more on a dispute over less (``public_pressure``)."""

from __future__ import annotations

import dataclasses

from bargaining.simulate.dispute import DisputeModel
from bargaining.simulate.strike import PREFIX
from bargaining.simulate.used import PriorsUsed


def stakes_in_payrolls(model: DisputeModel) -> float:
    """What the gap between the sides is worth (the model's stakes) in the unit's daily payrolls."""
    return model.stakes / model.facts.daily_payroll


def public_pressure(model: DisputeModel, typical_stakes: float | None, use: PriorsUsed) -> DisputeModel:
    """The pressure of parents, the board and the press, set by the school days lost, not by what is at
    stake: the priors' rate (a strike of the typical length costs each side ``pressure.gap`` of the
    gap's worth) holds for a dispute with the typical stakes (daily payrolls); a dispute over less feels
    the same days as a larger share of its stakes, one over more as a smaller share. Without typical
    stakes the rate is left as it is."""
    own = stakes_in_payrolls(model)
    key = f"{PREFIX}pressure_per_day"
    rate = model.inputs.fixed.get(key)
    if typical_stakes is None or own <= 0 or not isinstance(rate, float):
        return model
    use.derived(
        "pressure.typical_stakes",
        typical_stakes,
        "the median of the reference disputes' stakes in daily payrolls; this dispute's are "
        f"{own:.1f}, so the pressure per day lost is {typical_stakes / own:.2f} times the priors' rate",
    )
    fixed = {**model.inputs.fixed, key: rate * typical_stakes / own}
    return dataclasses.replace(model, inputs=dataclasses.replace(model.inputs, fixed=fixed))
