"""When a guarded step is unlawful: the conditions of a pack's guards, read against the walk so far.

A guard names one or more conditions (a state the step may or may not happen in, an earlier step it needs,
a notice period, the agreement's term, a mediator's certification, the offer an imposition must keep
within). ``violation`` says why the step is unlawful, or None; ``rebuttal`` finds the charge that may
rebut what a guard presumes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from bargaining.model import Event, Guard, Pack
from bargaining.process.clock import Clock

Seq = int


class Walked(Protocol):
    """What a guard reads of the walk so far (``bargaining.process.engine``)."""

    pack: Pack
    clock: Clock
    state: str
    expires: dt.date | None
    charges: list[Event]

    def last(self, event: str, before: Seq) -> tuple[Seq, Event] | None: ...

    def all(self, event: str, before: Seq) -> list[Event]: ...


def guard_codes(pack: Pack, events: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The codes of the pack's guards (on ``events`` only, when given), in the pack's order: the one list
    of what the law forbids, which the simulator reads too (``bargaining.simulate.lawful``). A guard
    whose presumption a charge may rebut also warns as ``CODE_rebuttable``."""
    guards = [g for g in pack.rules.guards if events is None or g.event in events]
    codes = [g.code for g in guards] + [f"{g.code}_rebuttable" for g in guards if g.rebuttable is not None]
    return tuple(dict.fromkeys(codes))


def _label(walk: Walked) -> str:
    return walk.pack.rules.states[walk.state].label


def violation(walk: Walked, guard: Guard, now: Seq, day: dt.date, event: Event | None = None) -> str | None:
    """Why the guarded step is unlawful at this point, or None when it is not.

    ``event`` is the step itself when recorded (None when a next move is weighed)."""
    checks: tuple[Callable[[], str | None], ...] = (
        lambda: _states(walk, guard),
        lambda: _prior(walk, guard, now),
        lambda: _term(walk, guard, day),
        lambda: _flag(walk, guard, now),
        lambda: _same_proposal(walk, guard, now, event),
        lambda: _notice(walk, guard, now, day),
    )
    for check in checks:
        why = check()
        if why is not None:
            return f"{guard.message} ({why})"
    return None


def _states(walk: Walked, guard: Guard) -> str | None:
    if guard.allowed_states and walk.state not in guard.allowed_states:
        return f"state: {_label(walk)}"
    if walk.state in guard.forbidden_states:
        return f"state: {_label(walk)}"
    return None


def _prior(walk: Walked, guard: Guard, now: Seq) -> str | None:
    if guard.requires_prior and not any(walk.last(name, now) for name in guard.requires_prior):
        return f"no {' or '.join(guard.requires_prior)} recorded"
    return None


def _term(walk: Walked, guard: Guard, day: dt.date) -> str | None:
    if guard.during_term and walk.expires is not None and day <= walk.expires:
        return f"the agreement runs to {walk.expires}"
    return None


def _flag(walk: Walked, guard: Guard, now: Seq) -> str | None:
    flag = guard.requires_flag
    if flag is None:
        return None
    if any(getattr(e, flag.key, None) is True for e in walk.all(flag.event, now)):
        return None
    return f"no {flag.event} with {flag.key} recorded"


def _same_proposal(walk: Walked, guard: Guard, now: Seq, event: Event | None) -> str | None:
    if guard.same_proposal_as is None or event is None:
        return None
    found = walk.last(guard.same_proposal_as, now)
    ours = getattr(event, "proposal", None)
    theirs = getattr(found[1], "proposal", None) if found is not None else None
    if ours is None or theirs is None or ours == theirs:
        return None
    return f"{ours} is not {theirs}, the {guard.same_proposal_as} of {found[1].date if found else ''}"


def _notice(walk: Walked, guard: Guard, now: Seq, day: dt.date) -> str | None:
    if guard.notice is None:
        return None
    notice = walk.last(guard.notice.event, now)
    if notice is None:
        return f"no {guard.notice.event} recorded"
    earliest = walk.clock.add(notice[1].date, guard.notice.calendar_days, guard.notice.working_days)
    if day < earliest:
        return f"{guard.notice.event} on {notice[1].date}; not before {earliest}"
    return None


def rebuttal(walk: Walked, guard: Guard, day: dt.date) -> str | None:
    """The charges that may rebut the guard's presumption, in words (None when none was filed)."""
    if guard.rebuttable is None:
        return None
    against = guard.rebuttable.against
    found = [c for c in walk.charges if getattr(c, "against", None) == against and c.date <= day]
    if not found:
        return None
    listed = "; ".join(
        f"{c.date}, by the {c.by or 'other side'}: {getattr(c, 'allegation', '')}" for c in found
    )
    return f"the charge(s) against the {against} may rebut this ({listed})"
