"""Strike law per state (issue 14, item 2): each state's rules from the priors priced by hand on one small
unit, and the law's data checked (every figure sourced and dated, aid lost only where aid follows
attendance)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining.inputs.priors import bundled_priors
from bargaining.inputs.reference import load_reference
from bargaining.model import Dispute, StrikeLaw
from bargaining.model.priors import walk
from bargaining.simulate.forecast import forecast_dispute
from bargaining.simulate.strike import StrikeDay, strike_day

FIXTURE = Path(__file__).parent / "backtest"
# The fixture's a-2020: 100 members at the priors' $69,597 (no roster): a daily payroll of
# 6,959,700 / 186 = $37,417.74, roll-up 25%. Participation's mean is (0.85 + 0.95 + 1) / 3 in the states
# with a low of 0.85 (CA, IL, MA, WA) and (0.8 + 0.95 + 1) / 3 elsewhere.
DAILY = 100 * 69_597 / 186


def _day(state: str) -> tuple[StrikeDay, float]:
    disputes, errors = load_reference(FIXTURE)
    assert disputes is not None, errors
    dispute: Dispute = disputes[0].model_copy(update={"state": state})
    forecast = forecast_dispute(dispute, bundled_priors(), 5.0)
    assert forecast is not None and forecast.model is not None
    model = forecast.model
    assert model.facts.daily_payroll == pytest.approx(DAILY)
    return strike_day(model.facts, model.inputs.means()), model.facts.rollup


def test_a_california_strike_day_loses_attendance_revenue_and_no_pay_comes_back() -> None:
    day, rollup = _day("CA")
    out = 2.8 / 3  # mean participation
    # Schools stay open with substitutes: no day is made up. Members lose the day's pay of those out:
    # 0.9333 x 37,417.74 = 34,923.22.
    assert day.members_net == pytest.approx(out * DAILY)
    # The district loses 2.4 daily payrolls of attendance revenue (every student absent: 89,802.58),
    # pays substitutes at 0.008 daily payrolls (299.34) and saves the withheld pay with its 25% roll-up
    # (43,654.03): net 89,802.58 + 299.34 - 43,654.03 = 46,447.89 a day.
    assert day.revenue_lost == pytest.approx(2.4 * DAILY)
    assert day.substitutes == pytest.approx(0.008 * DAILY)
    assert rollup == 0.25
    assert day.district_net == pytest.approx((2.4 + 0.008 - out * 1.25) * DAILY)
    assert day.district_net == pytest.approx(46_447.89, abs=0.01)


@pytest.mark.parametrize("state", ["MA", "WA"])
def test_make_up_days_restore_pay_and_aid(state: str) -> None:
    day, _ = _day(state)
    # Every day made up: worked and paid later, so members lose nothing but Massachusetts's fine
    # (0.05 daily payrolls: 1,870.89), the district repays every wage with its roll-up, and no aid is lost.
    fine = 0.05 * DAILY if state == "MA" else 0.0
    assert day.members_net == pytest.approx(fine)
    assert day.union_penalties == pytest.approx(fine)
    assert day.revenue_lost == 0.0
    assert day.wages_repaid == pytest.approx(-(day.wages_withheld + day.rollup_withheld))
    assert day.district_net == pytest.approx(0.0, abs=1e-6)


def test_illinois_makes_up_part_of_the_days() -> None:
    day, _ = _day("IL")
    withheld = 2.8 / 3 * DAILY  # 34,923.22
    # 45% of the days made up (Chicago 2019: five of eleven): members lose 55% of the pay withheld,
    # 19,207.77; the district saves the same share with roll-up, 24,009.71.
    assert day.members_net == pytest.approx(0.55 * withheld)
    assert day.district_net == pytest.approx(-0.55 * 1.25 * withheld)
    assert day.members_net == pytest.approx(19_207.77, abs=0.01)


def test_colorado_loses_no_aid_on_a_strike_day_and_pays_substitutes() -> None:
    day, _ = _day("CO")
    # Aid follows the October count, with ten days around it to count an absent student: nothing lost
    # on a strike day. Substitutes: the mean of 0.04-0.14 daily payrolls, 0.09 x 37,417.74 = 3,367.60.
    assert day.revenue_lost == 0.0
    assert day.substitutes == pytest.approx(0.09 * DAILY)


def test_every_state_says_how_aid_is_counted_and_aid_follows_attendance_only_where_it_is_lost() -> None:
    priors = bundled_priors()
    for key, law in priors.states.items():
        assert law.aid_basis.value in ("attendance", "count_day", "enrollment"), key
        if law.revenue_loss.value > 0:
            assert law.aid_basis.value == "attendance", key
    assert priors.states["CA"].aid_basis.value == "attendance"
    assert priors.states["CO"].aid_basis.value == "count_day"
    assert priors.states["MA"].injunction.value and not priors.states["MA"].legal.value
    bad = priors.states["MA"].model_dump()
    bad["revenue_loss"] = {"value": 1.0, "assumption": "made up"}
    with pytest.raises(ValueError, match="aid_basis attendance"):
        StrikeLaw.model_validate(bad)


def test_every_sourced_state_figure_has_a_url_and_a_date() -> None:
    priors = bundled_priors()
    for path, prior in walk(priors):
        if not path.startswith("states.") or prior.source is None:
            continue
        source = priors.sources[prior.source]
        assert source.url, path
        assert source.published or source.accessed, path
