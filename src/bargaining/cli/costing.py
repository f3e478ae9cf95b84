"""``bargain validate``, ``cost``, ``compare`` and ``demo``."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, Any

import typer

from bargaining.budget import PublicDisclosure, public_disclosure
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
    writable,
)
from bargaining.costing import CostContext, ProposalCost, compare, cost_proposal, district_total, status_quo
from bargaining.model import Case
from bargaining.process import run
from bargaining.report import (
    cost_disclosure_table,
    cost_document,
    cost_table,
    day_words,
    district_document,
    district_table,
    gap_document,
    gap_rows,
    gap_table,
    me_too_tables,
    millions,
    overview_table,
    write_costs_csv,
    write_costs_xlsx,
    write_rows_csv,
    write_sheets_xlsx,
)

CaseDir = Annotated[Path, typer.Argument(help="case folder holding case.yaml", show_default=False)]
ProposalIds = Annotated[
    list[str], typer.Option("--proposal", "-p", help="proposal id (repeatable; default all)")
]
OutputFile = Annotated[
    Path | None, typer.Option("--output", "-o", help="file to write (xlsx needs one)", callback=writable)
]


class CostFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


DEMO_SITE = "http://127.0.0.1:8000"  # where `make run` serves the workbench (Makefile)


class GapFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@app.command()
def validate(case_dir: CaseDir) -> None:
    """Check a case folder; print a one-line summary, or every error as FILE:LINE: KEY.PATH: message."""
    case = open_case(case_dir)
    members = sum(unit.roster.headcount for unit in case.units)
    fte = sum(float(unit.roster.fte.sum()) for unit in case.units)
    units = f" in {len(case.units)} units" if case.other_units else ""
    print(
        f"ok: {case.id}: {len(case.proposals)} proposals, {members:,} members "
        f"({fte:,.1f} FTE){units}, "
        f"fiscal years {case.calendar.labels[0]} to {case.calendar.labels[-1]}"
    )
    for unit in case.units:
        for note in unit.schedules.notes if unit.schedules else ():
            print(f"warning: {note}")
    ctx = CostContext.of(case)
    for proposal in case.proposals:  # values allowed but most likely typos (a percent of 0.02)
        for w in cost_proposal(ctx, proposal).warnings:
            if w.code == "suspicious_value":
                print(f"warning: proposal {proposal.id}: {w.message}")


def _costed(
    case: Case, proposal_ids: list[str], day: dt.date | None = None
) -> tuple[CostContext, list[ProposalCost], list[PublicDisclosure]]:
    """The named proposals (all when none is named) costed once, each with its disclosure's section A."""
    ctx = CostContext.of(case)
    chosen = proposals_as_of(case, proposal_ids, day)
    costs = [cost_proposal(ctx, p) for p in chosen]
    return ctx, costs, [public_disclosure(case, p, ctx=ctx, with_budget=False) for p in chosen]


def _cost_document(case: Case, proposal_ids: list[str]) -> dict[str, Any]:
    ctx, costs, disclosures = _costed(case, proposal_ids)
    return cost_document(ctx, costs, status_quo(ctx), disclosures)


@app.command()
def cost(
    case_dir: CaseDir,
    proposal: ProposalIds = [],  # noqa: B006
    format: Annotated[CostFormat, typer.Option("--format", "-f", help="output format")] = CostFormat.table,
    output: OutputFile = None,
    as_of: AsOfOption = None,
    district_wide: Annotated[
        bool,
        typer.Option(
            "--district-wide",
            help="also total the chosen proposals (one a unit) across units, with what parity passes on",
        ),
    ] = False,
) -> None:
    """Cost proposals by fiscal year and component, incremental over the status quo."""
    day = replay_day(as_of)
    case = open_case(case_dir)
    need_output(format, output)
    ctx, costs, disclosures = _costed(case, proposal, day)
    document = cost_document(ctx, costs, status_quo(ctx), disclosures)
    district = None
    if district_wide:
        try:
            district = district_total(costs)
        except ValueError as exc:
            fail(str(exc))
        document["district_total"] = district_document(district)

    def tables() -> None:
        for result, section_a in zip(costs, disclosures, strict=True):
            console.print(cost_table(result))
            for table in me_too_tables(result):
                console.print(table)
            console.print(cost_disclosure_table(result, section_a))
            for warning in result.warnings:
                console.print(f"  [yellow]{warning.code}[/]: {warning.message}", highlight=False)
        if district is not None:
            console.print(district_table(district))

    emit(
        document,
        format,
        output,
        table=tables,
        csv=write_costs_csv,
        xlsx=lambda doc, path: write_costs_xlsx([doc], path),
    )


@app.command(name="compare")
def compare_command(
    case_dir: CaseDir,
    a: Annotated[
        str | None,
        typer.Argument(help="proposal id A (default: the district's last offer)", show_default=False),
    ] = None,
    b: Annotated[
        str | None, typer.Argument(help="proposal id B (default: the union's last offer)", show_default=False)
    ] = None,
    format: Annotated[GapFormat, typer.Option("--format", "-f", help="output format")] = GapFormat.table,
    output: OutputFile = None,
    as_of: AsOfOption = None,
) -> None:
    """Show the gap between two proposals (B minus A) by fiscal year and component."""
    day = replay_day(as_of)
    case = open_case(case_dir)
    need_output(format, output)
    ctx = CostContext.of(case)
    if (a is None) != (b is None):
        fail("name both proposals A and B, or neither (then the last offers of both sides)", 2)
    if a is None or b is None:
        employer, union = case.last_offer("employer", day), case.last_offer("union", day)
        if employer is None or union is None:
            on = f" by {day.isoformat()}" if day is not None else ""
            fail(f"{case.id}: no last offer of {'the district' if employer is None else 'the union'}{on}")
        first, second = employer, union
    else:
        first, second = proposals_as_of(case, [a, b], day)
    gap = compare(cost_proposal(ctx, first), cost_proposal(ctx, second))
    emit(
        gap_document(case.id, gap),
        format,
        output,
        table=lambda: console.print(gap_table(gap)),
        csv=lambda doc, out: write_rows_csv(gap_rows(doc), out),
        xlsx=lambda doc, path: write_sheets_xlsx({"Gap": gap_rows(doc)}, path),
    )


@app.command()
def demo(
    cases: Annotated[Path, typer.Option(help="folder of bundled cases")] = Path("cases"),
    output: Annotated[
        Path, typer.Option("--output", "-o", help="XLSX workbook to write", callback=writable)
    ] = Path("demo.xlsx"),
) -> None:
    """Cost and compare every bundled case on the day it opens on (its ``demo_as_of``), and write the
    comparison as an XLSX workbook."""
    folders = sorted(p for p in cases.iterdir() if (p / "case.yaml").exists()) if cases.is_dir() else []
    if not folders:
        fail(f"no case folders (with case.yaml) under {cases}")
    documents, comparisons = [], []
    for folder in folders:
        case = open_case(folder)
        day = case.demo_as_of
        if day is not None:  # a settled dispute, as it stood on a telling day (as --as-of DAY would show it)
            case = case.known_on(day)
        documents.append(_cost_document(case, []))
        ctx = CostContext.of(case)
        costs = {p.id: cost_proposal(ctx, p) for p in case.proposals}
        title = case.title if day is None else f"{case.title}, as of {day_words(day)}"
        console.print(overview_table(title, list(costs.values())))
        if day is not None and case.rule_pack is not None:
            found = run(case.rule_pack, case.record, day, case.contract_expires)
            since = f" since {day_words(found.since)}" if found.since is not None else ""
            console.print(f"State on {day_words(day)}: {found.label}{since}.", highlight=False)
        # The seed stories turn on the last offer against the standing demand.
        employer, union = case.last_offer("employer"), case.last_offer("union")
        if employer is not None and union is not None:
            gap = compare(costs[employer.id], costs[union.id])
            console.print(gap_table(gap, millions))
            comparisons.append(gap_document(case.id, gap))
        if day is not None:
            console.print(
                f"In the workbench (make run): {DEMO_SITE}/cases/{case.id}?as_of={day.isoformat()}",
                highlight=False,
                soft_wrap=True,
            )
        console.print()
    write_costs_xlsx(documents, output, comparisons)
    console.print(f"wrote {output}")
