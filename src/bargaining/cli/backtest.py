"""``bargain backtest``: leave-one-out over the reference class of real disputes."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from bargaining.cli.app import app, console, fail, print_json
from bargaining.inputs import bundled_priors, load_reference
from bargaining.report import backtest_document, backtest_tables
from bargaining.simulate import backtest as run_backtest


class Format(enum.StrEnum):
    table = "table"
    json = "json"


@app.command()
def backtest(
    data: Annotated[
        Path | None,
        typer.Argument(
            help="a folder of dispute files (or one file); default: the class shipped with bargaining"
        ),
    ] = None,
    runs: Annotated[int, typer.Option("--runs", "-n", min=4096, help="runs per dispute")] = 16_384,
    seed: Annotated[int, typer.Option("--seed", "-s", min=0, help="seed")] = 0,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json")] = Format.table,
) -> None:
    """Forecast each dispute of the reference class from its positions and the others; score the forecasts
    and two baselines (the district's last offer, split the difference) against what happened."""
    disputes, errors = load_reference(data)
    if errors or disputes is None:
        for error in errors:
            print(error, file=sys.stderr)
        fail(f"{len(errors)} error(s) in the reference class")
    result = run_backtest(disputes, bundled_priors(), runs, seed)
    if fmt is Format.json:
        print_json(backtest_document(result))
        return
    for table in backtest_tables(result):
        console.print(table)
