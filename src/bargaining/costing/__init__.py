"""Costing: proposals priced the way a county office would, vectorised over the roster."""

from bargaining.costing.batch import ProposalBatch, TermBatch, stack, structure
from bargaining.costing.blocks import block_key, cost_blocks
from bargaining.costing.context import CostContext, FloatArray
from bargaining.costing.district import DistrictTotal, district_total
from bargaining.costing.engine import (
    BatchCost,
    CostNotFinite,
    PassedOn,
    ProposalCost,
    check_finite,
    cost_batch,
    cost_proposal,
    cost_proposals,
    recurring_cost,
)
from bargaining.costing.grids import GridView, grid_views
from bargaining.costing.lines import COMPONENTS
from bargaining.costing.members import CellPay, MemberPay, MembersPay, members_pay
from bargaining.costing.notes import Cliff, CostWarning
from bargaining.costing.paid import back_pay_by_year, paid_by_year
from bargaining.costing.paychange import schedule_change
from bargaining.costing.summary import (
    DISCLOSURE_ROWS,
    Gap,
    StatusQuo,
    compare,
    status_quo,
)

__all__ = [
    "COMPONENTS",
    "DISCLOSURE_ROWS",
    "BatchCost",
    "CellPay",
    "Cliff",
    "CostContext",
    "CostNotFinite",
    "CostWarning",
    "DistrictTotal",
    "FloatArray",
    "Gap",
    "GridView",
    "MemberPay",
    "MembersPay",
    "PassedOn",
    "ProposalBatch",
    "ProposalCost",
    "StatusQuo",
    "TermBatch",
    "back_pay_by_year",
    "block_key",
    "check_finite",
    "compare",
    "cost_batch",
    "cost_blocks",
    "cost_proposal",
    "cost_proposals",
    "district_total",
    "grid_views",
    "members_pay",
    "paid_by_year",
    "recurring_cost",
    "schedule_change",
    "stack",
    "status_quo",
    "structure",
]
