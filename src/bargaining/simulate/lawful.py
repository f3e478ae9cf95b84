"""The simulated timetable read through the jurisdiction's rule pack (``bargaining.process``).

The simulation's calendar is a set of parameters; the rule pack knows what the law allows. Writing the
timetable as the events it implies (impasse, mediation, the fact-finder's report, strike notice, then the
strike or the imposition) and running them through the process engine turns every guard the pack has
into a warning about the simulated calendar: a California strike before the report is public or before the
agreement's 10-day notice has run, a Colorado strike within 20 days of the notice, a strike while the old
agreement is in force, an imposition before procedures are exhausted. The guards are the pack's own, as
the process engine reads them (``bargaining.process.guard_codes``): the simulator keeps no list of its own.
The pack's holiday calendar also supplies the days without school that strike days skip.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import TypeAdapter

from bargaining.model import Event, Pack
from bargaining.process import guard_codes, run
from bargaining.simulate.timetable import FACTFINDING, MEDIATION, Timetable

# The simulated district imposes, and the union strikes against, the district's last offer.
LAST_OFFER = "simulated-last-offer"
_EVENT = TypeAdapter(Event)
_INTERVENTION = ("intervention_accepted", "intervention_declined")


@dataclass(frozen=True)
class Procedure:
    """The impasse procedure the simulated dispute walks, as the case's rule pack has it: whether it has
    a fact-finding step, and how many days after a notice of intent to strike a state agency has to decide
    whether to intervene (None when there is no such agency)."""

    pack: str | None
    factfinding: bool = True
    intervention_days: int | None = None


def procedure(pack: Pack | None) -> Procedure:
    """What the rule pack's transitions and deadlines say; without a pack, the calendar's own steps."""
    if pack is None:
        return Procedure(None)
    known = {t.event for t in pack.rules.transitions}
    days = next(
        (
            d.calendar_days
            for d in pack.rules.deadlines
            if d.after == "strike_notice" and d.event in _INTERVENTION and d.calendar_days is not None
        ),
        None,
    )
    return Procedure(
        pack.rules.id,
        factfinding="factfinding_report" in known,
        intervention_days=days if "intervention_requested" in known else None,
    )


def pack_holidays(pack: Pack | None, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    if pack is None:
        return ()
    return tuple(h.date for h in pack.calendar.holidays if first <= h.date <= last)


def timetable_events(timetable: Timetable, ending: str, steps: Procedure) -> list[dict[str, object]]:
    """The procedure the timetable implies, ending in ``strike_started`` or ``imposed``. Where a state
    agency may intervene after the notice (Colorado's CDLE), the simulated agency declines on the last
    day it has to decide, or on the day the dispute ends if that is sooner (as CDLE did in Denver, 2019)."""

    def day(offset: int) -> dt.date:
        return timetable.start + dt.timedelta(days=offset)

    phases = timetable.session_phases
    offsets = timetable.session_offsets
    mediation = [o for o, p in zip(offsets, phases, strict=True) if p == MEDIATION]
    events: list[dict[str, object]] = [
        {"type": "impasse_declared", "date": day(timetable.impasse), "by": "union"}
    ]
    end = day(offsets[-1])
    factfinding = timetable.report_session >= 0 and phases[timetable.report_session] == FACTFINDING
    if mediation:
        events.append({"type": "mediation_started", "date": day(mediation[0])})
        ended: dict[str, object] = {"type": "mediation_ended", "date": day(mediation[-1])}
        if factfinding:  # the mediator declares fact-finding appropriate (California, Gov. Code 3548.1)
            ended["factfinding_certified"] = True
        events.append(ended)
    if factfinding:
        requested = day((mediation[-1] if mediation else offsets[-1]) + 1)
        events += [
            {"type": "factfinding_requested", "date": min(requested, end), "by": "union"},
            {"type": "factfinding_panel_appointed", "date": min(requested, end)},
            {"type": "factfinding_report", "date": end},
            {"type": "factfinding_report_public", "date": end, "by": "employer"},
        ]
    events.append({"type": "strike_notice", "date": end, "by": "union"})
    if steps.intervention_days is not None:
        decided = min(end + dt.timedelta(days=steps.intervention_days), timetable.strike_start)
        events.append({"type": "intervention_requested", "date": end, "by": "employer"})
        events.append({"type": "intervention_declined", "date": decided, "by": "agency"})
    if ending == "strike_started":
        events.append({"type": ending, "date": timetable.strike_start, "by": "union"})
    else:
        events.append(
            {"type": "last_best_final_offer", "date": end, "by": "employer", "proposal": LAST_OFFER}
        )
        events.append(
            {"type": ending, "date": timetable.strike_start, "by": "employer", "proposal": LAST_OFFER}
        )
    return events


def calendar_warnings(
    pack: Pack | None, timetable: Timetable, imposition: bool, expires: dt.date | None = None
) -> tuple[str, ...]:
    """What the rule pack's guards say is unlawful about the simulated strike (and imposition, when
    allowed); ``expires`` is the last day of the agreement in force (a strike on or before it breaches
    the no-strike clause where the pack says so)."""
    if pack is None:
        return ()
    known = {t.event for t in pack.rules.transitions} | {g.event for g in pack.rules.guards}
    known |= {g.same_proposal_as for g in pack.rules.guards if g.same_proposal_as is not None}
    known.add("last_best_final_offer")
    codes = set(guard_codes(pack))
    found: list[str] = []
    for ending in ("strike_started", "imposed") if imposition else ("strike_started",):
        events = [
            _EVENT.validate_python(e)
            for e in timetable_events(timetable, ending, procedure(pack))
            if e["type"] in known
        ]
        status = run(pack, events, timetable.strike_start, expires)
        found += [f"{w.code}: {w.message}" for w in status.warnings if w.code in codes]
    return tuple(dict.fromkeys(found))
