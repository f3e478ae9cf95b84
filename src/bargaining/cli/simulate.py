"""``bargain strike-cost`` and ``bargain simulate``."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import enum
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.progress import Progress

from bargaining.analysis import exclude_matching
from bargaining.cli.app import (
    AsOfOption,
    UnitOption,
    app,
    at_table,
    console,
    emit,
    err_console,
    fail,
    need_output,
    open_case,
    open_case_as_of,
    print_json,
    replay_day,
    writable,
)
from bargaining.inputs import PackError, bundled_priors, load_reference, resolve_pack
from bargaining.model import Case, SimulationSpec
from bargaining.process import run
from bargaining.report import (
    forecast_lines,
    strike_document,
    strike_rich,
    strike_rows,
    summary_tables,
    warning_sentence,
    write_rows_csv,
    write_sheets_xlsx,
)
from bargaining.simulate import (
    DEFAULT_BATCH,
    PHASES,
    DisputeModel,
    Forecast,
    RunTable,
    StrikeFacts,
    forecast_block,
    forecast_with_reference,
    montecarlo,
    school_holidays,
    strike_table,
    summarize,
    timetable_of,
)

CaseDir = Annotated[Path, typer.Argument(help="case folder holding case.yaml", show_default=False)]
STRIKE_DRAWS = 10_000  # draws behind the 5-95% bands of `strike-cost`
DEFAULT_RUNS = 10_000  # runs of a forecast when the case has no simulation section


class Format(enum.StrEnum):
    table = "table"
    json = "json"


class SheetFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def _spec(case: Case, folder: Path, needs: tuple[str, ...]) -> SimulationSpec:
    spec = case.simulation
    where = folder / "case.yaml"
    if spec is None:
        fail(
            f"{where}: simulation: the case has no simulation section (see docs/case-format.md, 'simulation')"
        )
    for key in needs:
        if not getattr(spec, key):
            fail(
                f"{where}: simulation.{key}: required by this command (see docs/case-format.md, 'simulation')"
            )
    return spec


def first_strike_day(case: Case, spec: SimulationSpec) -> dt.date | None:
    """The strike block's first_day, else the first day the calendar allows a strike."""
    if spec.strike is not None and spec.strike.first_day is not None:
        return spec.strike.first_day
    if spec.calendar is None:
        return None
    return timetable_of(case, spec)[0].strike_start


def replayed_first_day(case: Case, day: dt.date) -> dt.date:
    """On ``--as-of`` DAY: the first day of the strike recorded as started by then, else the first day the
    case's rule pack lets a strike start on or after DAY; exit 1 when none is lawful yet on DAY."""
    started = [e.date for e in case.record if e.type == "strike_started" and e.date <= day]
    if started:
        return max(started)
    try:
        pack, _ = resolve_pack(case.jurisdiction)
    except PackError as broken:
        fail(f"{case.id}: {broken}")
    status = run(pack, case.record, day, case.contract_expires)
    move = next((m for m in status.next_moves if m.event == "strike_started"), None)
    if move is None:
        lawful = ", ".join(sorted({m.event.replace("_", " ") for m in status.next_moves})) or "nothing"
        fail(f"--as-of {day.isoformat()}: no strike is lawful yet ({status.label}); lawful next: {lawful}")
    return max(move.earliest, day)


@app.command(name="strike-cost")
def strike_cost(
    case_dir: CaseDir,
    days: Annotated[int, typer.Option("--days", "-d", min=1, max=250, help="strike days to price")] = 5,
    format: Annotated[SheetFormat, typer.Option("--format", "-f", help="output format")] = SheetFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (xlsx needs one)", callback=writable)
    ] = None,
    as_of: AsOfOption = None,
    unit: UnitOption = None,
) -> None:
    """Price a strike day by day for each side: members' lost pay, the district's savings and losses."""
    day = replay_day(as_of)
    case = at_table(open_case(case_dir), unit)
    need_output(format, output)
    spec = _spec(case, case_dir, ("strike",))
    assert spec.strike is not None
    first = first_strike_day(case, spec) if day is None else replayed_first_day(case, day)
    if first is None:
        fail(
            f"{case_dir / 'case.yaml'}: simulation.strike.first_day: give the first strike day or a calendar"
        )
    holidays = school_holidays(case, spec)
    facts = StrikeFacts.of(case, spec.strike, first)
    table = strike_table(facts, spec.strike, first, days, holidays, STRIKE_DRAWS, spec.seed)
    emit(
        strike_document(case, facts, table),
        format,
        output,
        table=lambda: console.print(strike_rich(case, facts, table)),
        csv=lambda doc, out: write_rows_csv(strike_rows(doc), out),
        xlsx=lambda doc, path: write_sheets_xlsx({"Strike days": strike_rows(doc)}, path),
    )


@app.command()
def simulate(
    case_dir: CaseDir,
    runs: Annotated[
        int | None, typer.Option("--runs", "-n", min=1, help="runs (default: the case's)")
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", "-s", min=0, help="seed (default: the case's)")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="run on a local Dask cluster of K processes")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="run on an existing Dask cluster, e.g. tcp://host:8786")
    ] = None,
    batch: Annotated[
        int, typer.Option("--batch", min=1, help="runs per batch (rounded up to 4,096)")
    ] = DEFAULT_BATCH,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="CSV file: one row per run", callback=writable)
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="output format")] = Format.table,
    exclude_reference: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-reference", help="leave this reference dispute out of the priors (repeatable)"
        ),
    ] = None,
    as_of: AsOfOption = None,
    unit: UnitOption = None,
) -> None:
    """Monte Carlo of the dispute: P(strike), strike length, settlement, costs. A case with only proposals
    is forecast from the two sides' latest positions and the documented priors (docs/forecast.md); on
    ``--as-of`` DAY, from their positions of that day."""
    case = at_table(open_case_as_of(case_dir, as_of)[0], unit)
    if workers is not None and scheduler is not None:
        fail("give --workers or --scheduler, not both")
    forecast, excluded = _forecast(case, case_dir, exclude_reference or [])
    model = forecast.model
    if model is None:
        fail(
            f"{case_dir / 'case.yaml'}: proposals: the two sides' latest positions do not differ on pay or "
            "non-pay items: nothing to forecast"
        )
    n = runs if runs is not None else (case.simulation.runs if case.simulation else DEFAULT_RUNS)
    s = seed if seed is not None else (case.simulation.seed if case.simulation else 0)
    writer = RunsWriter(output, model) if output is not None else None
    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task(f"{n:,} runs", total=n)

        def advance(done: int) -> None:
            bar.advance(task, done)

        try:
            if workers is None and scheduler is None:
                tally = montecarlo.simulate(model, n, s, batch, advance, writer)
            else:
                with _dask_client(workers, scheduler) as client:
                    tally = montecarlo.simulate_on_dask(model, n, s, client, batch, advance, writer)
        finally:
            if writer is not None:
                writer.close()
    summary = summarize(model, tally, s)
    summary["forecast"] = forecast_block(forecast, tally, excluded)
    if format is Format.json:
        print_json(summary)
    else:
        for part in summary_tables(summary):
            console.print(part)
        for line in forecast_lines(summary["forecast"]):
            console.print(line, markup=False, highlight=False)
        for warning in summary["warnings"]:
            console.print(f"[yellow]warning[/]: {warning_sentence(warning)}", highlight=False)
    if output is not None:
        err_console.print(f"wrote {n:,} rows to {output}", highlight=False)


def _forecast(case: Case, folder: Path, ids: list[str]) -> tuple[Forecast, list[tuple[str, str]]]:
    """The case's forecast, the reference class less the disputes matching the case (or named)."""
    disputes, errors = load_reference()
    if errors or disputes is None:
        fail("the bundled reference class does not load: " + "; ".join(map(str, errors)))
    unknown = sorted(set(ids) - {d.id for d in disputes})
    if unknown:
        fail(f"--exclude-reference: no dispute with id {', '.join(unknown)} in the reference class")
    names = (case.employer.name, case.employer.short or "")
    years = (case.calendar.first_year, case.calendar.last_year)
    selection = exclude_matching(disputes, employer_names=names, years=years, ids=ids)
    try:
        forecast = forecast_with_reference(case, bundled_priors(), selection.kept)
    except ValueError as exc:
        fail(f"{folder / 'case.yaml'}: {exc}")
    return forecast, [(item.id, item.reason) for item in selection.excluded]


@contextlib.contextmanager
def _dask_client(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        fail("Dask is not installed: pip install 'bargaining[distributed]'")
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            fail(f"cannot reach the Dask scheduler at {scheduler}: {exc}")
        with client:
            yield client
        return
    import dask

    with dask.config.set({"distributed.nanny.pre-spawn-environ": montecarlo.worker_environ()}):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


class RunsWriter:
    """Streams one tidy CSV row per run: how it ended, when, the settlement, the costs, the drawn inputs."""

    def __init__(self, path: Path, model: DisputeModel) -> None:
        self.model = model
        self.path = path
        try:
            self.file = path.open("w", newline="", encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}")
        self.writer = csv.writer(self.file)
        self.start = model.timetable.start
        self.writer.writerow(
            ["run", "ended_in", "strike_days", "days_to_settlement", "settled_on", *model.outcomes.names,
             "union_cost", "district_cost", *model.inputs.names]
        )  # fmt: skip

    def __call__(self, table: RunTable) -> None:
        model = self.model
        settled = table.outcome >= 0
        terms = np.where(settled[:, None], model.outcomes.values[np.maximum(table.outcome, 0)], np.nan)
        dates = np.datetime64(self.start, "D") + table.settle_day.astype("timedelta64[D]")
        columns: list[list[Any]] = [
            list(range(table.first_run, table.first_run + len(table))),
            [PHASES[p] for p in table.phase],
            table.strike_days.tolist(),
            np.where(settled, table.settle_day, -1).tolist(),
            [str(d) if ok else "" for d, ok in zip(dates, settled, strict=True)],
            *[_cells(terms[:, i]) for i in range(terms.shape[1])],
            table.union_cost.tolist(),
            table.district_cost.tolist(),
            *[table.inputs[name].tolist() for name in model.inputs.names],
        ]
        self.writer.writerows(zip(*columns, strict=True))

    def close(self) -> None:
        self.file.close()


def _cells(values: np.ndarray) -> list[Any]:
    return ["" if np.isnan(v) else float(v) for v in values]
