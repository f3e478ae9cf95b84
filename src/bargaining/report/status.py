"""Where a dispute stands, as documents: the `bargain status` and `bargain timeline` JSON, shared by the CLI
and the web workbench (which filters them by the access policy before showing them).

Nothing here prints, exits or reads a file: the face resolves the rule pack (``bargaining.inputs``) and
passes it in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from bargaining.costing import CostContext, cost_batch, stack
from bargaining.model import Case, Event, Pack, Proposal
from bargaining.process import ProcessStatus, ProcessWarning, run
from bargaining.record import GapPoint, Ledger, Movement, impasse_risk, ledger, movement
from bargaining.report.numbers import dollars
from bargaining.report.terms import day_words

StatusParts = tuple[ProcessStatus, Ledger, Movement, list[ProcessWarning]]
ResolvedPack = tuple[Pack, list[ProcessWarning]]


def resolved_pack(case: Case, pack: Pack, note: str | None = None) -> ResolvedPack:
    """The pack a face chose (``bargaining.inputs.resolve_pack``), its note as a warning dated at the
    horizon's start."""
    day = case.calendar.year_start(case.calendar.first_year)
    return pack, ([ProcessWarning("no_rule_pack", day, note)] if note else [])


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def standing_words(apart: bool, gap: float | None) -> str:
    """Where the sides stand on one item, in words: apart by how many dollars, apart, or agreed."""
    if not apart:
        return "the sides agree"
    if gap is None or abs(gap) < 0.5:
        return "the sides are apart"
    return f"apart by {dollars(abs(gap))} over the horizon"


def _gaps(series: tuple[GapPoint, ...]) -> list[dict[str, Any]]:
    return [{"date": _iso(g.date), "employer": g.employer, "union": g.union, "gap": g.gap} for g in series]


def movement_document(found: Movement) -> dict[str, Any]:
    """Each item's track (points, gap series), the sessions, proposals waiting for a counter, projections."""
    return {
        "items": [
            {
                "item": t.item,
                "money": t.money,
                "apart": t.apart,
                "standing": standing_words(t.apart, t.gap),
                "stalled_sessions": t.stalled_sessions,
                "last_moved": _iso(t.last_moved),
                "points": [
                    {
                        "date": _iso(p.date),
                        "party": p.party,
                        "proposal": p.proposal,
                        "dollars": p.dollars,
                        "values": dict(p.values),
                        "moved": p.moved,
                        "moved_dollars": p.moved_dollars,
                        "moved_values": dict(p.moved_values),
                    }
                    for p in t.points
                ],
                "gap": _gaps(t.gap_dollars),
                "gap_by_unit": {unit: _gaps(series) for unit, series in t.gap_values.items()},
            }
            for t in found.tracks
        ],
        "sessions": [
            {
                "date": _iso(s.date),
                "employer": s.employer,
                "union": s.union,
                "items_moved": list(s.items_moved),
            }
            for s in found.sessions
        ],
        "uncountered": [
            {
                "proposal": u.proposal,
                "party": u.party,
                "date": _iso(u.date),
                "days_waiting": u.days_waiting,
                "reason": u.reason,
            }
            for u in found.uncountered
        ],
        "projections": [
            {
                "item": p.item,
                "gap": p.gap,
                "pace_per_day": p.pace_per_day,
                "closes": _iso(p.closes),
                "months_after_expiration": p.months_after_expiration,
            }
            for p in found.projections
        ],
    }


def status_parts(
    case: Case,
    as_of: dt.date,
    resolved: ResolvedPack,
    *,
    price: Callable[[Proposal], float] | None = None,
) -> StatusParts:
    """The process walk, the article ledger, movement and every warning, sorted by date.

    ``price`` is a proposal's horizon total (by default what `bargain cost` reports as its total), for a
    caller that has the costs already."""
    pack, notes = resolved
    events = case.record
    process = run(pack, events, as_of, case.contract_expires)
    if price is None:
        ctx = CostContext.of(case)

        def price(proposal: Proposal) -> float:
            return float(cost_batch(ctx, stack([proposal])).totals()[0])

    moves = movement(case.proposals, events, as_of, case.contract_expires, price)
    articles = ledger(case.proposals, events, as_of)
    warnings = notes + list(process.warnings)
    warnings += [ProcessWarning(w.code, w.date, w.message) for w in articles.warnings]
    return process, articles, moves, sorted(warnings, key=lambda w: w.date)


def process_document(case: Case, as_of: dt.date, process: ProcessStatus) -> dict[str, Any]:
    """Where the case stands in its impasse procedure: state, lawful next moves, deadlines, expiry."""
    return {
        "case": case.id,
        "as_of": _iso(as_of),
        "pack": process.pack,
        "state": process.state,
        "step": process.step,
        "label": process.label,
        "since": _iso(process.since),
        "next_moves": [
            {
                "event": m.event,
                "by": m.by,
                "earliest": _iso(m.earliest),
                "latest": _iso(m.latest),
                "source": m.source,
            }
            for m in process.next_moves
        ],
        "deadlines": [
            {
                "date": _iso(d.date),
                "what": d.what,
                "event": d.event,
                "bound": d.bound,
                "waivable": d.waivable,
                "source": d.source,
            }
            for d in process.deadlines
        ],
        "days_to_expiration": process.days_to_expiration,
        # After the deal, the new agreement's dates; before it, the old agreement's expiry.
        "contract_starts": _iso(process.contract_start),
        "contract_expires": _iso(process.contract_end or case.contract_expires),
        "flagged_moves": [
            {"what": s.label, "event": s.event, "since": _iso(s.since), "codes": list(s.codes)}
            for s in process.standing
        ],
        "charges": [
            {
                "date": _iso(c.date),
                "by": c.by,
                "against": c.against,
                "allegation": c.allegation,
                "effects": [{"effect": e, "source": src} for e, src in c.effects],
            }
            for c in process.charges
        ],
    }


def status_document(case: Case, as_of: dt.date, parts: StatusParts) -> dict[str, Any]:
    """The `bargain status --format json` document from the parts ``status_parts`` returns."""
    process, articles, moves, warnings = parts
    risk = impasse_risk(moves, articles, process.state, process.since, case.contract_expires)
    return {
        **process_document(case, as_of, process),
        "warnings": [{"code": w.code, "date": _iso(w.date), "message": w.message} for w in warnings],
        "articles": articles.counts(),
        "article_status": [
            {"article": a.name, "status": a.status, "since": _iso(a.since), "reopenable": a.reopenable}
            for a in articles.articles
        ],
        "impasse_risk": {"score": risk.score, "reasons": list(risk.reasons)},
        "movement": movement_document(moves),
    }


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
_CODE = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+: ")  # a rule's code before its message, as the simulator keeps it


def warning_sentence(message: str) -> str:
    """A process warning as the tables say it: a sentence in the users' words, dates written out and event
    types as words (``strike_started on 2019-01-08`` is "Strike started on 8 January 2019"). The JSON keeps
    the code and the message; this is the one wording of a warning for a person. A rule's code written
    before the message (``strike_during_term: ...``, as the simulator's warnings carry it) is left out."""
    text = _ISO_DAY.sub(lambda m: day_words(dt.date(int(m[1]), int(m[2]), int(m[3]))), message.strip())
    text = _CODE.sub("", text)
    text = _SNAKE.sub(lambda m: m[0].replace("_", " "), text)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def describe(event: Event, titles: dict[str, str | None]) -> str:
    """The event in words: its type, whatever it carries beyond the common keys, the proposal it names."""
    common = {"date", "type", "by", "note", "source", "approximate", "link", "proposal", "summary", "kind"}
    data = event.model_dump()
    words = str(data.get("kind") or event.type).replace("_", " ")
    details = []
    for key, value in data.items():
        if key in common or value in (None, (), [], False):
            continue
        if isinstance(value, float) and key in ("participation", "share_in_favour", "turnout"):
            value = f"{value:.0%}"
        elif isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        elif value is True:
            details.append(key.replace("_", " "))  # a flag the event carries: its name says it
            continue
        elif isinstance(value, str) and value.isidentifier():
            value = value.replace("_", " ")  # an event type or a key the record names
        details.append(f"{key.replace('_', ' ')} {value}")
    text = f"{words} ({'; '.join(details)})" if details else words
    ref = data.get("proposal")
    if ref is not None:
        text += f": {ref}" + (f" ({titles[ref]})" if titles.get(ref) else "")
    if data.get("summary"):
        text += f": {data['summary']}"
    return f"{text}; {event.note}" if event.note else text


def timeline_document(
    case: Case,
    resolved: ResolvedPack,
    *,
    keep_event: Callable[[Event], bool] | None = None,
    keep_proposal: Callable[[Proposal], bool] | None = None,
    walk: Sequence[Event] | None = None,
) -> list[dict[str, Any]]:
    """The dated story: proposals and events in date order, with the state each process step led to.

    The process walks ``walk`` (by default the whole record): a viewer who sees part of the record gets the
    states that part leads to, so that a step it does not see changes no label it does. ``keep_event`` and
    ``keep_proposal`` choose the rows shown (a proposal gets its own row unless a shown event names it)."""
    events = case.record if walk is None else tuple(walk)
    start = case.calendar.year_start(case.calendar.first_year)
    last = max([e.date for e in events] + [p.date for p in case.proposals], default=start)
    pack, _ = resolved
    process = run(pack, events, last, case.contract_expires)
    shown = [step for step in process.history if keep_event is None or keep_event(step.event)]
    named = {getattr(step.event, "proposal", None) for step in shown}
    by_index: dict[int, list[dict[str, str]]] = {}
    for w in process.warnings:
        if w.index is not None:
            by_index.setdefault(w.index, []).append({"code": w.code, "message": w.message})
    rows: list[tuple[dt.date, int, dict[str, Any]]] = []
    for order, p in enumerate(case.proposals):
        if p.id in named or (keep_proposal is not None and not keep_proposal(p)):
            continue  # the event that names it tells it
        what = f"{p.party} proposal {p.id}" + (f": {p.title}" if p.title else "")
        row: dict[str, Any] = {
            "date": _iso(p.date),
            "approximate": False,
            "by": p.party,
            "what": what,
            "type": "proposal",
            "proposal": p.id,
            "state": None,
            "state_label": None,
            "warnings": [],
        }
        rows.append((p.date, order, row))
    titles = {p.id: p.title for p in case.proposals}
    for step in shown:
        event = step.event
        told: dict[str, Any] = {
            "date": _iso(event.date),
            "approximate": event.approximate,
            "by": event.by,
            "what": describe(event, titles),
            "type": event.type,
            "proposal": getattr(event, "proposal", None),
            "state": step.status if step.changed else None,
            "state_label": pack.rules.states[step.state].label if step.changed else None,
            "warnings": by_index.get(step.index, []),
            "source": event.source,
        }
        rows.append((event.date, len(case.proposals) + step.index, told))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]
