"""The Typer application and the shared plumbing every command uses."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from bargaining.costing import CostNotFinite
from bargaining.inputs import load_case
from bargaining.model import Case, Proposal

app = typer.Typer(
    name="bargain",
    help="A workbench for collective bargaining in public schools.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class FoldingConsole(Console):
    """A console whose tables never cut a number or an id with "…": a cell too wide for its column folds
    onto the next line instead (issue 15: strike-cost and compare cut figures in a 120-column terminal)."""

    def print(self, *objects: Any, **options: Any) -> None:
        for item in objects:
            if isinstance(item, Table):
                for column in item.columns:
                    column.overflow = "fold"
        super().print(*objects, **options)


# Piped or captured output has no terminal width; 120 columns keeps six fiscal years on one line.
console = FoldingConsole(width=None if sys.stdout.isatty() else 120)
err_console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        print(f"bargain {metadata.version('bargaining')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="print the version and exit", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """A workbench for collective bargaining in public schools."""


def fail(message: str, code: int = 1) -> NoReturn:
    # soft_wrap: one error stays one line, whatever the terminal width (scripts split on lines).
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_case(folder: Path) -> Case:
    """Load a case or exit 1, printing every error as FILE:LINE: KEY.PATH: message."""
    case, errors = load_case(folder)
    if errors or case is None:
        for error in errors:
            print(error, file=sys.stderr)
        fail(f"{len(errors)} error(s) in {folder}")
    return case


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="the case as it stood on this day, YYYY-MM-DD (proposals and events dated later are unknown)",
    ),
]


def replay_day(text: str | None) -> dt.date | None:
    """The day an ``--as-of`` option names (None without one), or exit 1 naming the option."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of: {text!r} is not a date (expected YYYY-MM-DD)")


def open_case_as_of(folder: Path, as_of: str | None) -> tuple[Case, dt.date | None]:
    """``open_case``, then the case as it stood on the ``--as-of`` day (``Case.known_on``) when one is
    given: a settled dispute replayed day by day, like the workbench's "As of"."""
    day = replay_day(as_of)
    case = open_case(folder)
    return (case if day is None else case.known_on(day)), day


UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        help="the bargaining unit whose table to look at (default: the only one; with several, the unit of"
        " the latest proposal)",
    ),
]


def at_table(case: Case, unit: str | None) -> Case:
    """The case at one unit's table (``Case.at_table``), or exit 1 naming the units; with several units
    and no ``--unit``, says on stderr which unit's table is used."""
    try:
        chosen = case.at_table(unit)
    except KeyError as exc:
        fail(f"--unit {unit}: {exc.args[0]}")
    if case.other_units and unit is None:
        names = ", ".join(u.name for u in case.units)
        err_console.print(
            f"{case.id}: at {chosen.unit.name}'s table (the unit of the latest proposal); choose another"
            f" with --unit ({names})",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    return chosen


def proposals_as_of(case: Case, proposal_ids: list[str], day: dt.date | None) -> list[Proposal]:
    """The named proposals (all when none is named; on ``--as-of`` DAY, those made by then), or exit 1
    naming a proposal that does not exist or was not made yet on DAY."""
    try:
        chosen = [case.proposal(pid) for pid in proposal_ids] if proposal_ids else list(case.proposals)
    except KeyError as exc:
        fail(str(exc.args[0]))
    if day is None:
        return chosen
    for late in (p for p in chosen if p.date > day and proposal_ids):
        fail(
            f"--as-of {day.isoformat()}: proposal {late.id!r} was made on {late.date.isoformat()}, "
            "after that day"
        )
    return [p for p in chosen if p.date <= day]


def print_json(document: Any) -> None:
    """One JSON document on stdout. NaN and infinity are not JSON, so they are refused."""
    sys.stdout.write(json.dumps(document, allow_nan=False, ensure_ascii=False))
    sys.stdout.write("\n")


def writable(path: Path | None) -> Path | None:
    """Typer callback of every option naming a file to write: its folder must exist, checked before any
    work is done (a usage error, exit 2, instead of a failure at the end)."""
    if path is not None:
        if path.is_dir():
            raise typer.BadParameter(f"{path} is a folder; give the name of a file to write")
        if not path.parent.is_dir():
            raise typer.BadParameter(f"the folder {path.parent} does not exist; create it first")
    return path


def write_text(path: Path, text: str) -> None:
    """Write a text file whole or not at all (a temporary file renamed over it)."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


def emit(
    document: dict[str, Any],
    format: str,
    output: Path | None,
    *,
    table: Callable[[], None],
    csv: Callable[[dict[str, Any], IO[str]], None] | None = None,
    xlsx: Callable[[dict[str, Any], Path], None] | None = None,
) -> None:
    """Write a command's document in the asked format: JSON or CSV to stdout or ``output`` (whole or not at
    all), an XLSX workbook to ``output``, or the command's tables. ``need_output`` checked xlsx earlier."""
    if format == "json":
        if output is None:
            print_json(document)
        else:
            write_text(output, json.dumps(document, allow_nan=False, ensure_ascii=False))
    elif format == "csv" and csv is not None:
        buffer = io.StringIO()
        csv(document, buffer)
        if output is None:
            sys.stdout.write(buffer.getvalue())
        else:
            write_text(output, buffer.getvalue())
    elif format == "xlsx" and xlsx is not None:
        assert output is not None
        try:
            xlsx(document, output)
        except OSError as exc:  # e.g. no permission: the folder itself was checked by writable()
            fail(f"cannot write {output}: {exc.strerror or exc}")
        console.print(f"wrote {output}")
    else:
        table()


def need_output(format: str, output: Path | None) -> None:
    """An XLSX workbook goes to a file: refuse before any work is done."""
    if format == "xlsx" and output is None:
        fail("--format xlsx needs --output FILE.xlsx")


def main() -> None:
    """Entry point: no user-caused failure may end in a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except CostNotFinite as exc:  # the bounds on terms should make this unreachable; never write inf
        print(f"bargain: {exc}", file=sys.stderr)
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("BARGAINING_DEBUG"):
            raise
        print(f"bargain: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("(set BARGAINING_DEBUG=1 to see where)", file=sys.stderr)
        sys.exit(70)
