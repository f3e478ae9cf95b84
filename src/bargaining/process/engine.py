"""The impasse state machine. One engine reads any rule pack: it walks the dated record, follows the
pack's transitions, checks who acted, the deadlines and the guards, and says what is lawful next.

The record wins over the pack: an event the pack does not expect in the current state still happens (the
engine follows it and warns ``unexpected_event``), so the status always matches what was recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bargaining.model import (
    ANY_STATE,
    PREVIOUS,
    Deadline,
    Event,
    Guard,
    LimitWaived,
    Pack,
    Transition,
)
from bargaining.process.authority import may_act
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


@dataclass
class _Walk:
    pack: Pack
    clock: Clock
    expires: dt.date | None
    state: str
    since: dt.date | None = None
    stack: list[str] = field(default_factory=list)
    seen: dict[str, list[tuple[Seq, dt.date]]] = field(default_factory=dict)
    waivers: dict[str, tuple[Seq, dt.date]] = field(default_factory=dict)
    warnings: list[ProcessWarning] = field(default_factory=list)
    history: list[Step] = field(default_factory=list)

    def warn(self, code: str, day: dt.date, message: str, index: int | None = None) -> None:
        self.warnings.append(ProcessWarning(code, day, message, index))

    def last(self, event: str, before: Seq) -> tuple[Seq, dt.date] | None:
        found = [item for item in self.seen.get(event, []) if item[0] < before]
        return found[-1] if found else None

    def happened(self, events: Sequence[str], after: Seq, before: Seq) -> bool:
        return any(after < seq < before for name in events for seq, _ in self.seen.get(name, []))

    def due(self, rule: Deadline, now: Seq) -> dt.date | None:
        """The deadline's date when it is open (its anchor happened and nothing closed it yet)."""
        if rule.after == "contract_expires":
            if self.expires is None or self.happened(rule.closers, -1, now):
                return None
            anchor_seq, anchor = -1, self.expires
        else:
            found = self.last(rule.after, now)
            if found is None:
                return None
            anchor_seq, anchor = found
            if self.happened(rule.closers, anchor_seq, now):
                return None
        day = self.clock.add(anchor, rule.calendar_days, rule.working_days)
        waiver = self.waivers.get(rule.event or "")
        if rule.waivable and waiver is not None and waiver[0] > anchor_seq:
            day = max(day, waiver[1])
        return day


def run(pack: Pack, events: Sequence[Event], as_of: dt.date, expires: dt.date | None = None) -> ProcessStatus:
    """Where the dispute stands on ``as_of`` under ``pack``: events dated later are not yet known."""
    rules = pack.rules
    walk = _Walk(pack, Clock(pack.calendar), expires, rules.initial)
    listed = [(index, event) for index, event in enumerate(events) if event.date <= as_of]
    latest: dt.date | None = None
    for index, event in listed:
        if latest is not None and event.date < latest:
            walk.warn(
                "event_out_of_order",
                event.date,
                f"event {index} ({event.type}, {event.date}) is listed after an event dated {latest}; "
                "the record is read in date order",
                index,
            )
        latest = event.date if latest is None else max(latest, event.date)
    ordered = sorted(listed, key=lambda item: (item[1].date, item[0]))
    for seq, (index, event) in enumerate(ordered):
        _apply(walk, seq, index, event)
    now = len(ordered)
    if not walk.clock.covers(as_of):
        calendar = pack.calendar
        walk.warn(
            "calendar_not_covered",
            as_of,
            f"the holiday calendar {calendar.id} covers {calendar.first} to {calendar.last}; "
            "working days outside it skip weekends only",
        )
    deadlines = _deadlines(walk, now, as_of)
    spec = rules.states[walk.state]
    return ProcessStatus(
        pack=rules.id,
        as_of=as_of,
        step=walk.state,
        state=spec.status,
        label=spec.label,
        since=walk.since,
        next_moves=_next_moves(walk, now, as_of),
        deadlines=deadlines,
        warnings=tuple(sorted(walk.warnings, key=lambda w: (w.date, w.index if w.index is not None else -1))),
        history=tuple(walk.history),
        days_to_expiration=(expires - as_of).days if expires is not None else None,
    )


def _apply(walk: _Walk, seq: Seq, index: int, event: Event) -> None:
    rules = walk.pack.rules
    if isinstance(event, LimitWaived):
        bounded = [d for d in rules.deadlines if d.event == event.event]
        if not any(d.waivable for d in bounded):
            what = "not waivable" if bounded else "not a limit of this pack"
            walk.warn(
                "waiver_not_allowed",
                event.date,
                f"the time limit on {event.event} is {what} under {rules.id}",
                index,
            )
        walk.waivers[event.event] = (seq, event.until)
    candidates = [t for t in rules.transitions if t.event == event.type]
    before = walk.state
    if candidates:
        move = next((t for t in candidates if before in t.from_ or ANY_STATE in t.from_), None)
        guarded = _check(walk, seq, index, event, move or candidates[0])
        if move is None:
            if not guarded:  # a guard that fired has already said what is wrong
                expected = sorted({s for t in candidates for s in t.from_})
                walk.warn(
                    "unexpected_event",
                    event.date,
                    f"{event.type} on {event.date} while {rules.states[before].label}; "
                    f"{rules.id} expects it only in: {', '.join(expected)}",
                    index,
                )
            move = next((t for t in candidates if t.to is not None), candidates[0])
        _go(walk, move.to, event.date)
    walk.seen.setdefault(event.type, []).append((seq, event.date))
    spec = rules.states[walk.state]
    walk.history.append(Step(index, event, walk.state, spec.status, walk.state != before))


def _go(walk: _Walk, to: str | None, day: dt.date) -> None:
    if to is None:
        return
    if to == PREVIOUS:
        if walk.stack:
            walk.state = walk.stack.pop()
            walk.since = day
        return
    if to != walk.state:
        walk.stack.append(walk.state)
        walk.state = to
        walk.since = day


def _check(walk: _Walk, seq: Seq, index: int, event: Event, move: Transition) -> bool:
    """Warn about who acted, the deadlines and the guards; True when a guard fired."""
    rules = walk.pack.rules
    if event.by is not None and not may_act(move.by, event.by):
        walk.warn(
            "wrong_party",
            event.date,
            f"{event.type} on {event.date} by the {event.by}; under {rules.id} it is for: {move.by}",
            index,
        )
    for rule in rules.deadlines:
        if rule.event != event.type or event.approximate:
            continue  # a roughly dated event cannot be held to a day's limit
        day = walk.due(rule, seq)
        if day is None:
            continue
        if rule.bound == "earliest" and event.date < day:
            walk.warn(
                "too_early", event.date, f"{event.type} on {event.date}, before {day}: {rule.what}", index
            )
        elif rule.bound == "latest" and event.date > day:
            walk.warn(
                "deadline_missed",
                event.date,
                f"{event.type} on {event.date}, after the limit of {day}: {rule.what}",
                index,
            )
    fired = False
    for guard in rules.guards:
        if guard.event == event.type:
            problem = _violation(walk, guard, seq, event.date)
            if problem is not None:
                fired = True
                walk.warn(guard.code, event.date, f"{event.type} on {event.date}: {problem}", index)
    return fired


def _violation(walk: _Walk, guard: Guard, now: Seq, day: dt.date) -> str | None:
    """Why the guarded event is unlawful at this point, or None when it is not."""
    state = walk.state
    if guard.allowed_states and state not in guard.allowed_states:
        return f"{guard.message} (state: {walk.pack.rules.states[state].label})"
    if state in guard.forbidden_states:
        return f"{guard.message} (state: {walk.pack.rules.states[state].label})"
    if guard.requires_prior and not any(walk.last(name, now) for name in guard.requires_prior):
        return f"{guard.message} (no {' or '.join(guard.requires_prior)} recorded)"
    if guard.notice is not None:
        notice = walk.last(guard.notice.event, now)
        if notice is None:
            return f"{guard.message} (no {guard.notice.event} recorded)"
        earliest = walk.clock.add(notice[1], guard.notice.calendar_days, guard.notice.working_days)
        if day < earliest:
            return f"{guard.message} ({guard.notice.event} on {notice[1]}; not before {earliest})"
    return None


def _deadlines(walk: _Walk, now: Seq, as_of: dt.date) -> tuple[Due, ...]:
    rules = walk.pack.rules
    found = []
    for rule in rules.deadlines:
        if rule.states and walk.state not in rule.states:
            continue
        day = walk.due(rule, now)
        if day is None or (rule.bound == "earliest" and day <= as_of):
            continue
        source = rules.sources[rule.source].title
        found.append(Due(day, rule.what, rule.event, rule.bound, rule.waivable, source))
        if rule.bound == "latest" and day < as_of:
            walk.warn("deadline_passed", day, f"{rule.what}: due {day}, nothing recorded by {as_of}")
    for guard in rules.guards:
        if guard.notice is None or not _offered(walk, guard.event):
            continue
        notice = walk.last(guard.notice.event, now)
        if notice is not None:
            day = walk.clock.add(notice[1], guard.notice.calendar_days, guard.notice.working_days)
            if day > as_of:
                what = f"earliest lawful {guard.event}: {guard.message}"
                source = rules.sources[guard.source].title
                found.append(Due(day, what, guard.event, "earliest", False, source))
    if walk.expires is not None and walk.expires >= as_of:
        found.append(
            Due(walk.expires, "the contract expires", "contract_expired", "latest", False, "the case")
        )
    return tuple(sorted(found, key=lambda d: (d.date, d.what)))


def _offered(walk: _Walk, event: str) -> bool:
    """Whether the pack offers ``event`` from the current state."""
    return any(
        t.event == event and t.offered and (walk.state in t.from_ or ANY_STATE in t.from_)
        for t in walk.pack.rules.transitions
    )


def _next_moves(walk: _Walk, now: Seq, as_of: dt.date) -> tuple[Move, ...]:
    rules = walk.pack.rules
    moves: dict[str, Move] = {}
    for move in rules.transitions:
        if move.event in moves or not move.offered:
            continue
        if walk.state not in move.from_ and ANY_STATE not in move.from_:
            continue
        earliest, latest = as_of, None
        lawful = True
        for guard in rules.guards:
            if guard.event != move.event:
                continue
            timeless = guard.model_copy(update={"notice": None})
            has_state_rule = guard.allowed_states or guard.forbidden_states or guard.requires_prior
            if has_state_rule and _violation(walk, timeless, now, as_of) is not None:
                lawful = False
            if guard.notice is not None:
                notice = walk.last(guard.notice.event, now)
                if notice is None:
                    lawful = False
                else:
                    span = (guard.notice.calendar_days, guard.notice.working_days)
                    earliest = max(earliest, walk.clock.add(notice[1], *span))
        if not lawful:
            continue
        for rule in rules.deadlines:
            if rule.event != move.event:
                continue
            day = walk.due(rule, now)
            if day is None:
                continue
            if rule.bound == "earliest":
                earliest = max(earliest, day)
            else:
                latest = day if latest is None else min(latest, day)
        source = rules.sources[move.source].title
        moves[move.event] = Move(move.event, move.by, earliest, latest, source, move.note)
    return tuple(sorted(moves.values(), key=lambda m: m.earliest))
