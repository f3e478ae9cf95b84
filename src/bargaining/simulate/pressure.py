"""What is at stake and the public pressure of a strike: the pay gap is worth what it costs in the years it is
paid (``paid_price``); parents, the board and the press weigh the school days lost, not what is at stake,
so the same days weigh more on a dispute over less (``public_pressure``)."""

from __future__ import annotations

import dataclasses

from bargaining.analysis import Positions
from bargaining.simulate.dispute import DisputeModel
from bargaining.simulate.strike import PREFIX
from bargaining.simulate.used import PriorsUsed


def paid_price(
    positions: Positions, years: tuple[int, int], stakes: float, price: float, use: PriorsUsed
) -> float:
    """A point of the pay gap's yearly ``price``, averaged over the ``stakes`` years, so that the gap is worth
    what it costs (``Positions.point_years``) from the first year either side or the contract (``years``)
    names to the contract's last, at least ``stakes`` years. LAUSD 2019: 6.5% from 2016-17 against 3% + 3%
    from 2017-18 is half a point, but 12 point-years to 2021-22. Kept as it was where the union's raises
    cost no more than the district's over those years."""
    if positions.gap <= 1e-9:
        return price
    first = min(years[0], *positions.years)
    paid = positions.point_years(first, max(years[1], first + round(stakes) - 1))
    if paid <= 0:
        return price
    factor = paid / (positions.gap * stakes)
    how = f"the gap is paid for {paid:.1f} point-years, {factor:.2f} times its points over {stakes:g} years"
    return price * use.derived("issues.pay_years", factor, how)


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
