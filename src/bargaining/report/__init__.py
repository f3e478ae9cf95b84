"""Reports: the only place that rounds or formats numbers. JSON, tables, CSV and XLSX."""

from bargaining.report.analysis import analysis_lines, explain, issues_text, write_deal_chart
from bargaining.report.backtest import backtest_document, backtest_tables
from bargaining.report.budget import budget_document, budget_tables, write_budget_csv, write_budget_xlsx
from bargaining.report.charts import cost_chart, deal_chart, movement_chart, reserve_chart, simulation_charts
from bargaining.report.costs import (
    cost_disclosure_document,
    cost_disclosure_table,
    cost_document,
    cost_table,
    gap_document,
    gap_table,
    millions,
    money,
    overview_table,
    proposal_document,
)
from bargaining.report.disclosure import disclosure_document, disclosure_tables, write_disclosure_xlsx
from bargaining.report.exhibits import exhibits_document, exhibits_tables, write_exhibits_xlsx
from bargaining.report.members import members_document, members_tables, write_members_csv, write_members_xlsx
from bargaining.report.numbers import dollars, dollars_millions, fixed, general, share
from bargaining.report.reference import (
    disputes_table,
    rates_sentences,
    reference_document,
    reference_markdown,
)
from bargaining.report.rowsheets import (
    gap_rows,
    status_rows,
    status_sheets,
    strike_rows,
    write_rows_csv,
    write_sheets_xlsx,
)
from bargaining.report.sheets import write_costs_csv, write_costs_xlsx
from bargaining.report.simulation import forecast_lines, strike_document, strike_rich, summary_tables
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
from bargaining.report.terms import (
    day_words,
    proposal_summary,
    term_types,
    term_words,
    terms_document,
    typed_term,
)

__all__ = [
    "ResolvedPack",
    "StatusParts",
    "analysis_lines",
    "backtest_document",
    "backtest_tables",
    "budget_document",
    "budget_tables",
    "cost_chart",
    "cost_disclosure_document",
    "cost_disclosure_table",
    "cost_document",
    "cost_table",
    "day_words",
    "deal_chart",
    "disclosure_document",
    "disclosure_tables",
    "disputes_table",
    "dollars",
    "dollars_millions",
    "exhibits_document",
    "exhibits_tables",
    "explain",
    "fixed",
    "forecast_lines",
    "gap_document",
    "gap_rows",
    "gap_table",
    "general",
    "issues_text",
    "members_document",
    "members_tables",
    "millions",
    "money",
    "movement_chart",
    "movement_document",
    "overview_table",
    "process_document",
    "proposal_document",
    "proposal_summary",
    "rates_sentences",
    "reference_document",
    "reference_markdown",
    "reserve_chart",
    "resolved_pack",
    "share",
    "simulation_charts",
    "status_document",
    "status_parts",
    "status_rows",
    "status_sheets",
    "strike_document",
    "strike_rich",
    "strike_rows",
    "summary_tables",
    "term_types",
    "term_words",
    "terms_document",
    "timeline_document",
    "typed_term",
    "write_budget_csv",
    "write_budget_xlsx",
    "write_costs_csv",
    "write_costs_xlsx",
    "write_deal_chart",
    "write_disclosure_xlsx",
    "write_exhibits_xlsx",
    "write_members_csv",
    "write_members_xlsx",
    "write_rows_csv",
    "write_sheets_xlsx",
]
