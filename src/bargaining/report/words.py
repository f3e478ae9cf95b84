"""The words a finance officer, a teacher or a mediator uses for what the engines compute."""

from __future__ import annotations

from collections.abc import Sequence

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


def passed_on_heading(unit_title: str) -> str:
    """The heading over what a parity ("me-too") clause passes on to another unit."""
    return f"Passed on to {unit_title} by the parity clause"


def passed_on_title(unit_title: str, kinds: Sequence[str], follows: str) -> str:
    """The heading over what a parity clause passes on, with the kinds of term and whom it follows."""
    listed = ", ".join(TERM_WORDS.get(kind, kind).lower() for kind in kinds)
    return f"{passed_on_heading(unit_title)} ({listed}, as {follows} wins)"


def district_heading() -> str:
    return "District-wide settlement, all units"


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
# Each term type, as the people at the table name it (the form's type chooser, the headings of a term).
TERM_WORDS = {
    "raise": "Raise on the salary schedule",
    "schedule_add": "Dollars added to the salary schedule",
    "one_time": "One-time payment",
    "staffing": "Added or cut positions",
    "class_size": "Class size",
    "caseload": "Caseload cap",
    "step_freeze": "Step freeze",
    "health": "Health contribution",
    "language": "Contract language (not costed)",
    "cell_raise": "Raise for a block of cells",
    "step_add": "New top steps",
    "minimum_salary": "Minimum salary",
    "schedule_replace": "New salary schedule",
}
# Each field of a term, as a label beside its box.
FIELD_WORDS = {
    "percent": "Percent",
    "effective": "Effective from",
    "amount": "Dollars",
    "amount_per_fte": "Dollars per FTE a year",
    "paid": "Paid on",
    "role": "Role",
    "roles": "Roles (all when empty)",
    "schedules": "Salary schedules (all when empty)",
    "schedule": "Salary schedule",
    "fte": "FTE (negative to cut)",
    "cost_per_fte": "Fully loaded cost of one FTE",
    "salary": "Salary of one added position",
    "grade_band": "Grade band",
    "cap": "Cap",
    "reduce_by": "Reduce the average by (students)",
    "students": "Students",
    "fiscal_year": "Fiscal year (e.g. 2019-20)",
    "summary": "What the language says",
    "steps": "Steps (first and last)",
    "lanes": "Lanes (all when empty)",
    "count": "Steps added",
    "cells": "New grid (CSV file of the case)",
    "crosswalk": "Crosswalk (CSV file of the case)",
    "article": "Contract article",
    "sunset": "Ends on (sunset)",
    "source": "Source (URL or citation)",
    "note": "Note",
}
# Each mediator solution of the package space, with what it means in one line.
SOLUTION_WORDS = {
    "nash": (
        "Nash bargaining solution",
        "the package with the largest product of both sides' gains over their bottom lines",
    ),
    "kalai_smorodinsky": (
        "Kalai-Smorodinsky solution",
        "the package where each side gets the same share of the most it could hope for",
    ),
    "max_joint_gain": (
        "Largest joint gain",
        "the package with the largest sum of both sides' scores, both above their bottom lines",
    ),
    "split_the_difference": ("Split the difference", "each issue halfway between the two last offers"),
}
# Roles of the workbench and parties of the record, as a page names them.
PARTY_WORDS = {
    "employer": "District",
    "union": "Union",
    "mediator": "Mediator",
    "factfinder": "Factfinder",
    "agency": "Labor board",
    "both": "Both sides",
    "joint": "Both sides",
    "observer": "Public",
    "admin": "Moderator",
}


def plain(key: str) -> str:
    """A key nobody wrote words for, as words: ``grade_band`` -> ``grade band``."""
    return key.replace("_", " ")
