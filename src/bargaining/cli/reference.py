"""``bargain reference``: the reference class of real disputes and its base rates."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from bargaining.analysis import base_rates, exclude_matching
from bargaining.cli.app import app, console, fail, open_case, print_json
from bargaining.inputs import bundled_sampling_note, load_reference
from bargaining.report import (
    disputes_table,
    rates_sentences,
    reference_document,
    reference_markdown,
)


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command()
def reference(
    data: Annotated[
        Path | None,
        typer.Argument(
            help="a folder of dispute files (or one file); default: the class shipped with bargaining"
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="leave out the dispute with this id (repeatable)")
    ] = None,
    case: Annotated[
        Path | None,
        typer.Option("--case", help="leave out disputes of this case's employer whose years overlap it"),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table, json, or markdown (the page docs/reference-class.md)")
    ] = Format.table,
) -> None:
    """Base rates over real teacher contract disputes, and the list of them with their sources."""
    disputes, errors = load_reference(data)
    if errors or disputes is None:
        for error in errors:
            print(error, file=sys.stderr)
        fail(f"{len(errors)} error(s) in the reference class")
    names: tuple[str, ...] = ()
    years = None
    if case is not None:
        found = open_case(case)
        names = (found.employer.name, found.employer.short)
        years = (found.calendar.first_year, found.calendar.last_year)
    selection = exclude_matching(disputes, employer_names=names, years=years, ids=exclude or ())
    unknown = sorted(set(exclude or ()) - {d.id for d in disputes})
    if unknown:
        fail(f"--exclude: no dispute with id {', '.join(unknown)} in the reference class")
    if fmt is Format.json:
        print_json(reference_document(selection.kept, selection.excluded))
        return
    if fmt is Format.markdown:
        # The note on how the disputes were chosen belongs to the shipped class, not to a user's folder.
        note = bundled_sampling_note() if data is None else None
        sys.stdout.write(reference_markdown(selection.kept, note))
        return
    for line in rates_sentences(base_rates(selection.kept)):
        console.print(line, markup=False, highlight=False)
    for item in selection.excluded:
        console.print(f"Left out {item.id}: {item.reason}.", markup=False, highlight=False)
    console.print(disputes_table(selection.kept))
