"""Ability to pay: the district's multiyear budget and reserves under each proposal."""

from bargaining.budget.disclosure import PublicDisclosure, current_year, public_disclosure
from bargaining.budget.exhibits import BenchmarkRow, RealPay, Standing, benchmark_rows, real_pay
from bargaining.budget.projection import (
    ProjectedYear,
    Scenario,
    added_cost,
    affordable_raise,
    project,
    project_years,
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
    "benchmark_rows",
    "current_year",
    "project",
    "project_years",
    "public_disclosure",
    "real_pay",
]
