"""Where a dispute stands, as documents: the `bargain status` and `bargain timeline` JSON, shared by the CLI
and the web workbench (which filters them by the access policy before showing them).

Nothing here prints or exits: a rule pack that does not load raises ``PackError`` with its messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from bargaining.costing import CostContext, cost_batch, stack
from bargaining.inputs.packs import Pack, known_packs, load_pack
from bargaining.model import Case, Proposal
from bargaining.model.events import Event, parse_events
from bargaining.process import ProcessStatus, ProcessWarning, run
from bargaining.record import GapPoint, Ledger, Movement, impasse_risk, ledger, movement

StatusParts = tuple[ProcessStatus, Ledger, Movement, list[ProcessWarning]]
ResolvedPack = tuple[Pack, list[ProcessWarning]]


class PackError(Exception):
    """The rule pack asked for does not load; ``messages`` are its errors, each naming file and key."""

    def __init__(self, name: str, messages: list[str]) -> None:
        super().__init__(f"{len(messages)} error(s) in the rule pack {name}")
        self.name, self.messages = name, messages


def resolve_pack(case: Case, choice: str | None = None) -> ResolvedPack:
    """The pack asked for, else the case's jurisdiction, else the generic pack with a warning."""
    notes: list[ProcessWarning] = []
    name = choice or case.jurisdiction
    if choice is None and case.jurisdiction not in known_packs():
        notes.append(
            ProcessWarning(
                "no_rule_pack",
                case.calendar.year_start(case.calendar.first_year),
                f"no rule pack for jurisdiction {case.jurisdiction!r} (bundled: {', '.join(known_packs())}); "
                "using the generic pack",
            )
        )
        name = "generic"
    pack, errors = load_pack(name)
    if pack is None:
        raise PackError(name, [str(error) for error in errors])
    return pack, notes


def case_events(case: Case) -> tuple[Event, ...]:
    """The case's current record (superseded events left out), typed."""
    raw = case.extra.get("events", ())
    return parse_events(raw if isinstance(raw, list | tuple) else ())


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


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
    pack_choice: str | None = None,
    *,
    resolved: ResolvedPack | None = None,
    price: Callable[[Proposal], float] | None = None,
) -> StatusParts:
    """The process walk, the article ledger, movement and every warning, sorted by date.

    ``resolved`` skips loading the pack again; ``price`` is a proposal's horizon total (by default what
    `bargain cost` reports as its total), for a caller that has the costs already."""
    pack, notes = resolved if resolved is not None else resolve_pack(case, pack_choice)
    events = case_events(case)
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
        "contract_expires": _iso(case.contract_expires),
    }


def status_document(
    case: Case, as_of: dt.date, pack_choice: str | None = None, *, parts: StatusParts | None = None
) -> dict[str, Any]:
    """The `bargain status --format json` document (from ``parts`` when the caller has them)."""
    process, articles, moves, warnings = (
        parts if parts is not None else status_parts(case, as_of, pack_choice)
    )
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
    pack_choice: str | None = None,
    *,
    resolved: ResolvedPack | None = None,
    keep_event: Callable[[Event], bool] | None = None,
    keep_proposal: Callable[[Proposal], bool] | None = None,
) -> list[dict[str, Any]]:
    """The dated story: proposals and events in date order, with the state each process step led to.

    The process walks the whole record; ``keep_event`` and ``keep_proposal`` choose the rows shown (a
    proposal gets its own row unless a shown event names it)."""
    events = case_events(case)
    last = max([e.date for e in events] + [p.date for p in case.proposals], default=dt.date.today())
    pack, _ = resolved if resolved is not None else resolve_pack(case, pack_choice)
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
            "warnings": by_index.get(step.index, []),
            "source": event.source,
        }
        rows.append((event.date, len(case.proposals) + step.index, told))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]
