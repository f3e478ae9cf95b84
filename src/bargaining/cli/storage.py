"""``bargain init``, ``import``, ``export``, ``verify`` and ``record``: the workspace database."""

from __future__ import annotations

import datetime as dt
import enum
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from bargaining.cli.app import app, print_json
from bargaining.inputs.yamlsrc import YamlProblem, load_value
from bargaining.storage import (
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


class VerifyFormat(enum.StrEnum):
    table = "table"
    json = "json"


def fail(message: str) -> NoReturn:
    # Plain print: a message must stay on one line whatever the terminal width, so scripts can grep it.
    print(message, file=sys.stderr)
    raise typer.Exit(1)


@contextmanager
def _storage(url: str, *, create: bool = False) -> Iterator[Engine]:
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
    with _storage(url, create=True) as engine:
        print(f"database ready: {shown(url)} (schema revision {current_revision(engine)})")


@app.command(name="import")
def import_command(
    case_dir: Annotated[Path, typer.Argument(help="case folder holding case.yaml", show_default=False)],
    db: Db = None,
) -> None:
    """Store a case folder (files, proposals, events) in the database; an invalid case writes nothing."""
    url = database_url(db)
    with _storage(url, create=True) as engine:
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
    with _storage(database_url(db)) as engine:
        done = export_case(engine, case_id, folder)
        print(
            f"exported {done.case_id} to {done.folder}: {done.files} files, {done.events} events "
            f"({done.added_events} recorded since import)"
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
) -> None:
    """Recompute the hash chain of each case; report the first broken link and exit 1 if there is one."""
    with _storage(database_url(db)) as engine:
        checks = verify(engine, case_id)
    if format is VerifyFormat.json:
        print_json(
            {
                "ok": all(c.ok for c in checks),
                "cases": [
                    {
                        "case": c.case_id,
                        "ok": c.ok,
                        "events": c.events,
                        "head": c.head,
                        "broken": None if c.broken is None else {"seq": c.broken.seq, "what": c.broken.what},
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
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


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
    with _storage(database_url(db)) as engine:
        try:
            check_new_event(engine, case_id, event)
        except CaseRefused as refused:
            for error in refused.errors:  # the line would point into a file the user never sees
                print(f"{error.key}: {error.message}", file=sys.stderr)
            fail(f"event not saved: {len(refused.errors)} error(s)")
        stored = append_event(engine, case_id, event)
        # Only now, after the commit, may the user be told the event is saved.
        print(f"saved event {stored.seq}", flush=True)
