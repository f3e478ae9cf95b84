"""Ability to pay: the district's multiyear budget and reserves under each proposal."""

from bargaining.budget.disclosure import PublicDisclosure, current_year, public_disclosure
from bargaining.budget.exhibits import BenchmarkRow, RealPay, Standing, benchmark_rows, real_pay
from bargaining.budget.projection import (
    ProjectedYear,
    Scenario,
    added_cost,
    affordable_raise,
    base_lines,
    paid_in_budget_years,
    project,
    project_years,
    reserve_shortfall,
)

__all__ = [
    "BenchmarkRow",
    "ProjectedYear",
    "PublicDisclosure",
    "RealPay",
    "Scenario",
    "Standing",
    "added_cost",
    "affordable_raise",
    "base_lines",
    "benchmark_rows",
    "current_year",
    "paid_in_budget_years",
    "project",
    "project_years",
    "public_disclosure",
    "real_pay",
    "reserve_shortfall",
]
