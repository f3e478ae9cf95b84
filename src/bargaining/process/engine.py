"""The impasse state machine. One engine reads any rule pack: it walks the dated record, follows the
pack's transitions, checks who acted, the deadlines and the guards, and says what is lawful next.

The record wins over the pack: an event the pack does not expect in the current state still happens (the
engine follows it and warns ``unexpected_event``), so the status always matches what was recorded. An
unlawful move (a guard that ``holds``: a strike or an imposition before its time) is flagged and stands
beside the procedure, which stays where the law has it, so the lawful steps that follow are read in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bargaining.model import ANY_STATE, PREVIOUS, Event, Guard, LimitWaived, Pack, Settlement, Transition
from bargaining.process.authority import may_act
from bargaining.process.clock import Clock
from bargaining.process.guards import rebuttal, violation
from bargaining.process.outlook import deadlines, next_moves
from bargaining.process.walk import (
    Charge,
    Due,
    Move,
    ProcessStatus,
    ProcessWarning,
    Seq,
    Standing,
    Step,
    Walk,
)

__all__ = ["Charge", "Due", "Move", "ProcessStatus", "ProcessWarning", "Standing", "Step", "run"]


def run(pack: Pack, events: Sequence[Event], as_of: dt.date, expires: dt.date | None = None) -> ProcessStatus:
    """Where the dispute stands on ``as_of`` under ``pack``: events dated later are not yet known.

    ``expires`` is the last day of the agreement the dispute is about; once a settlement that names the new
    agreement's term is ratified or adopted, that term replaces it."""
    rules = pack.rules
    walk = Walk(pack, Clock(pack.calendar), expires, rules.initial)
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
    due = deadlines(walk, now, as_of)
    spec = rules.states[walk.state]
    standing = tuple(walk.standing.values())
    label = spec.label + "".join(f"; flagged as unlawful: {s.label} since {s.since}" for s in standing)
    return ProcessStatus(
        pack=rules.id,
        as_of=as_of,
        step=walk.state,
        state=spec.status,
        label=label,
        since=walk.since,
        next_moves=next_moves(walk, now, as_of),
        deadlines=due,
        warnings=tuple(sorted(walk.warnings, key=lambda w: (w.date, w.index if w.index is not None else -1))),
        history=tuple(walk.history),
        days_to_expiration=(walk.expires - as_of).days if walk.expires is not None else None,
        standing=standing,
        charges=_charges(walk),
        contract_start=walk.term[0] if walk.term is not None else None,
        contract_end=walk.expires,
    )


def _apply(walk: Walk, seq: Seq, index: int, event: Event) -> None:
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
    if event.type == "unfair_practice_charge":
        walk.charges.append(event)
    if isinstance(event, Settlement) and event.term_start is not None and event.term_end is not None:
        walk.agreed = (event.term_start, event.term_end)
    candidates = [t for t in rules.transitions if t.event == event.type]
    before = walk.state
    if candidates:
        _follow(walk, seq, index, event, candidates)
    if walk.agreed is not None and rules.states[walk.state].status in ("ratified", "in_effect"):
        walk.term = walk.agreed
        walk.expires = walk.agreed[1]
    walk.seen.setdefault(event.type, []).append((seq, event))
    spec = rules.states[walk.state]
    walk.history.append(Step(index, event, walk.state, spec.status, walk.state != before))


def _follow(walk: Walk, seq: Seq, index: int, event: Event, candidates: list[Transition]) -> None:
    """Move as the pack says; an unlawful move stands beside the procedure; the record wins otherwise."""
    rules = walk.pack.rules
    here = [t for t in candidates if walk.state in t.from_ or ANY_STATE in t.from_]
    # Where a step means one thing taken by a side and another by an agency, the actor chooses.
    move = next((t for t in here if event.by is not None and may_act(t.by, event.by)), None)
    move = move or (here[0] if here else None)
    fired = _check(walk, seq, index, event, move or candidates[0])
    target = (move or next((t for t in candidates if t.to is not None), candidates[0])).to
    if any(g.holds for g in fired):
        if target is not None and target != PREVIOUS and target != walk.state:
            label = rules.states[target].label
            codes = tuple(g.code for g in fired)
            walk.standing[target] = Standing(target, label, event.type, event.date, codes)
        return
    if move is None:
        ended = [s for s in walk.standing if any(s in t.from_ for t in candidates)]
        for state in ended:  # e.g. the end of a strike flagged as unlawful
            del walk.standing[state]
        if ended:
            return
        if not fired:  # a guard that fired has already said what is wrong
            expected = sorted({s for t in candidates for s in t.from_})
            walk.warn(
                "unexpected_event",
                event.date,
                f"{event.type} on {event.date} while {rules.states[walk.state].label}; "
                f"{rules.id} expects it only in: {', '.join(expected)}",
                index,
            )
        _go(walk, target, event.date)
        return
    if move.to is not None and move.to != PREVIOUS:
        for state in [s for s in walk.standing if s in move.from_]:  # a settlement ends them
            del walk.standing[state]
    _go(walk, move.to, event.date)


def _go(walk: Walk, to: str | None, day: dt.date) -> None:
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


def _check(walk: Walk, seq: Seq, index: int, event: Event, move: Transition) -> list[Guard]:
    """Warn about who acted, the deadlines and the guards; the guards that fired."""
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
    fired = []
    for guard in rules.guards:
        if guard.event != event.type:
            continue
        problem = violation(walk, guard, seq, event.date, event)
        if problem is None:
            continue
        fired.append(guard)
        rebutted = rebuttal(walk, guard, event.date)
        code = f"{guard.code}_rebuttable" if rebutted else guard.code
        text = f"{event.type} on {event.date}: {problem}" + (f"; {rebutted}" if rebutted else "")
        walk.warn(code, event.date, text, index)
    return fired


def _charges(walk: Walk) -> tuple[Charge, ...]:
    rules = walk.pack.rules
    found = []
    for charge in walk.charges:
        against = str(getattr(charge, "against", ""))
        effects = tuple(
            (e.effect, rules.sources[e.source].title) for e in rules.charge_effects if e.against == against
        )
        allegation = str(getattr(charge, "allegation", ""))
        found.append(Charge(charge.date, charge.by, against, allegation, effects))
    return tuple(found)
