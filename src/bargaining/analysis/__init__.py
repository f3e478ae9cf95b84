"""Find the deal: utilities over a package space, the Pareto frontier, bargaining solutions, the
mediator's single negotiating text and blind bidding."""

from bargaining.analysis.blind import BlindBidResult, blind_bid
from bargaining.analysis.deal import DealSpace, OfferPosition, analyze
from bargaining.analysis.derive import derived_preferences
from bargaining.analysis.frontier import pareto_mask
from bargaining.analysis.mediator import Mediation, Reaction, Step, mediate, react
from bargaining.analysis.positions import (
    NONPAY_TERMS,
    Positions,
    positions_of_case,
    positions_of_dispute,
    total_until,
)
from bargaining.analysis.reference import (
    BaseRates,
    Excluded,
    Selection,
    base_rates,
    exclude_matching,
    months_to_agreement,
    share_of_gap,
)
from bargaining.analysis.solutions import (
    frontier_distance,
    joint_improvement,
    kalai_smorodinsky,
    max_joint_gain,
    nash_point,
    zopa_mask,
)
from bargaining.analysis.space import split_the_difference
from bargaining.analysis.valuation import Valued, Valuer, value_offers, value_packages
from bargaining.analysis.views import (
    analysis_document,
    blind_bid_document,
    mediation_document,
)
from bargaining.model import VIEWPOINTS, Viewpoint

__all__ = [
    "NONPAY_TERMS",
    "VIEWPOINTS",
    "BaseRates",
    "BlindBidResult",
    "DealSpace",
    "Excluded",
    "Mediation",
    "OfferPosition",
    "Positions",
    "Reaction",
    "Selection",
    "Step",
    "Valued",
    "Valuer",
    "Viewpoint",
    "analysis_document",
    "analyze",
    "base_rates",
    "blind_bid",
    "blind_bid_document",
    "derived_preferences",
    "exclude_matching",
    "frontier_distance",
    "joint_improvement",
    "kalai_smorodinsky",
    "max_joint_gain",
    "mediate",
    "mediation_document",
    "months_to_agreement",
    "nash_point",
    "pareto_mask",
    "positions_of_case",
    "positions_of_dispute",
    "react",
    "share_of_gap",
    "split_the_difference",
    "total_until",
    "value_offers",
    "value_packages",
    "zopa_mask",
]
