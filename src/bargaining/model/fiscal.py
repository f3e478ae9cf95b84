"""Fiscal years and pay periods: the calendar every cost is laid out on."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_FY_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


def parse_fiscal_year(label: str) -> int:
    """Return the starting calendar year of a label such as ``2018-19``.

    Raises ValueError when the label is not of that form or the two halves do not follow on.
    """
    match = _FY_LABEL.match(label.strip())
    if not match:
        raise ValueError(f"expected a fiscal year such as 2018-19, got {label!r}")
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        raise ValueError(
            f"fiscal year {label!r} must span two consecutive years, e.g. {fiscal_year_label(start)}"
        )
    return start


def fiscal_year_label(start_year: int) -> str:
    """The one way a fiscal year is written: ``2018`` -> ``2018-19``."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (days are capped at 28, so it always exists)."""
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, day.day)


@dataclass(frozen=True)
class WorkYear:
    """The days a unit works in each fiscal year, for costing on the work-day basis (``proration:
    work_days``): ``days`` work days spread evenly over the calendar days from ``start`` to ``end``
    (month and day, both inside one fiscal year). Day k of the year is ``start + floor(k x span / days)``,
    ``span`` the calendar days from start to end inclusive: the share of the work year on or after a date
    is then the share of the days the members accrue pay for (breaks and holidays assumed spread evenly)."""

    days: int
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]


@dataclass(frozen=True)
class Calendar:
    """The horizon split into fiscal years and equal pay periods.

    A fiscal year starting on ``start_month``/``start_day`` is cut into ``pay_months`` periods; period k
    begins ``floor(12 k / pay_months)`` months after the year's start. An item is paid for a whole period
    when it is in effect on that period's first day, which is how "prorate by whole pay months" works.

    With a ``work_year`` (``proration: work_days``) every work day is a period of its own: a term is paid
    for the work days on or after its effective date, which is how districts accrue pay.
    """

    first_year: int
    last_year: int
    start_month: int = 7
    start_day: int = 1
    pay_months: int = 12
    work_year: WorkYear | None = None

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(fiscal_year_label(y) for y in self.years)

    def year_start(self, year: int) -> dt.date:
        return dt.date(year, self.start_month, self.start_day)

    @property
    def periods_per_year(self) -> int:
        """Pay periods of a fiscal year, or its work days on the work-day basis."""
        return self.pay_months if self.work_year is None else self.work_year.days

    def in_year(self, year: int, month_day: tuple[int, int]) -> dt.date:
        """The day of the fiscal year starting in ``year`` that falls on ``month_day``."""
        month, day = month_day
        return dt.date(year if (month, day) >= (self.start_month, self.start_day) else year + 1, month, day)

    def work_days(self, year: int) -> list[dt.date]:
        """The work days of one fiscal year (``work_year`` only), spread evenly from start to end."""
        assert self.work_year is not None
        start = self.in_year(year, self.work_year.start)
        span = (self.in_year(year, self.work_year.end) - start).days + 1
        days = self.work_year.days
        return [start + dt.timedelta(days=(k * span) // days) for k in range(days)]

    def period_starts(self) -> list[dt.date]:
        starts = []
        for year in self.years:
            if self.work_year is not None:
                starts += self.work_days(year)
                continue
            first = self.year_start(year)
            for k in range(self.pay_months):
                starts.append(_add_months(first, (12 * k) // self.pay_months))
        return starts

    def period_bounds(self) -> list[dt.date]:
        """The first day each period covers, for finding the period a day falls in: its start, except that
        a fiscal year's first period covers from the fiscal year's first day (a payment dated in the summer
        before the first work day falls in that fiscal year)."""
        bounds = self.period_starts()
        for index, year in enumerate(self.years):
            bounds[index * self.periods_per_year] = self.year_start(year)
        return bounds

    @property
    def n_periods(self) -> int:
        return len(self.years) * self.periods_per_year

    def fiscal_year_of(self, day: dt.date) -> int:
        """The starting calendar year of the fiscal year containing ``day``."""
        starts_this_year = dt.date(day.year, self.start_month, self.start_day)
        return day.year if day >= starts_this_year else day.year - 1
