"""``bargain budget`` and ``bargain disclose``: the district's projection, reserve and public disclosure."""

from __future__ import annotations

import enum
import io
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from bargaining.budget import project
from bargaining.budget.disclosure import public_disclosure
from bargaining.cli.app import app, console, fail, open_case, print_json, write_text
from bargaining.cli.costing import CaseDir, CostFormat
from bargaining.report.budget import budget_document, budget_tables, write_budget_csv, write_budget_xlsx
from bargaining.report.disclosure import disclosure_document, disclosure_tables, write_disclosure_xlsx


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


class DiscloseFormat(enum.StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


@app.command()
def disclose(
    case_dir: CaseDir,
    proposal: Annotated[str, typer.Option("--proposal", "-p", help="the proposed agreement's id")],
    format: Annotated[
        DiscloseFormat, typer.Option("--format", "-f", help="output format")
    ] = DiscloseFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (xlsx needs one)")
    ] = None,
) -> None:
    """The public disclosure of a proposed agreement (Gov. Code 3547.5): section A, the projection with and
    without it, and the certification lines."""
    case = open_case(case_dir)
    if format is DiscloseFormat.xlsx and output is None:
        fail("--format xlsx needs --output FILE.xlsx")
    try:
        chosen = case.proposal(proposal)
    except KeyError as exc:
        fail(str(exc.args[0]))
    document = disclosure_document(public_disclosure(case, chosen))
    if format is DiscloseFormat.json:
        if output is None:
            print_json(document)
        else:
            write_text(output, json.dumps(document, allow_nan=False))
    elif format is DiscloseFormat.xlsx:
        assert output is not None
        write_disclosure_xlsx(document, output)
        console.print(f"wrote {output}")
    else:
        for table in disclosure_tables(document):
            console.print(table)
