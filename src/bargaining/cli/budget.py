"""``bargain budget``: the district's multiyear projection and reserve under each proposal."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from bargaining.budget import project
from bargaining.cli.app import app, console, fail, open_case, print_json, write_text
from bargaining.cli.costing import CaseDir, CostFormat
from bargaining.report.budget import budget_document, budget_tables, write_budget_csv, write_budget_xlsx


@app.command()
def budget(
    case_dir: CaseDir,
    proposal: Annotated[
        list[str], typer.Option("--proposal", "-p", help="proposal id (repeatable; default all)")
    ] = [],  # noqa: B006
    format: Annotated[CostFormat, typer.Option("--format", "-f", help="output format")] = CostFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (xlsx needs one)")
    ] = None,
) -> None:
    """Project the budget and reserve by fiscal year: the status quo and each proposal, with the largest
    affordable raise."""
    case = open_case(case_dir)
    if case.budget is None:
        fail(f"{case_dir}: the case has no budget section (see docs/case-format.md, Budget)")
    if format is CostFormat.xlsx and output is None:
        fail("--format xlsx needs --output FILE.xlsx")
    try:
        chosen = tuple(case.proposal(pid) for pid in proposal) if proposal else case.proposals
    except KeyError as exc:
        fail(str(exc.args[0]))
    document = budget_document(case, case.budget, project(case, case.budget, chosen))
    if format is CostFormat.json:
        if output is None:
            print_json(document)
        else:
            write_text(output, json.dumps(document, allow_nan=False))
    elif format is CostFormat.csv:
        buffer = io.StringIO()
        write_budget_csv(document, buffer)
        if output is None:
            sys.stdout.write(buffer.getvalue())
        else:
            write_text(output, buffer.getvalue())
    elif format is CostFormat.xlsx:
        assert output is not None
        write_budget_xlsx(document, output)
        console.print(f"wrote {output}")
    else:
        for table in budget_tables(document):
            console.print(table)
