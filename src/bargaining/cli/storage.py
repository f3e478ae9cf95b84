"""``bargain init``, ``import``, ``export``, ``verify`` and ``record``: the workspace database."""

from __future__ import annotations

import datetime as dt
import enum
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from bargaining.cli.app import app, print_json
from bargaining.inputs import YamlProblem, load_value, resolve_pack
from bargaining.process import step_problem
from bargaining.storage import (
    CaseCheck,
    CaseRefused,
    DatabaseError,
    Engine,
    NewEvent,
    StorageError,
    append_event,
    check_new_event,
    current_revision,
    database_url,
    export_case,
    import_case,
    link_number,
    open_database,
    shown,
    verify,
)

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="BARGAINING_DB",
        help="database URL (sqlite:///FILE or postgresql+psycopg://...) or a SQLite file path "
        "(default: bargaining.db in the current folder)",
        show_default=False,
    ),
]


HEAD = re.compile(r"[0-9a-f]{64}")


class VerifyFormat(enum.StrEnum):
    table = "table"
    json = "json"


def fail(message: str) -> NoReturn:
    # Plain print: a message must stay on one line whatever the terminal width, so scripts can grep it.
    print(message, file=sys.stderr)
    raise typer.Exit(1)


@contextmanager
def open_workspace(url: str, *, create: bool = False) -> Iterator[Engine]:
    """Open the database and turn every storage problem into a message and exit 1."""
    engine: Engine | None = None
    try:
        engine = open_database(url, create=create)
        yield engine
    except CaseRefused as refused:
        for error in refused.errors:
            print(error, file=sys.stderr)
        fail(str(refused))
    except StorageError as exc:
        fail(str(exc))
    except DatabaseError as exc:
        fail(f"database error on {shown(url)}: {str(exc.orig).strip().splitlines()[0] if exc.orig else exc}")
    finally:
        if engine is not None:
            engine.dispose()


@app.command()
def init(db: Db = None) -> None:
    """Create the workspace database (or upgrade its schema) and print where it is."""
    url = database_url(db)
    with open_workspace(url, create=True) as engine:
        print(f"database ready: {shown(url)} (schema revision {current_revision(engine)})")


@app.command(name="import")
def import_command(
    case_dir: Annotated[Path, typer.Argument(help="case folder holding case.yaml", show_default=False)],
    db: Db = None,
) -> None:
    """Store a case folder (files, proposals, events) in the database; an invalid case writes nothing."""
    url = database_url(db)
    with open_workspace(url, create=True) as engine:
        done = import_case(engine, case_dir)
        print(
            f"imported {done.case_id}: {done.files} files, {done.proposals} proposals, {done.events} events "
            f"into {shown(url)}; head {done.head}"
        )


@app.command()
def export(
    case_id: Annotated[str, typer.Argument(help="id of a case in the database", show_default=False)],
    folder: Annotated[Path, typer.Argument(help="new (or empty) folder to write", show_default=False)],
    db: Db = None,
) -> None:
    """Write a case back to a folder, with events recorded since its import added to case.yaml."""
    with open_workspace(database_url(db)) as engine:
        done = export_case(engine, case_id, folder)
        print(
            f"exported {done.case_id} to {done.folder}: {done.files} files, {done.events} events "
            f"({done.added_events} recorded since import); head {done.head}"
        )


@app.command(name="verify")
def verify_command(
    case_id: Annotated[
        str | None, typer.Argument(help="case id (default: every case)", show_default=False)
    ] = None,
    db: Db = None,
    format: Annotated[
        VerifyFormat, typer.Option("--format", "-f", help="output format")
    ] = VerifyFormat.table,
    expect_head: Annotated[
        str | None,
        typer.Option(
            "--expect-head",
            help="the head kept outside the database (from an earlier verify, import or export): "
            "exit 1 unless the record still ends on it",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Recompute the hash chain of each case; report the first broken link and exit 1 if there is one."""
    expected = _expected_head(expect_head, case_id)
    with open_workspace(database_url(db)) as engine:
        checks = verify(engine, case_id)
        moved = head_news(engine, checks[0], expected) if expected is not None and checks[0].ok else None
    if format is VerifyFormat.json:
        print_json(
            {
                "ok": all(c.ok for c in checks) and moved is None,
                "cases": [
                    {
                        "case": c.case_id,
                        "ok": c.ok,
                        "events": c.events,
                        "head": c.head,
                        "broken": None
                        if c.broken is None
                        else {
                            "seq": c.broken.seq,
                            "table": c.broken.table,
                            "row": c.broken.row,
                            "what": c.broken.what,
                        },
                        **(
                            {}
                            if expected is None
                            else {"expected_head": expected, "head_matches": c.head == expected}
                        ),
                    }
                    for c in checks
                ],
            }
        )
    else:
        if not checks:
            print("no cases in the database")
        for check in checks:
            if check.broken is None:
                print(f"ok: {check.case_id}: {check.events} events, chain intact, head {check.head}")
            else:
                print(f"BROKEN: {check.broken}")
        if moved is not None:
            print(f"HEAD DIFFERS: {checks[0].case_id}: {moved}")
        elif expected is not None and checks[0].ok:
            print(f"head matches: {checks[0].case_id}: the record is the one whose head was kept")
    if not all(c.ok for c in checks) or moved is not None:
        raise typer.Exit(1)


def _expected_head(given: str | None, case_id: str | None) -> str | None:
    if given is None:
        return None
    if case_id is None:
        fail("--expect-head checks one case: give its CASE_ID too")
    head = given.strip().lower()
    if not HEAD.fullmatch(head):
        fail(f"--expect-head {given!r}: expected the 64 hexadecimal digits of a head, as verify prints it")
    return head


def head_news(engine: Engine, check: CaseCheck, expected: str) -> str | None:
    """None when the record ends on ``expected``; otherwise what happened since that head was kept."""
    if check.head == expected:
        return None
    found = link_number(engine, check.case_id, expected)
    if found is None:
        return (
            f"the record's head is {check.head}, not {expected}, and no link of the record has that hash: "
            "the record was rewritten since that head was kept (or the head was mistyped)"
        )
    number, total = found
    return (
        f"the record's head is {check.head}, not {expected}: the kept head is link {number} of {total}, "
        f"so {total - number} row(s) were added to the record since"
    )


def _fields(pairs: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            fail(f"--field {pair!r}: expected KEY=VALUE, e.g. --field participation=0.9")
        if key in fields:
            fail(f"--field {key}: given twice")
        try:
            # YAML, as in case.yaml: 0.9 is a number, 2019-01-14 a date, [a, b] a list, anything else text.
            fields[key] = load_value(text) if text.strip() else ""
        except YamlProblem as problem:
            given = text if len(text) <= 60 else text[:57] + "..."
            fail(f"--field {key}: {given!r} is not a YAML value: {problem.message}")
    return fields


@app.command()
def record(
    case_id: Annotated[str, typer.Argument(help="id of a case in the database", show_default=False)],
    type: Annotated[
        str, typer.Option("--type", help="event type, e.g. mediation_started", show_default=False)
    ],
    date: Annotated[str, typer.Option("--date", help="the day it happened, YYYY-MM-DD", show_default=False)],
    by: Annotated[str | None, typer.Option("--by", help="who acted, e.g. union", show_default=False)] = None,
    field: Annotated[
        list[str], typer.Option("--field", help="KEY=VALUE (repeatable); VALUE is read as YAML")
    ] = [],  # noqa: B006
    supersedes: Annotated[
        int | None,
        typer.Option("--supersedes", help="number of the event this one corrects", show_default=False),
    ] = None,
    db: Db = None,
) -> None:
    """Append one event to a case's record; prints "saved event N" once it is committed."""
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        fail(f"--date {date!r}: expected a date YYYY-MM-DD")
    payload = _fields(field)
    if by is not None:
        if "by" in payload:
            fail("give who acted with --by or --field by=..., not both")
        payload["by"] = by
    event = NewEvent(type, day, payload, supersedes)
    with open_workspace(database_url(db)) as engine:
        try:
            case = check_new_event(engine, case_id, event)
        except CaseRefused as refused:
            for error in refused.errors:  # the line would point into a file the user never sees
                print(f"{error.key}: {error.message}", file=sys.stderr)
            fail(f"event not saved: {len(refused.errors)} error(s)")
        if case is not None:
            # Who may take the step: the rule pack's, the same rule the web applies.
            problem = step_problem(resolve_pack(case.jurisdiction)[0], type, payload.get("by"))
            if problem is not None:
                fail(f"event not saved: {problem}")
        stored = append_event(engine, case_id, event)
        # Only now, after the commit, may the user be told the event is saved.
        print(f"saved event {stored.seq}", flush=True)
