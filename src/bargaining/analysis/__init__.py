"""Find the deal: utilities over a package space, the Pareto frontier, bargaining solutions, the
mediator's single negotiating text and blind bidding."""

from bargaining.analysis.frontier import pareto_mask
from bargaining.analysis.solutions import (
    frontier_distance,
    joint_improvement,
    kalai_smorodinsky,
    max_joint_gain,
    nash_point,
    zopa_mask,
)

__all__ = [
    "frontier_distance",
    "joint_improvement",
    "kalai_smorodinsky",
    "max_joint_gain",
    "nash_point",
    "pareto_mask",
    "zopa_mask",
]
