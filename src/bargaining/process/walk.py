"""The values of the process engine: where a dispute stands (``ProcessStatus`` and its parts) and the walk
over the record that builds it (``Walk``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bargaining.model import Deadline, Event, Pack
from bargaining.process.clock import Clock

Seq = int  # position of an event in date order; "before" and "after" compare these, not dates


@dataclass(frozen=True)
class Move:
    event: str
    by: str
    earliest: dt.date
    latest: dt.date | None
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Due:
    date: dt.date
    what: str
    event: str | None
    bound: str  # "earliest" or "latest"
    waivable: bool
    source: str


@dataclass(frozen=True)
class ProcessWarning:
    code: str
    date: dt.date
    message: str
    index: int | None = None  # the event's position in the case's list, when one caused it


@dataclass(frozen=True)
class Step:
    index: int  # position in the case's events list
    event: Event
    state: str  # the pack state after the event
    status: str  # the public state after the event
    changed: bool


@dataclass(frozen=True)
class Standing:
    """An unlawful move that stands beside the procedure (a strike, an imposition) until an event ends it."""

    state: str  # the pack state the move would have led to
    label: str
    event: str
    since: dt.date
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Charge:
    """An unfair-practice charge on record, with what the pack says a charge against that side does."""

    date: dt.date
    by: str | None
    against: str
    allegation: str
    effects: tuple[tuple[str, str], ...]  # (effect, source title)


@dataclass(frozen=True)
class ProcessStatus:
    pack: str
    as_of: dt.date
    step: str
    state: str
    label: str
    since: dt.date | None
    next_moves: tuple[Move, ...]
    deadlines: tuple[Due, ...]
    warnings: tuple[ProcessWarning, ...]
    history: tuple[Step, ...]
    days_to_expiration: int | None
    standing: tuple[Standing, ...] = ()
    charges: tuple[Charge, ...] = ()
    contract_start: dt.date | None = None  # the new agreement's first day, once ratified or adopted
    contract_end: dt.date | None = None  # the day the agreement in effect (or the old one) expires


@dataclass
class Walk:
    pack: Pack
    clock: Clock
    expires: dt.date | None
    state: str
    since: dt.date | None = None
    stack: list[str] = field(default_factory=list)
    seen: dict[str, list[tuple[Seq, Event]]] = field(default_factory=dict)
    waivers: dict[str, tuple[Seq, dt.date]] = field(default_factory=dict)
    warnings: list[ProcessWarning] = field(default_factory=list)
    history: list[Step] = field(default_factory=list)
    standing: dict[str, Standing] = field(default_factory=dict)
    charges: list[Event] = field(default_factory=list)
    agreed: tuple[dt.date, dt.date] | None = None  # the settled agreement's term
    term: tuple[dt.date, dt.date] | None = None  # that term, once ratified or adopted

    def warn(self, code: str, day: dt.date, message: str, index: int | None = None) -> None:
        self.warnings.append(ProcessWarning(code, day, message, index))

    def last(self, event: str, before: Seq) -> tuple[Seq, Event] | None:
        found = [item for item in self.seen.get(event, []) if item[0] < before]
        return found[-1] if found else None

    def all(self, event: str, before: Seq) -> list[Event]:
        return [item for seq, item in self.seen.get(event, []) if seq < before]

    def happened(self, events: Sequence[str], after: Seq, before: Seq) -> bool:
        return any(after < seq < before for name in events for seq, _ in self.seen.get(name, []))

    def anchor(self, rule: Deadline, now: Seq) -> tuple[dt.date, bool] | None:
        """The deadline's date and whether its anchor's day is only approximate, when it is open (its
        anchor happened and nothing closed it yet)."""
        approximate = False
        if rule.after == "contract_expires":
            if self.expires is None or self.happened(rule.closers, -1, now):
                return None
            anchor_seq, anchor = -1, self.expires
        else:
            found = self.last(rule.after, now)
            if found is None:
                return None
            anchor_seq, event = found
            if self.happened(rule.closers, anchor_seq, now):
                return None
            keyed = getattr(event, rule.after_field, None) if rule.after_field else None
            anchor = keyed if isinstance(keyed, dt.date) else event.date
            approximate = event.approximate
        day = self.clock.add(anchor, rule.calendar_days, rule.working_days)
        waiver = self.waivers.get(rule.event or "")
        if rule.waivable and waiver is not None and waiver[0] > anchor_seq:
            day = max(day, waiver[1])
        return day, approximate

    def due(self, rule: Deadline, now: Seq) -> dt.date | None:
        found = self.anchor(rule, now)
        return found[0] if found is not None else None
