"""Calendar and working-day arithmetic over a pack's holiday calendar (numpy's business-day routines)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from bargaining.model import HolidayCalendar


class Clock:
    """Adds calendar or working days to a date. Working days skip the weekend and the listed holidays."""

    def __init__(self, calendar: HolidayCalendar) -> None:
        self.calendar = calendar
        days = np.array([h.date for h in calendar.holidays], dtype="datetime64[D]")
        self._business = np.busdaycalendar(weekmask=calendar.weekmask(), holidays=days)

    def add(self, day: dt.date, calendar_days: int | None = None, working_days: int | None = None) -> dt.date:
        if calendar_days is not None:
            return day + dt.timedelta(days=calendar_days)
        assert working_days is not None
        # Counting "n working days after" a weekend day starts from the working day before it.
        moved = np.busday_offset(
            np.datetime64(day, "D"), working_days, roll="backward", busdaycal=self._business
        )
        result: dt.date = moved.astype(dt.date)
        return result

    def covers(self, day: dt.date) -> bool:
        return self.calendar.first <= day <= self.calendar.last
