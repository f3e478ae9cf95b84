"""``bargain budget`` and ``bargain disclose``: the district's projection, reserve and public disclosure."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from bargaining.budget import benchmark_rows, project, public_disclosure, real_pay
from bargaining.cli.app import (
    AsOfOption,
    UnitOption,
    app,
    at_table,
    console,
    emit,
    fail,
    need_output,
    open_case,
    proposals_as_of,
    replay_day,
)
from bargaining.cli.costing import CaseDir, CostFormat, OutputFile, ProposalIds
from bargaining.report import (
    budget_document,
    budget_tables,
    disclosure_document,
    disclosure_tables,
    exhibits_document,
    exhibits_tables,
    write_budget_csv,
    write_budget_xlsx,
    write_disclosure_xlsx,
    write_exhibits_xlsx,
)


@app.command()
def budget(
    case_dir: CaseDir,
    proposal: ProposalIds = [],  # noqa: B006
    format: Annotated[CostFormat, typer.Option("--format", "-f", help="output format")] = CostFormat.table,
    output: OutputFile = None,
    as_of: AsOfOption = None,
) -> None:
    """Project the budget and reserve by fiscal year: the status quo and each proposal, with the largest
    affordable raise."""
    day = replay_day(as_of)
    case = open_case(case_dir)
    if case.budget is None:
        fail(f"{case_dir}: the case has no budget section (see docs/case-format.md, Budget)")
    need_output(format, output)
    chosen = tuple(proposals_as_of(case, proposal, day))
    document = budget_document(case, case.budget, project(case, case.budget, chosen))

    def tables() -> None:
        for table in budget_tables(document):
            console.print(table)

    emit(document, format, output, table=tables, csv=write_budget_csv, xlsx=write_budget_xlsx)


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
    output: OutputFile = None,
    as_of: AsOfOption = None,
) -> None:
    """The public disclosure of a proposed agreement (Gov. Code 3547.5): section A, the projection with and
    without it, and the certification lines."""
    day = replay_day(as_of)
    case = open_case(case_dir)
    need_output(format, output)
    (chosen,) = proposals_as_of(case, [proposal], day)
    document = disclosure_document(public_disclosure(case, chosen))

    def tables() -> None:
        for table in disclosure_tables(document):
            console.print(table)

    emit(document, format, output, table=tables, xlsx=write_disclosure_xlsx)


@app.command()
def exhibits(
    case_dir: CaseDir,
    proposal: ProposalIds = [],  # noqa: B006
    format: Annotated[
        DiscloseFormat, typer.Option("--format", "-f", help="output format")
    ] = DiscloseFormat.table,
    output: OutputFile = None,
    as_of: AsOfOption = None,
    unit: UnitOption = None,
) -> None:
    """The fact-finder's exhibits: the unit's pay among its peers before and after each proposal, and its
    pay after the cost of living; in a case of several units, at one unit's table (``--unit``)."""
    day = replay_day(as_of)
    case = at_table(open_case(case_dir), unit)
    if not case.comparables:
        fail(f"{case_dir}: the case has no comparables file (see docs/case-format.md, comparables)")
    need_output(format, output)
    chosen = tuple(proposals_as_of(case, proposal, day))
    document = exhibits_document(case, benchmark_rows(case, chosen), real_pay(case, chosen))

    def tables() -> None:
        for table in exhibits_tables(document):
            console.print(table)

    emit(document, format, output, table=tables, xlsx=write_exhibits_xlsx)
