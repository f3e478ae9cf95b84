"""Simulate the dispute: negotiation strategies, strike economics, batched Monte Carlo and Dask scale-out."""

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

__all__ = [
    "Agreements",
    "NegotiationState",
    "OfferTable",
    "Strategy",
    "alternating_offers",
    "boulware",
    "conceder",
    "linear",
    "reservation_aware",
    "time_dependent",
    "tit_for_tat",
]
