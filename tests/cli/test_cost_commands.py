"""`bargain cost`, `compare` and `validate` through the CLI, on a hand-worked case."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.costing import COMPONENTS
from xlsxcheck import evaluate

CASE = """\
id: cli-case
title: CLI case
jurisdiction: generic
horizon: {first: 2017-18, last: 2019-20}
employer: {name: Example USD, short: EUSD}
union: {name: Example TA, short: ETA, members: 2}
unit: {roster: roster.csv, statutory_rate: 0.1, health_per_fte: 10000, new_hire_salary: 50000}
proposals:
  - id: offer
    party: employer
    date: 2017-06-01
    terms: [{type: raise, percent: 2, effective: 2017-07-01}]
  - id: demand
    party: union
    date: 2017-06-15
    answers: offer
    terms:
      - {type: raise, percent: 5, effective: 2017-07-01}
      - {type: one_time, amount: 1000, paid: 2018-01-15}
"""
ROSTER = "id,role,fte,salary\na,teacher,1,60000\nb,teacher,1,40000\n"

runner = CliRunner()


@pytest.fixture()
def case_dir(tmp_path: Path) -> Path:
    (tmp_path / "case.yaml").write_text(CASE)
    (tmp_path / "roster.csv").write_text(ROSTER)
    return tmp_path


def test_validate_prints_one_line(case_dir: Path) -> None:
    result = runner.invoke(app, ["validate", str(case_dir)])
    assert result.exit_code == 0
    assert (
        result.output == "ok: cli-case: 2 proposals, 2 members (2.0 FTE), fiscal years 2017-18 to 2019-20\n"
    )


def test_cost_json(case_dir: Path) -> None:
    result = runner.invoke(app, ["cost", str(case_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["case"] == "cli-case"
    assert document["fiscal_years"] == ["2017-18", "2018-19", "2019-20"]
    demand = document["proposals"][1]
    # Payroll 100,000; 5% = 5,000 salary + 500 roll-up a year; the one-time 2 x 1,000 = 2,000 + 200 roll-up
    # falls in 2017-18 only: 7,700 then 5,500 and 5,500; total 18,700, of which 2,200 one-time. The ongoing
    # cost is the recurring cost of the last year, 5,500.
    assert [y["total"] for y in demand["years"]] == pytest.approx([7700, 5500, 5500])
    assert demand["total"] == pytest.approx(18700)
    assert demand["one_time"] == pytest.approx(2200)
    assert demand["ongoing"] == pytest.approx(5500)
    assert [y["one_time"] for y in demand["years"]] == pytest.approx([2200, 0, 0])
    assert [y["recurring"] for y in demand["years"]] == pytest.approx([5500, 5500, 5500])
    # per member: 7,700 / 2 members
    assert demand["years"][0]["per_member"] == pytest.approx(3850)
    for year in demand["years"]:
        assert set(year["components"]) == set(COMPONENTS)
    # Cost of 1% = 0.01 x 100,000 x 1.1 = 1,100
    assert document["status_quo"]["years"][0]["cost_of_one_percent"] == pytest.approx(1100)


def test_cost_one_proposal_only(case_dir: Path) -> None:
    result = runner.invoke(app, ["cost", str(case_dir), "-p", "offer", "--format", "json"])
    assert [p["id"] for p in json.loads(result.stdout)["proposals"]] == ["offer"]


def test_unknown_proposal_is_a_clear_error(case_dir: Path) -> None:
    result = runner.invoke(app, ["cost", str(case_dir), "-p", "nope"])
    assert result.exit_code == 1
    assert "no proposal 'nope' in case 'cli-case' (known: offer, demand)" in result.output


def test_cost_csv_rows_add_up(case_dir: Path) -> None:
    result = runner.invoke(app, ["cost", str(case_dir), "-p", "offer", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    totals = [float(r["amount"]) for r in rows if r["component"] == "total"]
    # 2% of 100,000 = 2,000 + 10% roll-up = 2,200 a year
    assert totals == pytest.approx([2200, 2200, 2200])


def test_cost_xlsx_holds_numbers(case_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["cost", str(case_dir), "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    summary = load_workbook(out)["Summary"]
    all_years = {
        summary[f"B{r}"].value: evaluate(summary, f"F{r}")
        for r in range(2, summary.max_row + 1)
        if summary[f"E{r}"].value == "All years"
    }
    assert all_years == pytest.approx({"offer": 6600, "demand": 18700})
    assert not (tmp_path / "out.xlsx.partial").exists()


def test_xlsx_needs_an_output(case_dir: Path) -> None:
    result = runner.invoke(app, ["cost", str(case_dir), "--format", "xlsx"])
    assert result.exit_code == 1
    assert "--format xlsx needs --output" in result.output


def test_compare_json(case_dir: Path) -> None:
    result = runner.invoke(app, ["compare", str(case_dir), "offer", "demand", "--format", "json"])
    document = json.loads(result.stdout)
    # demand - offer: 7,700 - 2,200 = 5,500 in 2017-18, then 5,500 - 2,200 = 3,300
    assert [y["gap"] for y in document["years"]] == pytest.approx([5500, 3300, 3300])
    assert document["total"]["gap"] == pytest.approx(12100)
    assert document["years"][0]["components"]["one_time"] == pytest.approx(2000)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_validate_never_shows_a_traceback(case_dir: Path, text: str) -> None:
    (case_dir / "case.yaml").write_text(CASE + text)
    result = runner.invoke(app, ["validate", str(case_dir)])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["percent", "effective", "amount", "paid", "date", "party", "id"]),
    st.one_of(st.integers(-(10**12), 10**12), st.floats(allow_nan=True), st.text(max_size=20), st.none()),
)
def test_any_value_in_any_field_is_handled(case_dir: Path, key: str, value: object) -> None:
    broken = CASE.replace(f"{key}: ", f"{key}: {json.dumps(value)} #", 1)
    (case_dir / "case.yaml").write_text(broken)
    result = runner.invoke(app, ["cost", str(case_dir), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def test_the_cost_disclosure_is_the_public_disclosure_s_section_a() -> None:
    # One disclosure rule (issue 13): `bargain cost` shows section A of `bargain disclose`, with the form's
    # columns. For LAUSD's settlement those are the years LACOE reviewed: 2018-19 (the budget's current year)
    # to 2020-21. The old rule started at the first year the proposal cost anything and dropped 2020-21.
    args = ["cases/lausd-2019", "--proposal", "settlement-2019-01-22", "--format", "json"]
    root = str(Path(__file__).resolve().parents[2])
    cost = json.loads(CliRunner().invoke(app, ["cost", f"{root}/{args[0]}", *args[1:]]).stdout)
    disclose = json.loads(CliRunner().invoke(app, ["disclose", f"{root}/{args[0]}", *args[1:]]).stdout)
    section_a = cost["proposals"][0]["disclosure"]
    assert section_a["columns"] == ["prior", "2018-19", "2019-20", "2020-21"]
    assert section_a["rows"] == disclose["rows"]
    assert section_a["back_pay_paid"] == list(disclose["back_pay_paid"].values())
    # The form's percent change is a percent; the cost document keeps its fraction (0.05 = 5%).
    assert section_a["percent_change"] == pytest.approx([v / 100 for v in disclose["percent_change"]])
