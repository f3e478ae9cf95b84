"""``bargain status`` (where a dispute stands, what is lawful next, impasse risk); ``bargain timeline``.

The documents are built by ``bargaining.report.status`` (the web workbench shows the same ones)."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table

from bargaining.cli.app import (
    app,
    console,
    emit,
    err_console,
    fail,
    need_output,
    open_case,
    print_json,
    replay_day,
    writable,
)
from bargaining.inputs import PackError, resolve_pack
from bargaining.model import Case
from bargaining.record import TOTAL
from bargaining.report import (
    ResolvedPack,
    money,
    plain,
    resolved_pack,
    status_document,
    status_parts,
    status_rows,
    status_sheets,
    timeline_document,
    warning_sentence,
    write_rows_csv,
    write_sheets_xlsx,
)

CaseDir = Annotated[Path, typer.Argument(help="case folder holding case.yaml", show_default=False)]
AsOf = Annotated[str | None, typer.Option("--as-of", help="the day to stand on, YYYY-MM-DD (default: today)")]
PackOption = Annotated[
    str | None,
    typer.Option("--pack", help="rule pack: a bundled id or a YAML file (default: the case's jurisdiction)"),
]


T = TypeVar("T")


class Format(enum.StrEnum):
    table = "table"
    json = "json"


class SheetFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def _pack(case: Case, choice: str | None) -> ResolvedPack:
    """The rule pack chosen (else the case's own, else the generic one), or its errors on stderr and a
    clean exit."""
    try:
        return resolved_pack(case, *resolve_pack(case.jurisdiction, choice))
    except PackError as refused:
        for message in refused.messages:
            err_console.print(message, markup=False, highlight=False)
        fail(str(refused))


@app.command()
def status(
    case_dir: CaseDir,
    as_of: AsOf = None,
    format: Annotated[SheetFormat, typer.Option("--format", "-f", help="output format")] = SheetFormat.table,
    pack: PackOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (xlsx needs one)", callback=writable)
    ] = None,
) -> None:
    """Where the dispute stands on a day: state, lawful next moves, deadlines, warnings, impasse risk."""
    case = open_case(case_dir)
    need_output(format, output)
    day = replay_day(as_of) or dt.date.today()
    document = status_document(case, day, status_parts(case, day, _pack(case, pack)))
    emit(
        document,
        format,
        output,
        table=lambda: _print_status(case, document),
        csv=lambda doc, out: write_rows_csv(status_rows(doc), out),
        xlsx=lambda doc, path: write_sheets_xlsx(status_sheets(doc), path),
    )


def _print_status(case: Case, doc: dict[str, Any]) -> None:
    console.rule(f"[bold]{case.title}[/] as of {doc['as_of']}")
    since = f" since {doc['since']}" if doc["since"] else ""
    # The rule pack's name for the step, not its code (the JSON keeps the code in "state").
    console.print(f"State: [bold]{doc['label']}[/]{since} (rules: {doc['pack']})", highlight=False)
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
        moves.add_row(plain(m["event"]), m["by"], m["earliest"], m["latest"] or "")
    console.print(moves)
    if doc["deadlines"]:
        deadlines = Table("date", "deadline", title="Deadlines", title_justify="left")
        for d in doc["deadlines"]:
            deadlines.add_row(d["date"], d["what"] if d["bound"] == "latest" else f"not before: {d['what']}")
        console.print(deadlines)
    if doc["warnings"]:
        warnings = Table("date", "warning", title="Warnings", title_justify="left")
        for w in doc["warnings"]:
            warnings.add_row(w["date"], warning_sentence(w["message"]))
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


@app.command()
def timeline(
    case_dir: CaseDir,
    format: Annotated[Format, typer.Option("--format", "-f", help="output format")] = Format.table,
    pack: PackOption = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="the story up to this day, YYYY-MM-DD (default: all of it)")
    ] = None,
) -> None:
    """The dated story of the dispute: proposals and events, with the state each step led to."""
    case = open_case(case_dir)
    rows = timeline_document(case, _pack(case, pack))
    if as_of is not None:
        last = (replay_day(as_of) or dt.date.today()).isoformat()
        rows = [row for row in rows if row["date"] <= last]
    if format is Format.json:
        print_json({"case": case.id, "timeline": rows})
        return
    table = Table("date", "by", "what", "state", title=case.title, title_justify="left")
    for row in rows:
        day = ("~" if row["approximate"] else "") + row["date"]
        what = row["what"] + "".join(f"\n  ! {warning_sentence(w['message'])}" for w in row["warnings"])
        table.add_row(day, row["by"] or "", what, row["state_label"] or "")
    console.print(table)
