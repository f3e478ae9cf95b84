"""The public disclosure (Gov. Code 3547.5), worked by hand on tests/budget/cases/small.

retro-10: 10% on the schedule from 1 Jul 2018, agreed 15 Aug 2019. Pay is 2 x $50,000 with a 20% roll-up, so
the raise costs $10,000 of salary and $2,000 of statutory benefits a year, $1,000 a month in all.
- Cost before the agreement (2018-19 status quo): salary 100,000, statutory 20,000, health 0.
- Paid in 2018-19: nothing (the agreement is a year away). Paid in 2019-20: 2018-19's back pay plus 2019-20,
  salary 20,000 and statutory 4,000. Paid in 2020-21: salary 10,000, statutory 2,000.
- Back pay: the 14 months from Jul 2018 to Aug 2019 that start before 15 Aug 2019, 14 x 1,000 = 14,000,
  paid in 2019-20.
- Per represented FTE (2.0): 0, 12,000, 6,000. Change in total compensation: 0%, 20%, 10%.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bargaining.budget import public_disclosure
from bargaining.cli import app
from bargaining.inputs import load_case
from xlsxcheck import evaluate

SMALL = Path(__file__).parent / "cases" / "small"


def _document() -> dict[str, object]:
    result = CliRunner().invoke(app, ["disclose", str(SMALL), "--proposal", "retro-10", "--format", "json"])
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_section_a_counts_back_pay_in_the_year_it_is_paid() -> None:
    case, errors = load_case(SMALL)
    assert case is not None, errors
    d = public_disclosure(case, case.proposal("retro-10"))
    assert d.fiscal_years == ("2018-19", "2019-20", "2020-21")
    assert d.rows["salary_schedule_increase"] == pytest.approx((100_000, 0, 20_000, 10_000))
    assert d.rows["statutory_benefits"] == pytest.approx((20_000, 0, 4_000, 2_000))
    assert d.rows["total_compensation"] == pytest.approx((120_000, 0, 24_000, 12_000))
    assert d.rows["total_cost"] == pytest.approx((120_000, 0, 24_000, 12_000))
    assert d.back_pay_paid == pytest.approx((0, 14_000, 0))
    assert d.represented_fte == 2.0
    assert d.average_cost_per_employee == pytest.approx((0, 12_000, 6_000))
    assert d.percent_change == pytest.approx((0, 20, 10))


def test_json_carries_the_projection_with_and_without_the_agreement() -> None:
    document = _document()
    assert document["columns"] == ["prior", "2018-19", "2019-20", "2020-21"]
    budget = document["budget"]
    assert isinstance(budget, dict)
    # Without: endings 230,000 / 210,000 / 140,000 (test_projection.py). With: 0, 24,000 and 12,000 more
    # outgo, so 230,000 / 186,000 / 104,000, and 2020-21 falls to 104,000 / 1,182,000 = 8.80% < 10%.
    assert [y["ending_balance"] for y in budget["without_agreement"]] == pytest.approx(
        [230_000, 210_000, 140_000]
    )
    assert [y["ending_balance"] for y in budget["with_agreement"]] == pytest.approx(
        [230_000, 186_000, 104_000]
    )
    assert budget["first_breach"] == "2020-21"
    assert len(document["certification"]) == 3  # type: ignore[arg-type]


def test_xlsx_section_a_totals_are_formulas_that_give_the_json(tmp_path: Path) -> None:
    out = tmp_path / "disclosure.xlsx"
    result = CliRunner().invoke(
        app, ["disclose", str(SMALL), "--proposal", "retro-10", "--format", "xlsx", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    document = _document()
    book = load_workbook(out)
    assert book.sheetnames == ["Section A", "Projection without", "Projection with", "Certification"]
    sheet = book["Section A"]
    labels = {sheet.cell(row=r, column=1).value: r for r in range(3, 20)}
    total = labels["Total compensation"]
    assert str(sheet.cell(row=total, column=4).value).startswith("=")
    rows = document["rows"]
    assert isinstance(rows, dict)
    for j, column in enumerate("BCDE"):
        assert evaluate(sheet, f"{column}{total}") == pytest.approx(rows["total_compensation"][j])
        assert evaluate(sheet, f"{column}{labels['Total cost']}") == pytest.approx(rows["total_cost"][j])
    average = labels["Average cost per employee"]
    assert [evaluate(sheet, f"{c}{average}") for c in "CDE"] == pytest.approx([0, 12_000, 6_000])
    change = labels["Change in total compensation (%)"]
    assert [evaluate(sheet, f"{c}{change}") for c in "CDE"] == pytest.approx([0, 20, 10])
    with_sheet = book["Projection with"]
    assert evaluate(with_sheet, "D7") == pytest.approx(104_000)  # 2020-21 ending balance
