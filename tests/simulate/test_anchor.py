"""The strike rate and the typical strike length anchored on the reference class (issue 14, items 1 and 2):
worked by hand, and never from the outcome of the dispute forecast."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.inputs.priors import bundled_priors
from bargaining.inputs.reference import load_reference
from bargaining.model import Dispute
from bargaining.simulate.anchor import Curves, anchor, crossing, typical_days, weighted_median
from bargaining.simulate.backtest import backtest
from bargaining.simulate.engine import run_dispute, strike_shares
from bargaining.simulate.forecast import forecast_dispute
from bargaining.simulate.reserved import Conflict

FIXTURE = Path(__file__).parent / "backtest"


def _fixture() -> list[Dispute]:
    disputes, errors = load_reference(FIXTURE)
    assert disputes is not None, errors
    return list(disputes)


def test_weighted_median_by_hand() -> None:
    # Equal weights: the ordinary median (the mean of the middle two for an even count).
    assert weighted_median([5, 10], [1, 1]) == 7.5
    assert weighted_median([1, 7, 3], [1, 1, 1]) == 3
    # 5 counted three times against 10 and 12 once: cumulative 3 of 5 reaches half at 5.
    assert weighted_median([10, 5, 12], [1, 3, 1]) == 5
    # 4 and 11 weighted 1 and 1 against 6 weighted 2: cumulative 1, 3, 4; half (2) falls on 6.
    assert weighted_median([4, 6, 11], [1, 2, 1]) == 6


def test_typical_days_counts_the_state_s_strikes_more() -> None:
    a, b, c = _fixture()  # a WA 5 days, b MN no strike, c CA 10 days
    assert typical_days([a, b, c]) == 7.5  # the median of 5 and 10
    # A California forecast counts c three times (weight 2): 10 holds 3 of 4 parts.
    assert typical_days([a, b, c], "CA", 2.0) == 10.0
    assert typical_days([a, b, c], "WA", 2.0) == 5.0
    assert typical_days([b]) is None


def test_crossing_by_hand() -> None:
    grid = (0.0, 0.1, 0.2)
    curve = np.array([0.2, 0.4, 0.8])
    # 0.6 lies half-way from 0.4 to 0.8: half-way from 0.1 to 0.2.
    assert crossing(grid, curve, 0.6) == pytest.approx((0.15, 0.6))
    assert crossing(grid, curve, 0.1) == (0.0, 0.2)  # below the curve: the grid's start
    assert crossing(grid, curve, 0.9) == (0.2, 0.8)  # above: its end, and the most the model reaches
    # A dip from sampling noise is read as flat (the curve is made non-decreasing first).
    assert crossing(grid, np.array([0.2, 0.5, 0.45]), 0.5) == pytest.approx((0.1, 0.5))


def test_the_anchor_s_batch_plays_the_same_runs_as_the_forecast_it_sets() -> None:
    """strike_shares plays every (weight, shift) pair on the same draws in one batch; each share equals
    the forecast's own runs with that shift and weight set on the model."""
    a = _fixture()[0]
    priors = bundled_priors()
    base = forecast_dispute(a, priors, 5.0, Conflict(0.0, ""))
    assert base is not None and base.model is not None
    shares = strike_shares(base.model, 7, 1024, (0.0, 0.3), (0.0, 1.0))
    for i, weight in enumerate((0.0, 1.0)):
        for j, shift in enumerate((0.0, 0.3)):
            one = forecast_dispute(a, priors, 5.0, Conflict(shift, "", weight))
            assert one is not None and one.model is not None
            assert one.model.reserved_shift == (shift, shift) and one.model.strike_cost_weight == weight
            table = run_dispute(one.model, 7, 0, 1024)
            assert shares[i, j] == np.count_nonzero(table.strike_days) / 1024
    # Reserved values move with the shift and stay within 0-1: the union's uniform 0.2-0.7 moved by 0.3
    # runs 0.5-1.0.
    values, _ = base.model.inputs.draw(7, 0, 1024)
    moved = run_dispute(dataclasses.replace(base.model, reserved_shift=(0.3, 0.3)), 7, 0, 1024)
    assert np.allclose(moved.inputs["union.reserved"], np.clip(values["union.reserved"] + 0.3, 0, 1))


def test_the_anchor_s_target_is_the_comparable_disputes_share_struck() -> None:
    a, b, c = _fixture()
    priors = bundled_priors()
    curves = Curves(priors)
    # For a (WA): b (no strike) and c (struck), neither in Washington: 1 of 2.
    found = anchor("WA", [b, c], priors, curves)
    assert found is not None and found.target == 0.5 and found.disputes == ("b-2021", "c-2022")
    # For b (MN): a and c both struck.
    found = anchor("MN", [a, c], priors, curves)
    assert found is not None and found.target == 1.0
    # For a California forecast from all three, c counts three times: (1 + 0 + 3) / (1 + 1 + 3) = 0.8.
    found = anchor("CA", [a, b, c], priors, curves)
    assert found is not None and found.target == pytest.approx(0.8) and found.same_state == 1


def _flipped(dispute: Dispute) -> Dispute:
    """The same dispute with the opposite outcome: no strike, settled at the union's last raise."""
    union = dispute.union_last
    assert union is not None and dispute.settlement is not None
    strike = dispute.strike.model_copy(
        update={"struck": dispute.strike.struck.model_copy(update={"value": False}), "school_days": None}
    )
    settlement = dispute.settlement.model_copy(update={"raises": union.raises})
    return dispute.model_copy(update={"strike": strike, "settlement": settlement})


def test_a_forecast_never_uses_its_own_outcome() -> None:
    disputes = _fixture()
    priors = bundled_priors()
    before = {r.id: r for r in backtest(disputes, priors, runs=4096, seed=1).rows}
    after = {
        r.id: r for r in backtest([_flipped(disputes[0]), *disputes[1:]], priors, runs=4096, seed=1).rows
    }
    a_before, a_after = before["a-2020"], after["a-2020"]
    # a's forecast is the same whatever a's outcome: its anchor, typical length and forecast.
    for key in (
        "p_strike",
        "strike_days_forecast",
        "strike_days_given_strike",
        "raise_forecast",
        "typical_days",
        "anchor_rate",
        "conflict",
    ):
        assert getattr(a_before, key) == getattr(a_after, key), key
    # ...while the others' anchors use it: b's comparable disputes struck 2 of 2, now 1 of 2.
    assert (before["b-2021"].anchor_rate, after["b-2021"].anchor_rate) == (1.0, 0.5)


@settings(max_examples=6, deadline=None)
@given(
    st.sampled_from(bundled_priors().strike_rate.conflict_grid.value),
    st.sampled_from(bundled_priors().strike_rate.cost_weight_grid.value),
    st.floats(0.0, 1.0),
    st.integers(0, 2**16),
)
def test_under_any_anchor_a_harder_law_never_raises_the_strike_probability(
    shift: float, cost_weight: float, extra: float, seed: int
) -> None:
    """Whatever shift and cost weight the anchor finds, fines on the union (in daily payrolls) never add a
    strike: in every run, a union that strikes under the harsher law strikes under the milder one too."""
    a = _fixture()[0]
    forecast = forecast_dispute(a, bundled_priors(), 5.0, Conflict(shift, "", cost_weight))
    assert forecast is not None and forecast.model is not None
    base = forecast.model
    daily = base.facts.daily_payroll

    def struck(fine: float) -> np.ndarray:
        fixed = {**base.inputs.fixed, "strike.union_penalties_per_day": fine * daily}
        model = dataclasses.replace(base, inputs=dataclasses.replace(base.inputs, fixed=fixed))
        return run_dispute(model, seed, 0, 2048).strike_days > 0

    assert not np.any(struck(extra) & ~struck(0.0))
