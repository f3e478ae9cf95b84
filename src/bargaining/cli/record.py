"""``bargain status`` (where a dispute stands, what is lawful next, impasse risk); ``bargain timeline``."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from bargaining.cli.app import app, console, err_console, fail, open_case, print_json
from bargaining.costing import CostContext, cost_batch, stack
from bargaining.inputs.packs import Pack, known_packs, load_pack
from bargaining.model import Case, Proposal
from bargaining.model.events import Event, parse_events
from bargaining.process import ProcessStatus, ProcessWarning, run
from bargaining.record import TOTAL, GapPoint, Ledger, Movement, impasse_risk, ledger, movement
from bargaining.report import money

CaseDir = Annotated[Path, typer.Argument(help="case folder holding case.yaml", show_default=False)]
AsOf = Annotated[str | None, typer.Option("--as-of", help="the day to stand on, YYYY-MM-DD (default: today)")]
PackOption = Annotated[
    str | None,
    typer.Option("--pack", help="rule pack: a bundled id or a YAML file (default: the case's jurisdiction)"),
]


class Format(enum.StrEnum):
    table = "table"
    json = "json"


def _day(text: str | None, default: dt.date) -> dt.date:
    if text is None:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of: {text!r} is not a date (expected YYYY-MM-DD)")


def _pack(case: Case, choice: str | None) -> tuple[Pack, list[ProcessWarning]]:
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
        for error in errors:
            err_console.print(str(error), markup=False, highlight=False)
        fail(f"{len(errors)} error(s) in the rule pack {name}")
    return pack, notes


def _events(case: Case) -> tuple[Event, ...]:
    raw = case.extra.get("events", ())
    return parse_events(raw if isinstance(raw, list | tuple) else ())


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _gaps(series: tuple[GapPoint, ...]) -> list[dict[str, Any]]:
    return [{"date": _iso(g.date), "employer": g.employer, "union": g.union, "gap": g.gap} for g in series]


def _movement_document(found: Movement) -> dict[str, Any]:
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
    case: Case, as_of: dt.date, pack_choice: str | None = None
) -> tuple[ProcessStatus, Ledger, Movement, list[ProcessWarning]]:
    pack, notes = _pack(case, pack_choice)
    events = _events(case)
    process = run(pack, events, as_of, case.contract_expires)
    ctx = CostContext.of(case)

    def price(proposal: Proposal) -> float:
        """The proposal's cost over the horizon (what `bargain cost` reports as its total)."""
        return float(cost_batch(ctx, stack([proposal])).totals()[0])

    moves = movement(case.proposals, events, as_of, case.contract_expires, price)
    articles = ledger(case.proposals, events, as_of)
    warnings = notes + list(process.warnings)
    warnings += [ProcessWarning(w.code, w.date, w.message) for w in articles.warnings]
    return process, articles, moves, sorted(warnings, key=lambda w: w.date)


def status_document(case: Case, as_of: dt.date, pack_choice: str | None = None) -> dict[str, Any]:
    """The `bargain status --format json` document."""
    process, articles, moves, warnings = status_parts(case, as_of, pack_choice)
    risk = impasse_risk(moves, articles, process.state, process.since, case.contract_expires)
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
        "warnings": [{"code": w.code, "date": _iso(w.date), "message": w.message} for w in warnings],
        "articles": articles.counts(),
        "article_status": [
            {"article": a.name, "status": a.status, "since": _iso(a.since), "reopenable": a.reopenable}
            for a in articles.articles
        ],
        "impasse_risk": {"score": risk.score, "reasons": list(risk.reasons)},
        "movement": _movement_document(moves),
    }


@app.command()
def status(
    case_dir: CaseDir,
    as_of: AsOf = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="output format")] = Format.table,
    pack: PackOption = None,
) -> None:
    """Where the dispute stands on a day: state, lawful next moves, deadlines, warnings, impasse risk."""
    case = open_case(case_dir)
    day = _day(as_of, dt.date.today())
    document = status_document(case, day, pack)
    if format is Format.json:
        print_json(document)
        return
    _print_status(case, document)


def _print_status(case: Case, doc: dict[str, Any]) -> None:
    console.rule(f"[bold]{case.title}[/] as of {doc['as_of']}")
    since = f" since {doc['since']}" if doc["since"] else ""
    console.print(
        f"State: [bold]{doc['state']}[/]{since} ({doc['label']}; rules: {doc['pack']})", highlight=False
    )
    if doc["days_to_expiration"] is not None:
        days = doc["days_to_expiration"]
        when = f"in {days} days" if days >= 0 else f"{-days} days ago"
        console.print(f"Contract expires {doc['contract_expires']} ({when})", highlight=False)
    counts = doc["articles"]
    console.print(
        f"Articles: {counts['open']} open, {counts['tentatively_agreed']} tentatively agreed, "
        f"{counts['withdrawn']} withdrawn",
        highlight=False,
    )
    moves = Table("next move", "by", "earliest", "latest", title="What is lawful next", title_justify="left")
    for m in doc["next_moves"]:
        moves.add_row(m["event"], m["by"], m["earliest"], m["latest"] or "")
    console.print(moves)
    if doc["deadlines"]:
        deadlines = Table("date", "deadline", title="Deadlines", title_justify="left")
        for d in doc["deadlines"]:
            deadlines.add_row(d["date"], d["what"] if d["bound"] == "latest" else f"not before: {d['what']}")
        console.print(deadlines)
    if doc["warnings"]:
        warnings = Table("date", "warning", "what", title="Warnings", title_justify="left")
        for w in doc["warnings"]:
            warnings.add_row(w["date"], w["code"], w["message"])
        console.print(warnings)
    risk = doc["impasse_risk"]
    console.print(f"Impasse risk: [bold]{risk['score']:.2f}[/]", highlight=False)
    for reason in risk["reasons"]:
        console.print(f"  - {reason}", highlight=False, markup=False)
    total = next(i for i in doc["movement"]["items"] if i["item"] == TOTAL)
    if total["gap"]:
        gap = Table(
            "date",
            "district",
            "union",
            "gap",
            title="The gap between the packages (horizon total)",
            title_justify="left",
        )
        for g in total["gap"]:
            gap.add_row(
                g["date"], *(money(v) if v is not None else "" for v in (g["employer"], g["union"], g["gap"]))
            )
        console.print(gap)


def _describe(event: Event, titles: dict[str, str | None]) -> str:
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


def timeline_document(case: Case, pack_choice: str | None = None) -> list[dict[str, Any]]:
    """The dated story: proposals and events in date order, with the state each process step led to."""
    events = _events(case)
    last = max([e.date for e in events] + [p.date for p in case.proposals], default=dt.date.today())
    pack, _ = _pack(case, pack_choice)
    process = run(pack, events, last, case.contract_expires)
    named = {getattr(e, "proposal", None) for e in events}
    by_index: dict[int, list[dict[str, str]]] = {}
    for w in process.warnings:
        if w.index is not None:
            by_index.setdefault(w.index, []).append({"code": w.code, "message": w.message})
    rows: list[tuple[dt.date, int, dict[str, Any]]] = []
    for order, p in enumerate(case.proposals):
        if p.id in named:
            continue  # the event that names it tells it
        what = f"{p.party} proposal {p.id}" + (f": {p.title}" if p.title else "")
        rows.append(
            (
                p.date,
                order,
                {
                    "date": _iso(p.date),
                    "approximate": False,
                    "by": p.party,
                    "what": what,
                    "state": None,
                    "warnings": [],
                },
            )
        )
    titles = {p.id: p.title for p in case.proposals}
    for step in process.history:
        event = step.event
        what = _describe(event, titles)
        rows.append(
            (
                event.date,
                len(case.proposals) + step.index,
                {
                    "date": _iso(event.date),
                    "approximate": event.approximate,
                    "by": event.by,
                    "what": what,
                    "state": step.status if step.changed else None,
                    "warnings": by_index.get(step.index, []),
                    "source": event.source,
                },
            )
        )
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


@app.command()
def timeline(
    case_dir: CaseDir,
    format: Annotated[Format, typer.Option("--format", "-f", help="output format")] = Format.table,
    pack: PackOption = None,
) -> None:
    """The dated story of the dispute: proposals and events, with the state each step led to."""
    case = open_case(case_dir)
    rows = timeline_document(case, pack)
    if format is Format.json:
        print_json({"case": case.id, "timeline": rows})
        return
    table = Table("date", "by", "what", "state", title=case.title, title_justify="left")
    for row in rows:
        day = ("~" if row["approximate"] else "") + row["date"]
        what = row["what"] + "".join(f"\n  ! {w['code']}: {w['message']}" for w in row["warnings"])
        table.add_row(day, row["by"] or "", what, row["state"] or "")
    console.print(table)
