"""The fact-finder's exhibits, worked by hand on tests/budget/cases/small (made-up peers).

BA step 1 in 2018-19: North 52,000, South 56,000, the district (SUSD) 50,000: rank 3 of 3, no peer paid
less. Under raise-10 (10% from 1 Jul 2018) the cell pays 55,000: rank 2, above North (50% of peers).
Work days do not move with a raise, so they have no "after".
Real pay is deflated by the CPI-U, a fiscal year taking the mean of its two calendar years:
2018-19 = (251.107 + 255.657) / 2 = 253.382; 2019-20 = (255.657 + 258.811) / 2 = 257.234;
2020-21 = (258.811 + 270.970) / 2 = 264.8905. Today's 50,000 in 2020-21 is 50,000 x 253.382 / 264.8905.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bargaining.budget.exhibits import benchmark_rows, real_pay
from bargaining.cli import app
from bargaining.inputs import load_case
from xlsxcheck import evaluate

SMALL = Path(__file__).parent / "cases" / "small"


def test_rank_and_percentile_before_and_after() -> None:
    case, errors = load_case(SMALL)
    assert case is not None, errors
    rows = {r.benchmark: r for r in benchmark_rows(case, (case.proposal("raise-10"),))}
    ba = rows["BA step 1"]
    assert (ba.before.value, ba.before.rank, ba.before.percentile) == (50_000, 3, 0.0)
    ((pid, after),) = ba.after
    assert pid == "raise-10"
    assert after.value == pytest.approx(55_000)
    assert (after.rank, after.percentile) == (2, 50.0)
    days = rows["Work days"]
    assert (days.before.rank, days.after) == (2, ())


def test_real_pay_is_deflated_by_the_fiscal_years_cpi() -> None:
    case, errors = load_case(SMALL)
    assert case is not None, errors
    series = {(r.benchmark, r.proposal): r for r in real_pay(case, (case.proposal("raise-10"),))}
    today = dict((fy, real) for fy, _, real in series[("BA step 1", None)].years)
    assert today["2018-19"] == pytest.approx(50_000)
    assert today["2020-21"] == pytest.approx(50_000 * 253.382 / 264.8905)
    raised = dict((fy, nominal) for fy, nominal, _ in series[("BA step 1", "raise-10")].years)
    assert raised == pytest.approx({"2018-19": 55_000, "2019-20": 55_000, "2020-21": 55_000})


def test_exhibits_xlsx_real_pay_formulas_give_the_json(tmp_path: Path) -> None:
    out = tmp_path / "exhibits.xlsx"
    runner = CliRunner()
    result = runner.invoke(
        app, ["exhibits", str(SMALL), "-p", "raise-10", "--format", "xlsx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["exhibits", str(SMALL), "-p", "raise-10", "--format", "json"])
    document = json.loads(result.stdout)
    sheet = load_workbook(out)["Real pay"]
    assert [sheet.cell(row=1, column=c).value for c in (3, 4, 5)] == ["2018-19", "2019-20", "2020-21"]
    for k, series in enumerate(document["real_pay"]):
        row = 4 + 2 * k  # row 1 years, row 2 the CPI, then a nominal row and its real row per series
        for j, year in enumerate(series["years"]):
            assert evaluate(sheet, f"{'CDE'[j]}{row}") == pytest.approx(year["real"])


def test_a_comparables_row_without_a_source_is_located(tmp_path: Path) -> None:
    for name in ("case.yaml", "roster.csv"):
        (tmp_path / name).write_text((SMALL / name).read_text())
    (tmp_path / "comparables.csv").write_text(
        "district,fiscal_year,benchmark,value,moves_with_raise,source\nSUSD,2018-19,BA step 1,50000,maybe,\n"
    )
    _, errors = load_case(tmp_path)
    found = {(e.line, e.key): e.message for e in errors}
    assert found[(2, "moves_with_raise")].startswith("expected yes or no")
    assert found[(2, "source")].startswith("expected a non-empty value")
