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
class Calendar:
    """The horizon split into fiscal years and equal pay periods.

    A fiscal year starting on ``start_month``/``start_day`` is cut into ``pay_months`` periods; period k
    begins ``floor(12 k / pay_months)`` months after the year's start. An item is paid for a whole period
    when it is in effect on that period's first day, which is how "prorate by whole pay months" works.
    """

    first_year: int
    last_year: int
    start_month: int = 7
    start_day: int = 1
    pay_months: int = 12

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(fiscal_year_label(y) for y in self.years)

    def year_start(self, year: int) -> dt.date:
        return dt.date(year, self.start_month, self.start_day)

    def period_starts(self) -> list[dt.date]:
        starts = []
        for year in self.years:
            first = self.year_start(year)
            for k in range(self.pay_months):
                starts.append(_add_months(first, (12 * k) // self.pay_months))
        return starts

    @property
    def n_periods(self) -> int:
        return len(self.years) * self.pay_months

    def fiscal_year_of(self, day: dt.date) -> int:
        """The starting calendar year of the fiscal year containing ``day``."""
        starts_this_year = dt.date(day.year, self.start_month, self.start_day)
        return day.year if day >= starts_this_year else day.year - 1
