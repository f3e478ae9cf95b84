"""`bargain backtest` on a small fixture dataset (tests/simulate/backtest), its scores worked by hand."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.inputs.priors import bundled_priors
from bargaining.inputs.reference import load_reference
from bargaining.simulate.anchor import typical_stakes
from bargaining.simulate.backtest import Row, backtest, score, spearman
from bargaining.simulate.forecast import forecast_dispute
from bargaining.simulate.montecarlo import simulate
from bargaining.simulate.outlook import nonpay_by_strike

FIXTURE = Path(__file__).parent / "backtest"
runner = CliRunner()


def test_spearman_by_hand() -> None:
    # No ties: d = 0, 1, 1, 0; 1 - 6 x 2 / (4 x 15) = 0.8.
    assert spearman([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    # Ties share their mean rank: x ranks 1.5, 1.5, 3; y 1, 2, 3. Deviations -0.5, -0.5, 1 and -1, 0, 1:
    # covariance 1.5, variances 1.5 and 2: 1.5 / sqrt(3) = 0.866.
    assert spearman([1, 1, 2], [1, 2, 3]) == pytest.approx(1.5 / 3**0.5)
    assert spearman([1, 2], [2, 1]) is None  # too few pairs
    assert spearman([1, 1, 1], [1, 2, 3]) is None  # no spread


def _row(ident: str, struck: bool, days: int | None, given: float | None, p_strike: float) -> Row:
    """A made-up row: only the strike fields matter here."""
    return Row(
        id=ident,
        state="CA",
        district=1.0,
        union=2.0,
        settled=None,
        raise_forecast=1.5,
        p_strike=p_strike,
        strike_days_forecast=p_strike * (given or 0.0),
        strike_days_given_strike=given,
        p_no_deal_after_strike=None,
        struck=struck,
        strike_days=days,
        nonpay_forecast=None,
        nonpay_won=None,
        typical_days=None,
        base_rate=0.5,
    )


def test_the_strike_day_rank_correlation_by_hand() -> None:
    rows = [
        _row("p", True, 6, 1.0, 0.2),  # expected 0.2 days
        _row("q", True, 7, 1.5, 0.2),  # 0.3
        _row("r", True, 11, 3.0, 0.5),  # 1.5
        _row("s", True, None, 2.0, 0.5),  # struck for an unknown length: in neither score
        _row("t", False, 0, 4.0, 0.6),  # no strike: only in the expected days' score (2.4 against 0)
        _row("u", True, 9, None, 0.0),  # no simulated strike: ranks lowest (0) given a strike
    ]
    model = score(rows, "model")
    # Given a strike, the struck disputes with a length: u, p, q, r. Forecast 0, 1, 1.5, 3 ranks 1, 2, 3, 4;
    # struck 9, 6, 7, 11 ranks 3, 1, 2, 4. d = -2, 1, 1, 0; sum d^2 = 6; 1 - 6 x 6 / (4 x 15) = 0.4.
    assert model.days == 4 and model.rank_correlation == pytest.approx(0.4)
    # Expected days, every known outcome: u, p, q, r, t. Forecast 0, 0.2, 0.3, 1.5, 2.4 ranks 1-5; struck
    # 9, 6, 7, 11, 0 ranks 4, 2, 3, 5, 1. d = -3, 0, 0, -1, 4; sum d^2 = 26; 1 - 6 x 26 / (5 x 24) = -0.3.
    assert model.days_expected == 5 and model.rank_correlation_expected_days == pytest.approx(-0.3)
    # The baselines forecast no strike days.
    assert score(rows, "split").rank_correlation is None and score(rows, "split").days == 0


def test_fixture_scores_by_hand() -> None:
    disputes, errors = load_reference(FIXTURE)
    assert disputes is not None, errors
    result = backtest(disputes, bundled_priors(), runs=4096, seed=3)
    rows = {row.id: row for row in result.rows}
    # Totals up to the contract's last year: c-2022's union asked 5 + 5 (its 2024-25 raise is after the
    # contract) against 2 + 2, and settled 4 + 4.
    assert (rows["c-2022"].district, rows["c-2022"].union, rows["c-2022"].settled) == (4.0, 10.0, 8.0)
    # Typical strike length, leaving each dispute out: a sees c's 10 days, b sees 5 and 10, c sees 5.
    assert [rows[k].typical_days for k in ("a-2020", "b-2021", "c-2022")] == [10.0, 7.5, 5.0]
    scores = {score.method: score for score in result.scores}
    district, split, model = scores["district_last"], scores["split"], scores["model"]
    # District's last offer: |2 - 3| = 1, |1 - 1| = 0, |4 - 8| = 4: mean 5/3; within 1.5 points: a and b.
    assert district.mean_abs_error == pytest.approx(5 / 3) and district.within == pytest.approx(2 / 3)
    # Split the difference: 4 vs 3, 2 vs 1, 7 vs 8: every error 1; all within 1.5.
    assert split.mean_abs_error == pytest.approx(1.0) and split.within == 1.0
    # Strike by the others' base rate: a sees b (no) and c (yes) = 1/2, strike: right; b sees a and c
    # (both struck), strike: wrong; c sees a (yes) and b (no), strike: right. 2 of 3.
    assert district.strike_right == split.strike_right == pytest.approx(2 / 3)
    # Non-pay share won (settled items over the union's): a 1/2, c 1/1; b has none. The district's
    # offer gives 0: errors 0.5 and 1, mean 0.75; split gives 0.5: errors 0 and 0.5, mean 0.25.
    assert district.nonpay_abs_error == pytest.approx(0.75) and split.nonpay_abs_error == pytest.approx(0.25)
    # The model's scores are its rows' (whatever it forecast).
    errors_model = [abs(r.raise_forecast - r.settled) for r in result.rows if r.settled is not None]
    assert model.mean_abs_error == pytest.approx(sum(errors_model) / 3)
    assert model.strike_right == pytest.approx(sum((r.p_strike >= 0.5) == r.struck for r in result.rows) / 3)
    # Strike days: a (5 days) and c (10) struck, so the correlation on the struck disputes has 2 pairs, too
    # few to rank (None); the expected days' correlation has all 3, b's 0 days among them.
    assert (model.days, model.rank_correlation) == (2, None)
    days = [(r.strike_days_forecast, r.strike_days) for r in result.rows]
    assert model.days_expected == 3
    assert model.rank_correlation_expected_days == spearman(
        [a for a, _ in days], [float(b or 0) for _, b in days]
    )
    assert rows["a-2020"].strike_days_forecast == pytest.approx(
        rows["a-2020"].p_strike * (rows["a-2020"].strike_days_given_strike or 0.0)
    )
    # The non-pay pattern is the mean of the rows' shares, over the rows that have both.
    both = [
        (r.nonpay_with_strike, r.nonpay_without_strike)
        for r in result.rows
        if r.nonpay_with_strike is not None and r.nonpay_without_strike is not None
    ]
    assert result.nonpay_pattern == (
        pytest.approx(sum(a for a, _ in both) / len(both)),
        pytest.approx(sum(b for _, b in both) / len(both)),
        len(both),
    )
    # Every forecast raise lies between the two positions.
    assert all(r.district <= r.raise_forecast <= r.union for r in result.rows)


def test_the_typical_stakes_leaving_each_dispute_out_by_hand() -> None:
    # Stakes in daily payrolls do not depend on the unit's size: point-years of pay x 1.25% (roll-up
    # included) x 186 days, plus items x 0.5% x 1.25 x 3 years x 186 days. A one-year contract's raise is
    # paid for the priors' 3 years. a: 4 points x 3 = 12 point-years; (12 x 0.0125 + 2 x 0.00625 x 3) x 186
    # = 34.875; b: 2 x 3 = 6 point-years, 6 x 0.0125 x 186 = 13.95; c (2022-23 and 2023-24, paid to 2024-25):
    # the union's 5, 10, 10 against 2, 4, 4 = 15 point-years (not 6 points x 3 = 18): 15 x 0.0125 x 186 +
    # 0.00625 x 3 x 186 = 34.875 + 3.4875 = 38.3625. Leaving a out: the median of b and c, 26.15625.
    disputes, errors = load_reference(FIXTURE)
    assert disputes is not None, errors
    a, b, c = disputes
    priors = bundled_priors()
    assert typical_stakes([b, c], priors) == pytest.approx(26.15625)
    assert typical_stakes([a, c], priors) == pytest.approx((34.875 + 38.3625) / 2)
    assert typical_stakes([a, b, c], priors) == pytest.approx(34.875)
    assert typical_stakes([], priors) is None


def test_the_non_pay_share_with_and_without_a_strike_by_hand() -> None:
    # a-2020: two items in dispute, so the item issue has levels 0, 1 and 2 (shares 0, 0.5, 1). Settled
    # runs at each level, 8 in all: 4, 1, 3; of them with a strike 0, 1, 3. With a strike
    # (0.5 x 1 + 1 x 3) / 4 = 0.875; without (0 x 4 + 0.5 x 0 + 1 x 0) / 4 = 0.
    disputes, errors = load_reference(FIXTURE)
    assert disputes is not None, errors
    forecast = forecast_dispute(disputes[0], bundled_priors(), 5.0)
    assert forecast is not None and forecast.model is not None and len(forecast.items) == 1
    item = forecast.items[0]
    tally = simulate(forecast.model, 4096, 0)
    terms = list(tally.terms)
    struck = list(tally.struck_terms)
    terms[item], struck[item] = np.array([4, 1, 3]), np.array([0, 1, 3])
    tally = dataclasses.replace(tally, terms=tuple(terms), struck_terms=tuple(struck))
    assert nonpay_by_strike(forecast, tally) == (0.875, 0.0)


def test_backtest_command_json_and_table() -> None:
    result = runner.invoke(app, ["backtest", str(FIXTURE), "--runs", "4096", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [row["id"] for row in document["disputes"]] == ["a-2020", "b-2021", "c-2022"]
    assert set(document["scores"]) == {"model", "district_last", "split"}
    assert set(document["nonpay_share_won"]) == {"with_strike", "without_strike", "disputes"}
    table = runner.invoke(app, ["backtest", str(FIXTURE), "--runs", "4096"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "the model" in table.stdout and "a-2020" in table.stdout


def test_backtest_refuses_a_bad_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["backtest", str(tmp_path)])
    assert result.exit_code == 1
    assert "no dispute files" in result.output
