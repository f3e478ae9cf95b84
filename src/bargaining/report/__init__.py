"""Reports: the only place that rounds or formats numbers. JSON, tables, CSV and XLSX."""

from bargaining.report.charts import cost_chart, deal_chart, movement_chart, simulation_charts
from bargaining.report.costs import cost_document, gap_document, money
from bargaining.report.numbers import dollars, dollars_millions, fixed, general, share
from bargaining.report.sheets import write_costs_csv, write_costs_xlsx
from bargaining.report.status import (
    ResolvedPack,
    StatusParts,
    movement_document,
    process_document,
    resolved_pack,
    status_document,
    status_parts,
    timeline_document,
)

__all__ = [
    "ResolvedPack",
    "StatusParts",
    "cost_chart",
    "cost_document",
    "deal_chart",
    "dollars",
    "dollars_millions",
    "fixed",
    "gap_document",
    "general",
    "money",
    "movement_chart",
    "movement_document",
    "process_document",
    "resolved_pack",
    "share",
    "simulation_charts",
    "status_document",
    "status_parts",
    "timeline_document",
    "write_costs_csv",
    "write_costs_xlsx",
]
