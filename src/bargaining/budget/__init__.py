"""Ability to pay: the district's multiyear budget and reserves under each proposal."""

from bargaining.budget.disclosure import PublicDisclosure, current_year, public_disclosure
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
    "PublicDisclosure",
    "Scenario",
    "added_cost",
    "affordable_raise",
    "current_year",
    "project",
    "project_years",
    "public_disclosure",
]
