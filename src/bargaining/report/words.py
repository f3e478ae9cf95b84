"""The words a finance officer, a teacher or a mediator uses for what the engines compute."""

from __future__ import annotations

# Each cost component, as a finance office names it.
COMPONENT_WORDS = {
    "salary": "Salary schedule",
    "step_column": "Step and column",
    "one_time": "One-time pay",
    "statutory": "Statutory benefits",
    "health": "Health and welfare",
    "staffing": "Added staff",
    "class_size": "Class-size positions",
    "caseload": "Caseload positions",
}
# Each row of the public disclosure's section A, as the state's form names it.
DISCLOSURE_WORDS = {
    "salary_schedule_increase": "Salary schedule increase",
    "step_and_column": "Step and column",
    "other_compensation": "Other compensation (one-time pay)",
    "statutory_benefits": "Statutory benefits",
    "health_and_welfare": "Health and welfare",
    "total_compensation": "Total compensation",
    "added_positions": "Added positions (staffing, class size, caseload)",
    "total_cost": "Total cost",
}
