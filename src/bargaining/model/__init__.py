"""Plain values: the case, its unit, its proposals and terms. No I/O here."""

from bargaining.model.case import (
    Case,
    DatedRate,
    Enrollment,
    Party,
    PartyRole,
    Proposal,
    Roster,
    Source,
    Unit,
)
from bargaining.model.fiscal import Calendar, fiscal_year_label, parse_fiscal_year
from bargaining.model.terms import (
    TERM_TYPES,
    Caseload,
    ClassSize,
    HealthChange,
    Language,
    OneTime,
    Raise,
    ScheduleAdd,
    Staffing,
    StepFreeze,
    Term,
)

__all__ = [
    "TERM_TYPES",
    "Calendar",
    "Case",
    "Caseload",
    "ClassSize",
    "DatedRate",
    "Enrollment",
    "HealthChange",
    "Language",
    "OneTime",
    "Party",
    "PartyRole",
    "Proposal",
    "Raise",
    "Roster",
    "ScheduleAdd",
    "Source",
    "Staffing",
    "StepFreeze",
    "Term",
    "Unit",
    "fiscal_year_label",
    "parse_fiscal_year",
]
