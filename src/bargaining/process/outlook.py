"""What lies ahead of a dispute: the open deadlines and the lawful next moves, read from the walk."""

from __future__ import annotations

import datetime as dt

from bargaining.model import ANY_STATE
from bargaining.process.guards import violation
from bargaining.process.walk import Due, Move, Seq, Walk


def deadlines(walk: Walk, now: Seq, as_of: dt.date) -> tuple[Due, ...]:
    rules = walk.pack.rules
    found = []
    for rule in rules.deadlines:
        if rule.states and walk.state not in rule.states:
            continue
        anchored = walk.anchor(rule, now)
        if anchored is None:
            continue
        day, approximate = anchored
        if rule.bound == "earliest" and day <= as_of:
            continue
        source = rules.sources[rule.source].title
        found.append(Due(day, rule.what, rule.event, rule.bound, rule.waivable, source))
        if rule.bound == "latest" and day < as_of and not approximate:
            walk.warn("deadline_passed", day, f"{rule.what}: due {day}, nothing recorded by {as_of}")
    for guard in rules.guards:
        if guard.notice is None or not _offered(walk, guard.event):
            continue
        notice = walk.last(guard.notice.event, now)
        if notice is not None:
            day = walk.clock.add(notice[1].date, guard.notice.calendar_days, guard.notice.working_days)
            if day > as_of:
                what = f"earliest lawful {guard.event}: {guard.message}"
                source = rules.sources[guard.source].title
                found.append(Due(day, what, guard.event, "earliest", False, source))
    if walk.expires is not None and walk.expires >= as_of:
        what = "the new agreement expires" if walk.term is not None else "the contract expires"
        found.append(Due(walk.expires, what, "contract_expired", "latest", False, "the case"))
    return tuple(sorted(found, key=lambda d: (d.date, d.what)))


def _offered(walk: Walk, event: str) -> bool:
    """Whether the pack offers ``event`` from the current state."""
    return any(
        t.event == event and t.offered and (walk.state in t.from_ or ANY_STATE in t.from_)
        for t in walk.pack.rules.transitions
    )


def next_moves(walk: Walk, now: Seq, as_of: dt.date) -> tuple[Move, ...]:
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
            has_rule = (
                guard.allowed_states
                or guard.forbidden_states
                or guard.requires_prior
                or guard.during_term
                or guard.requires_flag
            )
            if has_rule and violation(walk, timeless, now, as_of) is not None:
                lawful = False
            if guard.notice is not None:
                notice = walk.last(guard.notice.event, now)
                if notice is None:
                    lawful = False
                else:
                    span = (guard.notice.calendar_days, guard.notice.working_days)
                    earliest = max(earliest, walk.clock.add(notice[1].date, *span))
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
