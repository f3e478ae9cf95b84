"""Strike law per state (issue 14, item 2): each state's rules from the priors priced by hand on one small
unit, and the law's data checked (every figure sourced and dated, aid lost only where aid follows
attendance)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bargaining.inputs.priors import bundled_priors
from bargaining.inputs.reference import load_reference
from bargaining.model import Dispute, StrikeLaw
from bargaining.model.priors import walk
from bargaining.simulate.forecast import forecast_dispute
from bargaining.simulate.strike import StrikeDay, count_closing_day, school_days, strike_day

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
    # (0.025 daily payrolls on the first day: 935.44), the district repays every wage with its roll-up,
    # and no aid is lost.
    fine = 0.025 * DAILY if state == "MA" else 0.0
    assert day.members_net == pytest.approx(fine)
    assert day.union_penalties == pytest.approx(fine)
    assert day.revenue_lost == 0.0
    assert day.wages_repaid == pytest.approx(-(day.wages_withheld + day.rollup_withheld))
    assert day.district_net == pytest.approx(0.0, abs=1e-6)


def _law_day(state: str, day: int, count_closes: bool = False, **fixed: float) -> StrikeDay:
    """Strike day ``day`` (0 the first) under the state's law, at the inputs' means with ``fixed`` set."""
    disputes, errors = load_reference(FIXTURE)
    assert disputes is not None, errors
    dispute: Dispute = disputes[0].model_copy(update={"state": state})
    forecast = forecast_dispute(dispute, bundled_priors(), 5.0)
    assert forecast is not None and forecast.model is not None
    values = {**forecast.model.inputs.means(), **{f"strike.{k}": v for k, v in fixed.items()}}
    return strike_day(forecast.model.facts, values, True, day, count_closes)


@pytest.mark.parametrize("state", ["IL", "MN"])
def test_days_within_the_calendars_slack_are_lost_and_later_days_are_made_up(state: str) -> None:
    withheld = 2.8 / 3 * DAILY if state == "IL" else 2.75 / 3 * DAILY
    # Illinois: 176 days of attendance in a term of 185 (105 ILCS 5/10-19); a calendar of 180 pupil days
    # holds 4 days of slack. Minnesota: 165 days; Minneapolis's calendar held 5 above.
    slack = 4.0 if state == "IL" else 5.0
    # Within the slack (days 0-3, or 0-4): not made up. Members lose the pay of those out, 34,923.22 in
    # Illinois (0.9333 x 37,417.74); the district saves it with its 25% roll-up, 43,654.03.
    lost = _law_day(state, int(slack) - 1, makeup_slack=slack)
    assert lost.pay_made_up == 0.0
    assert lost.members_net == pytest.approx(withheld)
    assert lost.district_net == pytest.approx(-1.25 * withheld)
    # From the next day on every day must be made up: pay comes back to the members (they lose nothing)
    # and the district repays it with roll-up (net 0; aid follows enrollment, so none is lost).
    made_up = _law_day(state, int(slack), makeup_slack=slack)
    assert made_up.pay_made_up == pytest.approx(withheld)
    assert made_up.members_net == pytest.approx(0.0, abs=1e-6)
    assert made_up.district_net == pytest.approx(0.0, abs=1e-6)
    assert made_up.revenue_lost == 0.0
    if state == "IL":
        assert lost.members_net == pytest.approx(34_923.22, abs=0.01)


def test_colorado_loses_its_october_count_only_when_a_strike_covers_the_whole_window() -> None:
    # The window's aid at the mean of 0-75 daily payrolls: 37.5 x 37,417.74 = 1,403,165.32, lost on the day
    # the strike completes the window, on top of that day's saving (a day that is not made up: the
    # district saves 0.9167 x 1.25 daily payrolls, 42,874.50, and pays 0.09 of substitutes, 3,367.60).
    closes = _law_day("CO", 9, count_closes=True, makeup_share=0.0)
    other = _law_day("CO", 9, makeup_share=0.0)
    assert closes.revenue_lost == pytest.approx(37.5 * DAILY)
    assert closes.revenue_lost == pytest.approx(1_403_165.32, abs=0.01)
    assert other.revenue_lost == 0.0
    assert other.district_net == pytest.approx((0.09 - 2.75 / 3 * 1.25) * DAILY)
    assert closes.district_net - other.district_net == pytest.approx(37.5 * DAILY)


def test_the_count_window_closes_on_its_last_school_day_only_for_a_strike_that_began_before_it() -> None:
    # 2024-09-23 is a Monday: school days 23-27 Sep, 30 Sep-4 Oct, 7-8 Oct fall in 24 Sep-8 Oct. The
    # window's last school day, Tue 8 Oct, is the strike's 12th day (index 11).
    days = school_days(dt.date(2024, 9, 23), 20)
    assert count_closing_day(days, ("09-24", "10-08")) == 11
    # A strike from 25 Sep misses the window's first day (24 Sep, a school day children attended).
    assert count_closing_day(school_days(dt.date(2024, 9, 25), 20), ("09-24", "10-08")) == -1
    # A strike that ends before the window closes never completes it.
    assert count_closing_day(school_days(dt.date(2024, 9, 23), 5), ("09-24", "10-08")) == -1
    assert count_closing_day(days, None) == -1


def test_massachusetts_fines_rise_each_day() -> None:
    # 0.025 daily payrolls on the first day, 0.005 more each day: day 11 (index 10) is 0.075, 2,806.33.
    first, eleventh = _law_day("MA", 0), _law_day("MA", 10)
    assert first.union_penalties == pytest.approx(0.025 * DAILY)
    assert eleventh.union_penalties == pytest.approx(0.075 * DAILY)
    assert eleventh.union_penalties == pytest.approx(2_806.33, abs=0.01)


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
