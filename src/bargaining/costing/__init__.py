"""Costing: proposals priced the way a county office would, vectorised over the roster."""

from bargaining.costing.batch import ProposalBatch, TermBatch, stack, structure
from bargaining.costing.blocks import block_key, cost_blocks
from bargaining.costing.context import CostContext
from bargaining.costing.engine import (
    BatchCost,
    Cliff,
    CostNotFinite,
    CostWarning,
    ProposalCost,
    check_finite,
    cost_batch,
    cost_proposal,
    cost_proposals,
)
from bargaining.costing.lines import COMPONENTS
from bargaining.costing.summary import Disclosure, Gap, StatusQuo, compare, disclosure, status_quo

__all__ = [
    "COMPONENTS",
    "BatchCost",
    "Cliff",
    "CostContext",
    "CostNotFinite",
    "CostWarning",
    "Disclosure",
    "Gap",
    "ProposalBatch",
    "ProposalCost",
    "StatusQuo",
    "TermBatch",
    "block_key",
    "check_finite",
    "compare",
    "cost_batch",
    "cost_blocks",
    "cost_proposal",
    "cost_proposals",
    "disclosure",
    "stack",
    "status_quo",
    "structure",
]
