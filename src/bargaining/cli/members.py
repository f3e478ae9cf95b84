"""``bargain members``: what a proposal means for each member, cell by cell."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from bargaining.cli.app import (
    AsOfOption,
    app,
    console,
    emit,
    fail,
    need_output,
    open_case,
    proposals_as_of,
    replay_day,
)
from bargaining.costing import CostContext, members_pay
from bargaining.model import Case, Proposal, passed_on
from bargaining.report import members_document, members_tables, write_members_csv, write_members_xlsx


class MembersFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@app.command()
def members(
    case_dir: Annotated[Path, typer.Argument(help="case folder holding case.yaml", show_default=False)],
    proposal: Annotated[str, typer.Option("--proposal", "-p", help="proposal id", show_default=False)],
    format: Annotated[
        MembersFormat, typer.Option("--format", "-f", help="output format")
    ] = MembersFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (xlsx needs one)")
    ] = None,
    as_of: AsOfOption = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            help="the unit whose members to show (default: the proposal's own; another: what parity"
            " passes on to it)",
        ),
    ] = None,
) -> None:
    """Pay by fiscal year for every cell (and roster member) under the status quo and under a proposal."""
    day = replay_day(as_of)
    case = open_case(case_dir)
    need_output(format, output)
    (chosen,) = proposals_as_of(case, [proposal], day)
    chosen = _for_unit(case, chosen, unit)
    ctx = CostContext.of(case).for_proposal(chosen)
    if ctx.layout is None:
        fail(
            f"{case.id}: unit {ctx.unit.name} has no salary schedules (schedules): members' pay is worked out"
            " on a schedule"
        )
    document = members_document(case.id, members_pay(ctx, chosen))

    def tables() -> None:
        for table in members_tables(document):
            console.print(table)

    emit(document, format, output, table=tables, csv=write_members_csv, xlsx=write_members_xlsx)


def _for_unit(case: Case, proposal: Proposal, unit: str | None) -> Proposal:
    """The proposal on its own unit, or what the case's parity clauses pass on from it to ``unit``."""
    try:
        own = case.unit_of(proposal).name
        if unit is None or unit == own:
            return proposal
        case.unit_named(unit)
    except KeyError as exc:
        fail(f"--unit {unit}: {exc.args[0]}")
    for clause, follower in passed_on(case.me_too, own, proposal):
        if clause.unit == unit:
            return follower
    fail(
        f"--unit {unit}: proposal {proposal.id!r} is for {own}, and no parity clause (me_too) passes any"
        f" of it on to {unit}"
    )
