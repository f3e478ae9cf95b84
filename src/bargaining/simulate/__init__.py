"""Simulate the dispute: negotiation strategies, strike economics, batched Monte Carlo and Dask scale-out."""

from bargaining.simulate import montecarlo
from bargaining.simulate.anchor import Anchor, Curves, forecast_with_reference, typical_days
from bargaining.simulate.backtest import Backtest, Row, Score, backtest, spearman
from bargaining.simulate.dispute import PHASES, DisputeModel, school_holidays, timetable_of
from bargaining.simulate.engine import RunTable
from bargaining.simulate.forecast import Forecast, forecast_case, forecast_dispute, uses_priors
from bargaining.simulate.montecarlo import DEFAULT_BATCH, simulate, simulate_on_dask
from bargaining.simulate.outlook import forecast_block
from bargaining.simulate.protocol import (
    Agreements,
    NegotiationState,
    OfferTable,
    Strategy,
    alternating_offers,
)
from bargaining.simulate.reserved import Conflict, ability_shift
from bargaining.simulate.strategies import (
    boulware,
    conceder,
    linear,
    reservation_aware,
    time_dependent,
    tit_for_tat,
)
from bargaining.simulate.strike import StrikeDay, StrikeFacts, StrikeTable, strike_day, strike_table
from bargaining.simulate.summary import summarize
from bargaining.simulate.used import UsedPrior

__all__ = [
    "DEFAULT_BATCH",
    "PHASES",
    "Agreements",
    "Anchor",
    "Backtest",
    "Conflict",
    "Curves",
    "DisputeModel",
    "Forecast",
    "NegotiationState",
    "OfferTable",
    "Row",
    "RunTable",
    "Score",
    "Strategy",
    "StrikeDay",
    "StrikeFacts",
    "StrikeTable",
    "UsedPrior",
    "ability_shift",
    "alternating_offers",
    "backtest",
    "boulware",
    "conceder",
    "forecast_block",
    "forecast_case",
    "forecast_dispute",
    "forecast_with_reference",
    "linear",
    "montecarlo",
    "reservation_aware",
    "school_holidays",
    "simulate",
    "simulate_on_dask",
    "spearman",
    "strike_day",
    "strike_table",
    "summarize",
    "time_dependent",
    "timetable_of",
    "tit_for_tat",
    "typical_days",
    "uses_priors",
]
