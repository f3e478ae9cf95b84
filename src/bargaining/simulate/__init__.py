"""Simulate the dispute: negotiation strategies, strike economics, batched Monte Carlo and Dask scale-out."""

from bargaining.simulate.backtest import Backtest, Row, Score, backtest, spearman
from bargaining.simulate.dispute import DisputeModel
from bargaining.simulate.forecast import (
    Forecast,
    UsedPrior,
    ability_shift,
    forecast_case,
    forecast_dispute,
    typical_days,
)
from bargaining.simulate.montecarlo import simulate, simulate_on_dask
from bargaining.simulate.outlook import forecast_block
from bargaining.simulate.positions import Positions, positions_of_case, positions_of_dispute
from bargaining.simulate.protocol import (
    Agreements,
    NegotiationState,
    OfferTable,
    Strategy,
    alternating_offers,
)
from bargaining.simulate.strategies import (
    boulware,
    conceder,
    linear,
    reservation_aware,
    time_dependent,
    tit_for_tat,
)
from bargaining.simulate.strike import StrikeDay, StrikeFacts, strike_day, strike_table
from bargaining.simulate.summary import summarize

__all__ = [
    "Agreements",
    "Backtest",
    "DisputeModel",
    "Forecast",
    "NegotiationState",
    "OfferTable",
    "Positions",
    "Row",
    "Score",
    "Strategy",
    "StrikeDay",
    "StrikeFacts",
    "UsedPrior",
    "ability_shift",
    "alternating_offers",
    "backtest",
    "boulware",
    "conceder",
    "forecast_block",
    "forecast_case",
    "forecast_dispute",
    "linear",
    "positions_of_case",
    "positions_of_dispute",
    "reservation_aware",
    "simulate",
    "simulate_on_dask",
    "spearman",
    "strike_day",
    "strike_table",
    "summarize",
    "time_dependent",
    "tit_for_tat",
    "typical_days",
]
