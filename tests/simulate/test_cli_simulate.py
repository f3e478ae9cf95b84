"""`bargain strike-cost` and `bargain simulate` through the CLI, on the hand-worked tiny case."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from bargaining.cli import app

TINY = Path(__file__).parent / "cases" / "tiny"
runner = CliRunner()


def test_strike_cost_json_day_by_day() -> None:
    result = runner.invoke(app, ["strike-cost", str(TINY), "--days", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    # The calendar puts the first strike day on Thu 6 Feb 2025; Mon 10 Feb is a holiday.
    assert [day["date"] for day in document["days"]] == ["2025-02-06", "2025-02-07", "2025-02-11"]
    # $10,000 of pay a day withheld; the district pays 15,000 for a substitute: net 5,000 a day.
    assert [day["members_net"] for day in document["days"]] == [10_000, 10_000, 10_000]
    assert [day["district_cumulative"] for day in document["days"]] == [5_000, 10_000, 15_000]
    assert document["members_total"] == 30_000 and document["daily_payroll"] == 10_000


def test_strike_cost_table() -> None:
    result = runner.invoke(app, ["strike-cost", str(TINY), "--days", "2"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Thu 06 Feb" in result.stdout and "5,000" in result.stdout


def test_simulate_json_and_csv(tmp_path: Path) -> None:
    out = tmp_path / "runs.csv"
    result = runner.invoke(
        app, ["simulate", str(TINY), "--runs", "5", "--seed", "1", "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    # Every run is the hand-worked one (tests/simulate/test_dispute.py): a 4-day strike settling at x=1.
    assert summary["probabilities"]["strike"] == 1.0
    assert summary["strike_days"]["distribution"] == {"4": 1.0}
    assert summary["settlement"]["x"]["distribution"] == {"1.0": 1.0}
    assert summary["cost"]["union"]["mean"] == 40_000
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 5
    assert rows[0]["ended_in"] == "strike" and rows[0]["settled_on"] == "2025-02-12"
    assert float(rows[4]["district_cost"]) == 20_000 and rows[4]["run"] == "4"


def test_simulate_table() -> None:
    result = runner.invoke(app, ["simulate", str(TINY), "--runs", "10"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "strike days, if a strike" in result.stdout
    assert "100.0%" in result.stdout


def test_simulate_refuses_workers_and_scheduler_together() -> None:
    result = runner.invoke(app, ["simulate", str(TINY), "--workers", "2", "--scheduler", "tcp://x:1"])
    assert result.exit_code == 1
    assert "not both" in result.stderr


def test_a_case_without_the_section_says_what_is_missing(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(TINY, folder)
    text = (folder / "case.yaml").read_text().split("simulation:")[0]
    (folder / "case.yaml").write_text(text)
    result = runner.invoke(app, ["strike-cost", str(folder)])
    assert result.exit_code == 1
    assert "simulation: the case has no simulation section" in result.stderr
    # simulate forecasts a case without the section from its positions (docs/forecast.md); this one has
    # no proposal either.
    result = runner.invoke(app, ["simulate", str(folder)])
    assert result.exit_code == 1
    assert "a forecast needs a proposal from each side, or a complete simulation section" in result.stderr


def test_simulate_on_a_local_dask_cluster_matches_one_process() -> None:
    args = ["simulate", str(TINY), "--runs", "5000", "--seed", "2", "-f", "json"]
    alone = runner.invoke(app, args)
    spread = runner.invoke(app, [*args, "--workers", "1", "--batch", "4096"])
    assert alone.exit_code == 0 and spread.exit_code == 0, spread.output
    assert json.loads(alone.stdout) == json.loads(spread.stdout)


def test_simulate_table_shows_dates_from_the_preferences_space(tmp_path: Path) -> None:
    cases = Path(__file__).resolve().parents[2] / "cases"
    folder = tmp_path / "lausd"
    shutil.copytree(cases / "lausd-2019", folder)
    text = (folder / "case.yaml").read_text()
    start = text.index("\n  issues:\n", text.index("\nsimulation:"))
    end = text.index("\n  union:\n", start)
    (folder / "case.yaml").write_text(text[:start] + "\n  utilities: preferences" + text[end:])
    result = runner.invoke(app, ["simulate", str(folder), "--runs", "4096"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "settlement: retro" in result.stdout and "2016-07-01" in result.stdout
