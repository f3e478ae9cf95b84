"""How a mid-year change is prorated: by pay periods, or by the work days of a work year (``proration``,
``work_year``), for the case and, where a unit says otherwise, for that unit (``units[].proration``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from bargaining.inputs.schema import UnitSpec, WorkYearSpec
from bargaining.model import Calendar, WorkYear

ErrorAt = Callable[[tuple[str | int, ...], str], None]


def work_year_of(
    proration: str,
    given: WorkYearSpec | None,
    fiscal_year_start: str,
    error: ErrorAt,
    at: tuple[str, ...] = (),
) -> WorkYear | None:
    """The work year of ``proration: work_days`` (None on the pay-period basis), checked to lie inside one
    fiscal year with no more work days than calendar days; errors at ``at`` + the key."""
    if proration == "work_days" and given is None:
        error((*at, "proration"), "work_days needs a work_year: {days, start, end}")
        return None
    if given is None:
        return None
    if proration != "work_days":
        error((*at, "work_year"), "work_year is used only with proration: work_days")
        return None
    fiscal_start = tuple(int(x) for x in fiscal_year_start.split("-"))
    start, end = (tuple(int(x) for x in text.split("-")) for text in (given.start, given.end))
    year = Calendar(2001, 2001, *fiscal_start, work_year=WorkYear(given.days, start, end))  # type: ignore[arg-type, misc]
    first, last = year.in_year(2001, start), year.in_year(2001, end)  # type: ignore[arg-type]
    if last < first:
        error(
            (*at, "work_year", "end"),
            f"the work year must end after it starts, within one fiscal year"
            f" (it starts {given.start}; the fiscal year starts {fiscal_year_start})",
        )
        return None
    span = (last - first).days + 1
    if given.days > span:
        error(
            (*at, "work_year", "days"),
            f"{given.days} work days do not fit in the {span} days from {given.start} to {given.end}",
        )
        return None
    return year.work_year


def unit_calendar(
    uspec: UnitSpec,
    case_proration: str,
    case_work_year: WorkYearSpec | None,
    calendar: Calendar,
    fiscal_year_start: str,
    error: ErrorAt,
) -> Calendar | None:
    """The unit's own calendar when it prorates otherwise than the case (None: the case's). A unit that
    names only ``proration: work_days`` takes the case's work year; one that names only a ``work_year``
    keeps the case's proration. Errors are put under ``unit``."""
    if uspec.proration is None and uspec.work_year is None:
        return None
    proration = uspec.proration or case_proration
    given = uspec.work_year or (case_work_year if proration == "work_days" else None)
    work_year = work_year_of(proration, given, fiscal_year_start, error, ("unit",))
    if proration == "work_days" and work_year is None:
        return None  # reported
    return dataclasses.replace(calendar, work_year=work_year)
