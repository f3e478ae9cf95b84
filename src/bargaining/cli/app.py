"""The Typer application and the shared plumbing every command uses."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from bargaining.inputs import load_case
from bargaining.model import Case

app = typer.Typer(
    name="bargain",
    help="A workbench for collective bargaining in public schools.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
# Piped or captured output has no terminal width; 120 columns keeps six fiscal years on one line.
console = Console(width=None if sys.stdout.isatty() else 120)
err_console = Console(stderr=True)


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


def print_json(document: Any) -> None:
    """One JSON document on stdout. NaN and infinity are not JSON, so they are refused."""
    sys.stdout.write(json.dumps(document, allow_nan=False, ensure_ascii=False))
    sys.stdout.write("\n")


def write_text(path: Path, text: str) -> None:
    """Write a text file whole or not at all (a temporary file renamed over it)."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


def main() -> None:
    """Entry point: no user-caused failure may end in a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("BARGAINING_DEBUG"):
            raise
        print(f"bargain: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("(set BARGAINING_DEBUG=1 to see where)", file=sys.stderr)
        sys.exit(70)
