"""Forecasts from the positions alone (issue 14, items 1, 2 and 5): a case with only proposals, the priors
it used, the reference disputes it left out, and strike law per state worked by hand."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.inputs import load_case
from bargaining.inputs.priors import bundled_priors
from bargaining.inputs.reference import load_reference
from bargaining.model.priors import walk
from bargaining.simulate.engine import run_dispute
from bargaining.simulate.forecast import (
    ITEMS,
    PAY,
    ability_shift,
    forecast_case,
    forecast_dispute,
)
from bargaining.simulate.pressure import stakes_in_payrolls

ONLY = Path(__file__).parent / "cases" / "positions-only"
runner = CliRunner()


def _case():  # type: ignore[no-untyped-def]
    case, errors = load_case(ONLY)
    assert case is not None, errors
    return case


def test_every_prior_names_a_source_or_an_assumption() -> None:
    priors = bundled_priors()
    found = walk(priors)
    assert len(found) > 40
    for path, prior in found:
        assert (prior.source is None) != (prior.assumption is None), path
        assert prior.source is None or prior.source in priors.sources, path


def test_the_issues_come_from_the_two_latest_positions_priced_by_the_costing_engine() -> None:
    forecast = forecast_case(_case(), bundled_priors(), 7.0)
    model = forecast.model
    assert model is not None
    assert model.outcomes.names == (PAY, ITEMS)
    # Pay: the district's 2% against the union's 5%, in 21 steps of 0.15 points.
    pay = model.outcomes.levels[0]
    assert pay[0] == 2.0 and pay[-1] == 5.0 and pay.size == 21
    # Items: the counselor and the class-size language, which the district's offer does not give: 0, 1, 2.
    assert list(model.outcomes.levels[1]) == [0.0, 1.0, 2.0]
    # Stakes: one point on 10 x $186,000 (no roll-up) is $18,600 a year; the gap is 3 points = $55,800.
    # An item: the costing engine prices the counselor at $100,000 and the language at 0; $50,000 each.
    # Three years (the prior): (55,800 + 2 x 50,000) x 3 = 467,400.
    assert model.stakes == 467_400
    used = {item.key for item in forecast.priors_used}
    assert {"union.reserved", "district.reserved", "states.generic.makeup_share"} <= used
    assert "issues.item_cost" in used  # derived by the costing engine, said so


def test_simulate_a_case_with_only_proposals_prints_the_forecast_contract() -> None:
    result = runner.invoke(app, ["simulate", str(ONLY), "--runs", "4096", "--format", "json"])
    assert result.exit_code == 0, result.output
    forecast = json.loads(result.stdout)["forecast"]
    assert set(forecast) == {
        "p_strike", "strike_days", "p_no_deal_after_strike", "settlement", "priors_used", "reference_excluded"
    }  # fmt: skip
    assert set(forecast["strike_days"]) == {"p10", "p50", "p90", "mean"}
    assert set(forecast["settlement"]) == {
        "raise_percent_by_fiscal_year", "one_time_per_fte", "share_of_gap", "nonpay_share_won"
    }  # fmt: skip
    assert set(forecast["settlement"]["share_of_gap"]) == {"p10", "p50", "p90"}
    share = forecast["settlement"]["share_of_gap"]["p50"]
    ((year, percent),) = forecast["settlement"]["raise_percent_by_fiscal_year"].items()
    # The raise at the median share of the gap: 2 + share x 3 in 2018-19.
    assert year == "2018-19" and abs(percent - (2.0 + 3.0 * share)) < 1e-9
    # One-time pay at the same share: the district's 1% of $186,000 = $1,860, the union's $1,000.
    assert abs(forecast["settlement"]["one_time_per_fte"] - (1860.0 + share * (1000.0 - 1860.0))) < 1e-9
    assert 0.0 <= forecast["p_strike"] <= 1.0
    assert forecast["priors_used"] and all(p["source"] for p in forecast["priors_used"])
    # The employer and years match oakland-oea-2019 (OUSD, 2017-18 to 2021-22): left out.
    assert {"id": "oakland-oea-2019", "reason": "same employer, overlapping contract years"} in forecast[
        "reference_excluded"
    ]


def test_exclude_reference_names_a_dispute_and_refuses_an_unknown_one() -> None:
    args = ["simulate", str(ONLY), "--runs", "4096", "-f", "json", "--exclude-reference", "seattle-sea-2015"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    excluded = json.loads(result.stdout)["forecast"]["reference_excluded"]
    assert {"id": "seattle-sea-2015", "reason": "named by id"} in excluded
    bad = runner.invoke(app, ["simulate", str(ONLY), "--exclude-reference", "no-such-dispute"])
    assert bad.exit_code == 1
    assert "--exclude-reference: no dispute with id no-such-dispute" in bad.output


def test_the_table_names_the_priors_used() -> None:
    result = runner.invoke(app, ["simulate", str(ONLY), "--runs", "4096"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Prior union.reserved: uniform from 0.2 to 0.7" in result.stdout
    assert "Left out of the reference class: oakland-oea-2019" in result.stdout


def test_a_california_strike_day_loses_attendance_revenue() -> None:
    case = dataclasses.replace(_case(), jurisdiction="california-eera")
    model = forecast_case(case, bundled_priors(), 7.0).model
    assert model is not None
    means = model.inputs.means()
    # Daily payroll $1,860,000 / 186 = $10,000; California loses 2.4 daily payrolls of attendance revenue
    # (KTLA: $25M of revenue against $10M of wages on LAUSD's first day): $24,000 a strike day, and no day
    # is made up.
    assert means["strike.revenue_per_absent_student_day"] * means["strike.attendance"] == 24_000
    assert means["strike.makeup_share"] == 0.0


def test_make_up_days_restore_pay_and_aid_and_massachusetts_fines_the_union() -> None:
    disputes, _ = load_reference()
    assert disputes is not None
    newton = next(d for d in disputes if d.id == "newton-nta-2024")
    forecast = forecast_dispute(newton, bundled_priors(), 7.0)
    assert forecast is not None and forecast.model is not None
    model = forecast.model
    means = model.inputs.means()
    assert means["strike.makeup_share"] == 1.0  # every day made up: worked and paid later
    assert means["strike.revenue_per_absent_student_day"] == 0.0  # aid does not follow attendance
    # Fines: 0.025 daily payrolls on the first day (Newton's $25,000 on about $1M a day), rising by 0.005
    # a day (Beverly and Gloucester: a fifth of the first day's fine a day).
    assert means["strike.union_penalties_per_day"] == 0.025 * model.facts.daily_payroll
    assert means["strike.union_penalty_growth"] == 0.005 * model.facts.daily_payroll
    from bargaining.simulate.strike import strike_day

    day = strike_day(model.facts, means)
    # Made up in full: members lose nothing but the fine; the district repays every wage with roll-up.
    assert abs(day.members_net - means["strike.union_penalties_per_day"]) < 1e-6 * model.facts.daily_payroll
    assert abs(day.wages_repaid + day.wages_withheld + day.rollup_withheld) < 1e-6 * model.facts.daily_payroll


def _struck(model, seed: int):  # type: ignore[no-untyped-def]
    return run_dispute(model, seed, 0, 4096).strike_days > 0


@settings(max_examples=8, deadline=None)
@given(st.floats(0.0, 5.0), st.floats(0.0, 5.0), st.integers(0, 2**16))
def test_a_harder_law_never_raises_the_strike_probability(low: float, extra: float, seed: int) -> None:
    """Fines on the union (in daily payrolls) only ever add to what a strike costs it: in every run, a
    union that strikes under the harsher law strikes under the milder one too."""
    base = forecast_case(_case(), bundled_priors(), 7.0).model
    assert base is not None
    daily = base.facts.daily_payroll

    def under(fine: float):  # type: ignore[no-untyped-def]
        fixed = {**base.inputs.fixed, "strike.union_penalties_per_day": fine * daily}
        return dataclasses.replace(base, inputs=dataclasses.replace(base.inputs, fixed=fixed))

    mild, harsh = _struck(under(low), seed), _struck(under(low + extra), seed)
    assert not np.any(harsh & ~mild)


@settings(max_examples=6, deadline=None)
@given(st.floats(0.0, 0.05), st.floats(0.0, 0.05), st.integers(0, 2**16))
def test_fines_that_rise_faster_never_raise_the_strike_probability(
    low: float, extra: float, seed: int
) -> None:
    """Contempt fines that rise faster each day (in daily payrolls) only add to what the strike the union
    weighs would cost it: in every run, a union that strikes under the faster rise strikes under the slower
    one too."""
    base = forecast_case(_case(), bundled_priors(), 7.0).model
    assert base is not None
    daily = base.facts.daily_payroll

    def under(growth: float):  # type: ignore[no-untyped-def]
        fixed = {**base.inputs.fixed, "strike.union_penalty_growth": growth * daily}
        return dataclasses.replace(base, inputs=dataclasses.replace(base.inputs, fixed=fixed))

    mild, harsh = _struck(under(low), seed), _struck(under(low + extra), seed)
    assert not np.any(harsh & ~mild)


@settings(max_examples=4, deadline=None)
@given(st.integers(0, 2**16))
def test_a_richer_district_is_never_less_willing_to_settle(seed: int) -> None:
    """All else equal, a district that can pay more (a lower reserved value) strikes no more often."""
    case = _case()
    shares = []
    for position in (0.0, 0.5, 1.0):  # ability to pay at its own offer, half-way, at the union's
        model = forecast_case(case, bundled_priors(), 7.0, ability_shift(position)).model
        assert model is not None
        shares.append(float(_struck(model, seed).mean()))
    assert shares[0] >= shares[1] >= shares[2]


def test_ability_shift_by_hand() -> None:
    # 1.25 - 0.5 x position, the position kept within [0, 1]; unknown: no shift.
    assert [ability_shift(p) for p in (-1.0, 0.0, 0.5, 1.0, 2.0)] == [1.25, 1.25, 1.0, 0.75, 0.75]
    assert ability_shift(None) == 1.0


def test_analyze_and_mediate_derive_each_side_s_priorities_from_the_positions() -> None:
    from bargaining.analysis import derived_preferences

    prefs = derived_preferences(_case(), bundled_priors())
    assert prefs.space.issue_names == ("raise 2018-19", "counselor (2)")
    # Over the two-year horizon: 3 points on $1,860,000 = $55,800 a year, $111,600; the counselor
    # $100,000 a year, $200,000. The district weighs by cost: 111.6 / 311.6 = 35.8 points on the raise;
    # the union the counselor at twice its cost: 111.6 / 511.6 = 21.8 points.
    assert prefs.employer is not None and prefs.union is not None
    assert abs(dict(prefs.employer.weights)["raise 2018-19"] - 100 * 111_600 / 311_600) < 1e-6
    assert abs(dict(prefs.union.weights)["raise 2018-19"] - 100 * 111_600 / 511_600) < 1e-6
    # Reservations: the priors' mean reserved values, 0.55 and 0.45.
    assert abs(prefs.employer.reservation - 55.0) < 1e-9 and abs(prefs.union.reservation - 45.0) < 1e-9
    for command in ("analyze", "mediate"):
        args = [command, str(ONLY), "--format", "json"] + (["--no-chart"] if command == "analyze" else [])
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "priorities derived from the two latest proposals" in result.stderr


def test_public_pressure_is_set_by_the_days_lost_not_by_the_stakes() -> None:
    # The fixture's a-2020: 100 members at $69,597, roll-up 25%; 4 points of pay in dispute (2% against
    # 6%) and 2 items at half a percent of payroll each, over 3 years. In daily payrolls (186 a year):
    # (4 x 1.25% + 2 x 0.5% x 1.25) x 3 x 186 = 0.0625 x 558 = 34.875.
    disputes, errors = load_reference(Path(__file__).parent / "backtest")
    assert disputes is not None, errors
    plain = forecast_dispute(disputes[0], bundled_priors(), 5.0)
    assert plain is not None and plain.model is not None
    assert stakes_in_payrolls(plain.model) == pytest.approx(34.875)
    # The priors' rate: 0.3 of the gap by a strike of the typical 5 days, 0.3 / 25 = 0.012 a day squared.
    assert plain.model.inputs.fixed["strike.pressure_per_day"] == pytest.approx(0.012)
    # Against typical stakes of twice this dispute's, the same days lost weigh twice as much: 0.024.
    doubled = forecast_dispute(disputes[0], bundled_priors(), 5.0, typical_stakes=69.75)
    assert doubled is not None and doubled.model is not None
    assert doubled.model.inputs.fixed["strike.pressure_per_day"] == pytest.approx(0.024)
    assert any(used.key == "pressure.typical_stakes" for used in doubled.priors_used)


@settings(max_examples=4, deadline=None)
@given(st.floats(10.0, 100.0), st.floats(1.0, 4.0), st.integers(0, 2**16))
def test_more_public_pressure_never_lengthens_a_strike(typical: float, factor: float, seed: int) -> None:
    """All else equal, a strike under more pressure per day lost ends no later, run by run."""
    disputes, _ = load_reference(Path(__file__).parent / "backtest")
    assert disputes is not None
    days = []
    for stakes in (typical, typical * factor):
        forecast = forecast_dispute(disputes[0], bundled_priors(), 5.0, typical_stakes=stakes)
        assert forecast is not None and forecast.model is not None
        days.append(run_dispute(forecast.model, seed, 0, 2048).strike_days)
    assert np.all(days[1] <= days[0])
