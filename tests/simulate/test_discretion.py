"""The district's discretion over the union's non-pay items (bargaining.simulate.discretion): a premium above
their cost that a strike's public pressure wears away, worked by hand on a two-issue model, its invariants,
and the forecast's properties with it switched on."""

from __future__ import annotations

import dataclasses
from itertools import pairwise
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.inputs import load_case
from bargaining.inputs.priors import bundled_priors
from bargaining.model import IssueSpec, Priors
from bargaining.simulate.discretion import discretion_tables, with_discretion
from bargaining.simulate.dispute import Outcomes
from bargaining.simulate.engine import run_dispute
from bargaining.simulate.forecast import ability_shift, forecast_case

ONLY = Path(__file__).parent / "cases" / "positions-only"


def _tiny(pay_weight: float = 4.0, item_cost: float = 2.0, value: float = 2.0) -> Outcomes:
    """Pay in three steps (none, half, all of the gap: 4 a year to the district); one item (2 a year to
    the district, ``value`` times that to the members)."""
    pay = IssueSpec(
        name="raise",
        district=0,
        union=2,
        steps=3,
        cost_per_unit=2.0,
        weight={"union": pay_weight, "district": pay_weight},
    )  # type: ignore[arg-type]
    item = IssueSpec(
        name="items",
        district=0,
        union=1,
        steps=2,
        cost_per_unit=item_cost,
        weight={"union": value * item_cost, "district": item_cost},
    )  # type: ignore[arg-type]
    return Outcomes.of((pay, item), stakes_years=1)


def test_with_the_premium_the_item_comes_last_before_a_strike_and_first_once_the_pressure_mounts() -> None:
    grid = _tiny()
    # Packages (pay share, item): (0,0) (0,1) (.5,0) (.5,1) (1,0) (1,1). The district weighs pay 4 and the
    # item 2 (of 6): 1, 2/3, 2/3, 1/3, 1/3, 0. The members weigh both 4 (of 8): 0, .5, .25, .75, .5, 1.
    assert np.allclose(grid.district, [1, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 0])
    assert np.allclose(grid.union, [0, 0.5, 0.25, 0.75, 0.5, 1])
    plain = discretion_tables(grid, 0.0, 1, 0.5, 2)[0][1]
    # Without a premium, a district aiming at 1/2 may offer (0,1) or (.5,0) (both 2/3 to it) and offers
    # the one the members value more: the item (.5 against .25). Items go first, as in every run today.
    assert int(plain.offer(0.5)) == 1
    # A premium of 2 on the item (2 x 2 of the 6 the gap is worth: 2/3) takes it off every package that
    # grants the item: (0,1) 0, (.5,1) -1/3, (1,1) -2/3. Aiming at 1/2 the district now offers half the
    # pay and no item (0.25 to the members); even at 0 it offers all the pay and no item ((1,0), worth
    # 1/3 to it, against (0,1), worth 0, the same .5 to the members): the item comes last.
    (_, before), days = discretion_tables(grid, 2 / 3, 1, 0.5, 2)
    assert np.allclose(before.utility, [1, 0, 2 / 3, -1 / 3, 1 / 3, -2 / 3])
    assert int(before.offer(0.5)) == 2 and int(before.offer(0.0)) == 4
    # On the first strike day the pressure (0.5 x 1²) leaves 2/3 - 1/2 = 1/6 of the premium: (0,1) is
    # worth 1/2 to the district, so aiming at the same 1/2 it offers the item and no pay, worth twice as
    # much to the members (.5): the strike wins the item while pay stays at the district's offer.
    (_, first), (_, second) = days
    assert np.allclose(first.utility, [1, 0.5, 2 / 3, 1 / 6, 1 / 3, -1 / 6])
    assert int(first.offer(0.5)) == 1
    # By the second day (0.5 x 2² = 2 > 2/3) the premium is gone and the district weighs the item at its cost.
    assert np.allclose(second.utility, grid.district)


def test_a_premium_below_the_members_surplus_keeps_the_item_first() -> None:
    # A premium of 1/2 of the item's cost (1/6 of the gap): (0,1) is worth 2/3 - 1/6 = 1/2 to the district;
    # aiming at 1/2 it offers the item (.5 to the members) over half the pay (.25): an item still gives
    # the members more per dollar (2 against 1.5), so a premium matters only above the members' value.
    (_, before), _ = discretion_tables(_tiny(), 1 / 6, 1, 0.5, 1)
    assert int(before.offer(0.5)) == 1


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.5, 20.0),
    st.floats(0.1, 10.0),
    st.floats(1.0, 4.0),
    st.floats(0.0, 2.0),
    st.floats(0.001, 0.5),
    st.floats(-0.5, 1.0),
)
def test_as_the_pressure_wears_the_premium_away_no_offer_is_worth_less_to_the_members(
    pay: float, cost: float, value: float, premium: float, rate: float, target: float
) -> None:
    """Each package's worth to the district only rises as the premium wears away, so at any aim the packages
    it can offer only grow, and the one it offers is worth no less to the members, day after day."""
    grid = _tiny(pay, cost, value)
    (_, before), days = discretion_tables(grid, premium, 1, rate, 6)
    worth = [float(grid.union[before.offer(target)])]
    worth += [float(grid.union[district.offer(target)]) for _, district in days]
    assert all(a <= b + 1e-12 for a, b in pairwise(worth))


@settings(max_examples=30, deadline=None)
@given(st.floats(0.5, 20.0), st.floats(0.1, 10.0), st.floats(1.0, 4.0), st.floats(0.001, 0.5))
def test_without_a_premium_the_tables_are_the_model_s_own(
    pay: float, cost: float, value: float, rate: float
) -> None:
    grid = _tiny(pay, cost, value)
    (union, district), days = discretion_tables(grid, 0.0, 1, rate, 3)
    assert np.array_equal(district.utility, grid.district) and np.array_equal(union.utility, grid.union)
    assert all(np.array_equal(d.utility, grid.district) for _, d in days)


def _priors(premium: float) -> Priors:
    priors = bundled_priors()
    prior = priors.district.discretion.model_copy(update={"value": premium})
    return priors.model_copy(update={"district": priors.district.model_copy(update={"discretion": prior})})


def _case():  # type: ignore[no-untyped-def]
    case, errors = load_case(ONLY)
    assert case is not None, errors
    return case


def test_the_forecast_uses_the_prior_and_a_zero_premium_changes_nothing() -> None:
    case = _case()
    off = forecast_case(case, _priors(0.0), 7.0)
    assert off.model is not None and off.model.strike_tables == ()
    assert any(used.key == "district.discretion" for used in off.priors_used)
    on = forecast_case(case, _priors(2.0), 7.0)
    assert on.model is not None and len(on.model.strike_tables) == len(on.model.timetable.strike_days)
    assert with_discretion(off.model, 0.0, 1, 0.1) is off.model


def test_with_the_premium_the_strike_wins_the_items_on_the_positions_only_case() -> None:
    """The fixture (2% against 5%, a counselor and class-size language): with the premium the district's
    offers before a strike hold the items back, so settled runs without a strike win fewer of them than
    runs with one; without it items go first and runs without a strike win at least as many."""
    shares = {}
    for premium in (0.0, 2.0):
        forecast = forecast_case(_case(), _priors(premium), 7.0)
        model = forecast.model
        assert model is not None
        run = run_dispute(model, 0, 0, 4096)
        settled = run.outcome >= 0
        items = model.outcomes.values[np.maximum(run.outcome, 0), forecast.items[0]] / forecast.item_count
        struck = run.strike_days > 0
        shares[premium] = (items[settled & struck].mean(), items[settled & ~struck].mean())
    with_strike, without = shares[2.0]
    assert with_strike > without
    assert shares[0.0][1] >= shares[2.0][1]


def _struck(model, seed: int):  # type: ignore[no-untyped-def]
    return run_dispute(model, seed, 0, 4096).strike_days > 0


@settings(max_examples=4, deadline=None)
@given(st.integers(0, 2**16))
def test_with_the_premium_a_richer_district_is_still_never_less_willing_to_settle(seed: int) -> None:
    case, priors = _case(), _priors(2.0)
    shares = []
    for position in (0.0, 0.5, 1.0):
        model = forecast_case(case, priors, 7.0, ability_shift(position)).model
        assert model is not None
        shares.append(float(_struck(model, seed).mean()))
    assert shares[0] >= shares[1] >= shares[2]


@settings(max_examples=6, deadline=None)
@given(st.floats(0.0, 5.0), st.floats(0.0, 5.0), st.integers(0, 2**16))
def test_with_the_premium_a_harder_law_still_never_raises_the_strike_probability(
    low: float, extra: float, seed: int
) -> None:
    """Fines on the union (daily payrolls) only add to a strike's cost to it: run by run, a union that
    strikes under the harsher law strikes under the milder one too, with the district's premium on."""
    base = forecast_case(_case(), _priors(2.0), 7.0).model
    assert base is not None and base.strike_tables
    daily = base.facts.daily_payroll

    def under(fine: float):  # type: ignore[no-untyped-def]
        fixed = {**base.inputs.fixed, "strike.union_penalties_per_day": fine * daily}
        return dataclasses.replace(base, inputs=dataclasses.replace(base.inputs, fixed=fixed))

    mild, harsh = _struck(under(low), seed), _struck(under(low + extra), seed)
    assert not np.any(harsh & ~mild)
