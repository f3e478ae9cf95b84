"""Reports: the only place that rounds or formats numbers. JSON, tables, CSV and XLSX."""

from bargaining.report.costs import cost_document, gap_document, money
from bargaining.report.sheets import write_costs_csv, write_costs_xlsx

__all__ = ["cost_document", "gap_document", "money", "write_costs_csv", "write_costs_xlsx"]
