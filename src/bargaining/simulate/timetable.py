"""The dispute's timetable: session days and their phases, then the strike's school days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bargaining.model import DisputeCalendar
from bargaining.simulate.strike import school_days

# How a run ends. "returned": the union went back at the strike's limit under the district's last offer.
PHASES = ("bargaining", "mediation", "factfinding", "strike", "returned", "imposed", "unresolved")
BARGAINING, MEDIATION, FACTFINDING, STRIKE, RETURNED, IMPOSED, UNRESOLVED = range(len(PHASES))


@dataclass(frozen=True)
class Timetable:
    """Session days (offsets from ``start``) and their phases, then the strike's school days.

    Bargaining sessions come every ``session_days``; impasse is declared at what would have been the next
    one; mediation starts ``review_days`` later; the fact-finder's report, if any, comes
    ``factfinding_days`` after mediation ends and is the last session. A strike may start
    ``strike_notice_days`` after that, on the next school day.
    """

    start: dt.date
    session_offsets: tuple[int, ...]
    session_phases: tuple[int, ...]
    report_session: int
    impasse: int
    strike_start: dt.date
    strike_days: tuple[dt.date, ...]

    @classmethod
    def of(
        cls, calendar: DisputeCalendar, holidays: tuple[dt.date, ...] = (), *, factfinding: bool = True
    ) -> Timetable:
        """``holidays`` adds days without school (e.g. a rule pack's) to the calendar's own;
        ``factfinding`` is False when the jurisdiction's procedure has no fact-finding step (its rule
        pack says so), and then ``factfinding_days`` is not walked."""
        every = calendar.session_days
        offsets = [k * every for k in range(calendar.bargaining_sessions)]
        phases = [BARGAINING] * calendar.bargaining_sessions
        impasse = calendar.bargaining_sessions * every
        mediation = impasse + calendar.review_days
        offsets += [mediation + k * every for k in range(calendar.mediation_sessions)]
        phases += [MEDIATION] * calendar.mediation_sessions
        report = -1
        if calendar.factfinding_days and factfinding:
            last = offsets[-1] if calendar.mediation_sessions else mediation
            offsets.append(last + calendar.factfinding_days)
            phases.append(FACTFINDING)
            report = len(offsets) - 1
        end = calendar.start + dt.timedelta(days=offsets[-1] + calendar.strike_notice_days)
        days = school_days(end, calendar.max_strike_days, tuple(sorted({*calendar.holidays, *holidays})))
        return cls(calendar.start, tuple(offsets), tuple(phases), report, impasse, days[0], tuple(days))

    @property
    def sessions(self) -> int:
        return len(self.session_offsets)

    def offset(self, day: dt.date) -> int:
        return (day - self.start).days
