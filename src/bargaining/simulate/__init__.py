"""Simulate the dispute: negotiation strategies, strike economics, batched Monte Carlo and Dask scale-out."""

from bargaining.simulate.dispute import DisputeModel
from bargaining.simulate.montecarlo import simulate, simulate_on_dask
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
    "DisputeModel",
    "NegotiationState",
    "OfferTable",
    "Strategy",
    "StrikeDay",
    "StrikeFacts",
    "alternating_offers",
    "boulware",
    "conceder",
    "linear",
    "reservation_aware",
    "simulate",
    "simulate_on_dask",
    "strike_day",
    "strike_table",
    "summarize",
    "time_dependent",
    "tit_for_tat",
]
