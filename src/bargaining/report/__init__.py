"""Reports: the only place that rounds or formats numbers. JSON, tables, CSV and XLSX."""

from bargaining.report.costs import cost_document, gap_document, money
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
    "cost_document",
    "gap_document",
    "money",
    "movement_document",
    "process_document",
    "resolved_pack",
    "status_document",
    "status_parts",
    "timeline_document",
    "write_costs_csv",
    "write_costs_xlsx",
]
