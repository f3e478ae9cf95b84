"""`bargain backtest` for people (a table) and for programs (a JSON document)."""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.table import Table

from bargaining.simulate import Backtest, Score

METHOD_NAMES = {
    "model": "the model",
    "district_last": "district's last offer",
    "split": "split the difference",
}


def backtest_document(result: Backtest) -> dict[str, Any]:
    return {
        "runs": result.runs,
        "seed": result.seed,
        "disputes": [dataclasses.asdict(row) for row in result.rows],
        "scores": {score.method: _score(score) for score in result.scores},
        "p_no_deal_after_strike": result.p_no_deal_after_strike,
        "nonpay_share_won": {
            "with_strike": result.nonpay_pattern[0],
            "without_strike": result.nonpay_pattern[1],
            "disputes": result.nonpay_pattern[2],
        },
        "skipped": list(result.skipped),
    }


def _score(score: Score) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(score).items() if k != "method"}


def _num(value: float | None, digits: int = 2, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.{digits}f}{suffix}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def backtest_tables(result: Backtest) -> list[Table]:
    rows = Table(
        title=f"Leave-one-out backtest: {len(result.rows)} disputes with both last raises, "
        f"{result.runs:,} runs each, seed {result.seed}",
        title_justify="left",
    )
    for name in (
        "dispute",
        "district's last",
        "union's last",
        "settled",
        "forecast",
        "error",
        "P(strike)",
        "comparable struck",
        "struck",
        "typical days",
        "days if struck",
        "expected days",
        "days struck",
        "non-pay won: forecast",
        "settled",
    ):
        rows.add_column(name, justify="left" if name == "dispute" else "right", no_wrap=name == "dispute")
    for row in result.rows:
        error = row.error("model")
        rows.add_row(
            row.id,
            _num(row.district, 2, "%"),
            _num(row.union, 2, "%"),
            _num(row.settled, 2, "%"),
            _num(row.raise_forecast, 2, "%"),
            _num(error, 2),
            _pct(row.p_strike),
            _pct(row.anchor_rate),
            "yes" if row.struck else "no",
            _num(row.typical_days, 1),
            _num(row.strike_days_given_strike, 1),
            _num(row.strike_days_forecast, 1),
            "unknown" if row.strike_days is None else str(row.strike_days),
            _pct(row.nonpay_forecast),
            _pct(row.nonpay_won),
        )
    scores = Table(title="Scores", title_justify="left")
    for name in (
        "method",
        "raise error (points, mean)",
        "within 1.5 points",
        "strike right",
        "strike-day rank correlation",
        "the same, expected days",
        "non-pay share error",
    ):
        scores.add_column(name, justify="left" if name == "method" else "right")  # fmt: skip
    for score in result.scores:
        scores.add_row(
            METHOD_NAMES[score.method],
            f"{_num(score.mean_abs_error)} ({score.raises})",
            f"{_pct(score.within)} ({score.raises})",
            f"{_pct(score.strike_right)} ({score.strikes})",
            f"{_num(score.rank_correlation)} ({score.days})",
            f"{_num(score.rank_correlation_expected_days)} ({score.days_expected})",
            f"{_num(score.nonpay_abs_error)} ({score.nonpay})",
        )
    scores.caption = (
        f"Simulated strikes ending without a deal: {_pct(result.p_no_deal_after_strike)}. "
        f"The union's share of non-pay items won, settled runs with a strike: "
        f"{_pct(result.nonpay_pattern[0])}; without one: {_pct(result.nonpay_pattern[1])} "
        f"(mean over {result.nonpay_pattern[2]} disputes). "
        f"Not forecast (a last raise missing): {len(result.skipped)} disputes. Counts in brackets. The "
        "strike-day rank correlation sets each struck dispute's forecast days if struck (the mean given a "
        "strike) beside its school days struck; the same with expected days sets P(strike) times that mean "
        "beside the days struck, 0 for the disputes that did not strike. The "
        "baselines strike where half the other disputes did and forecast no strike days. P(strike) is "
        "anchored on the comparable disputes' share struck (the others with both last raises, the same "
        "state counted more), typical days on their median school days struck; the class over-represents "
        "strikes (press coverage)."
    )
    return [rows, scores]
