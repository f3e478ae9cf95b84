"""The workbooks a finance office opens: real dates and numbers, totals as formulas, widths that show every
figure, frozen headers, the assumptions with their sources, the warnings, and the demo's comparison."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bargaining.cli import app
from xlsxcheck import evaluate

ROOT = Path(__file__).resolve().parents[2]
LAUSD = ROOT / "cases" / "lausd-2019"
runner = CliRunner()


def _json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="module")
def lausd_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "lausd.xlsx"
    result = runner.invoke(app, ["cost", str(LAUSD), "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_dates_are_dates_and_totals_are_formulas_giving_the_json(lausd_book: Path) -> None:
    book = load_workbook(lausd_book)
    assert book.sheetnames == ["Summary", "lausd-2019", "Assumptions", "Warnings"]
    summary = book["Summary"]
    assert summary.freeze_panes == "A2"
    assert isinstance(summary["D2"].value, dt.datetime)  # openpyxl reads a date cell back as a datetime
    document = _json("cost", str(LAUSD))
    totals = {p["id"]: p["total"] for p in document["proposals"]}  # type: ignore[attr-defined]
    found = {}
    for r in range(2, summary.max_row + 1):
        if summary[f"E{r}"].value == "All years":
            assert str(summary[f"F{r}"].value).startswith("=SUM(")
            found[summary[f"B{r}"].value] = evaluate(summary, f"F{r}")
    assert found == pytest.approx(totals)


def test_case_sheet_sums_across_and_down(lausd_book: Path) -> None:
    sheet = load_workbook(lausd_book)["lausd-2019"]
    document = _json("cost", str(LAUSD), "--proposal", "settlement-2019-01-22")
    proposal = document["proposals"][0]  # type: ignore[index]
    rows = {sheet[f"A{r}"].value: r for r in range(1, sheet.max_row + 1)}
    start = next(r for r in range(1, sheet.max_row + 1) if str(sheet[f"A{r}"].value).startswith("settlement"))
    total_row = next(r for r in range(start, sheet.max_row + 1) if sheet[f"A{r}"].value == "Total")
    assert "Salary schedule" in rows  # the users' words, not field names
    # Columns B..G are 2016-17..2021-22; H is the horizon total.
    for j, year in enumerate(proposal["years"]):
        assert evaluate(sheet, f"{'BCDEFG'[j]}{total_row}") == pytest.approx(year["total"])
    assert evaluate(sheet, f"H{total_row}") == pytest.approx(proposal["total"])


def test_every_column_is_wide_enough_for_what_it_shows(lausd_book: Path) -> None:
    for sheet in load_workbook(lausd_book).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float | int) and not isinstance(cell.value, bool):
                    shown = len(f"{cell.value:,.0f}")
                    width = sheet.column_dimensions[cell.column_letter].width
                    assert width >= shown, (sheet.title, cell.coordinate, cell.value, width)


def test_assumptions_and_warnings_sheets(lausd_book: Path) -> None:
    book = load_workbook(lausd_book)
    assumptions = [[c.value for c in row] for row in book["Assumptions"].iter_rows(min_row=2)]
    # The case's CalSTRS-driven roll-up changes on 1 Jul of each year; each change is a dated row.
    rates = [r for r in assumptions if r[1] == "Statutory benefits, share of pay"]
    assert len(rates) >= 2 and all(isinstance(r[3], dt.datetime) for r in rates)
    assert any(
        r[1]
        == "LACOE letter to LAUSD on the public disclosure of the UTLA tentative agreement (AB 1200 review)"
        for r in assumptions
    )
    warnings = [[c.value for c in row] for row in book["Warnings"].iter_rows(min_row=2)]
    assert warnings, "the bundled proposals carry retroactivity and sunset warnings"
    assert all(w[2] is None or w[2] >= 1 for w in warnings)  # terms are counted from 1


def test_demo_writes_the_comparison_it_prints(tmp_path: Path) -> None:
    out = tmp_path / "demo.xlsx"
    result = runner.invoke(app, ["demo", "--cases", str(ROOT / "cases"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["Comparison"]
    titles = [sheet[f"A{r}"].value for r in range(1, sheet.max_row + 1)]
    heading = next(t for t in titles if t and str(t).startswith("lausd-2019:"))
    # The demo compares the last employer offer with the last union demand.
    _, pair = heading.split(": ", 1)
    union, employer = pair.split(" minus ")
    gap = _json("compare", str(LAUSD), employer, union)
    first = titles.index(heading) + 3  # title, header, then the first fiscal year
    for k, year in enumerate(gap["years"]):  # type: ignore[arg-type]
        assert evaluate(sheet, f"D{first + k}") == pytest.approx(year["gap"])


def test_warnings_count_terms_from_one() -> None:
    document = _json("cost", str(LAUSD), "--proposal", "settlement-2019-01-22")
    warnings = document["proposals"][0]["warnings"]  # type: ignore[index]
    # The settlement's first term is 3% from 1 Jul 2017, agreed on 22 Jan 2019: back pay is owed.
    first = next(w for w in warnings if w["code"] == "retroactive")
    assert first["message"].startswith("term 1 (raise) takes effect 2017-07-01")


def test_demo_opens_each_bundled_case_on_its_telling_day(tmp_path: Path) -> None:
    # cases/lausd-2019/case.yaml and cases/denver-2025/case.yaml name their demo days (demo_as_of): LAUSD on
    # 10 January 2019, four days before the strike, when the district's last offer was lausd-2018-09-26 and
    # UTLA's utla-2018-08; Denver on 20 May 2025, after DPS declared impasse (5 May) and before mediation,
    # with DPS's offer of 28 April against DCTA's of 21 April.
    out = tmp_path / "demo.xlsx"
    result = runner.invoke(app, ["demo", "--cases", str(ROOT / "cases"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    assert "as of 10 January 2019" in said and "as of 20 May 2025" in said
    assert "http://127.0.0.1:8000/cases/lausd-2019?as_of=2019-01-10" in said
    assert "http://127.0.0.1:8000/cases/denver-2025?as_of=2025-05-20" in said
    assert "settlement-2019-01-22" not in said  # made on 22 January: not yet on the table
    assert "impasse procedures exhausted (report public)" in said  # LAUSD's state on 10 January
    sheet = load_workbook(out)["Comparison"]
    titles = [str(sheet[f"A{r}"].value) for r in range(1, sheet.max_row + 1)]
    assert "lausd-2019: utla-2018-08 minus lausd-2018-09-26" in titles
    assert "denver-2025: dcta-2025-04-21 minus dps-2025-04-28" in titles
    costed = load_workbook(out)
    ids = [str(c.value) for row in costed.worksheets[0].iter_rows() for c in row if c.value]
    assert not any("settlement-2019-01-22" in v for v in ids)
