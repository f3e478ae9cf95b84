"""Ability to pay: the district's multiyear budget and reserves under each proposal."""

from bargaining.budget.projection import (
    ProjectedYear,
    Scenario,
    added_cost,
    affordable_raise,
    project,
    project_years,
)

__all__ = [
    "ProjectedYear",
    "Scenario",
    "added_cost",
    "affordable_raise",
    "project",
    "project_years",
]
