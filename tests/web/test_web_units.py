"""The costing page of a proposal that a parity clause passes on to another unit shows that cost apart,
under its own heading in users' words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bargaining.storage import accounts, import_case, open_database
from bargaining.web.demo import seed_demo
from unitscase import CASE, write

from .conftest import signed_in


def test_the_costing_page_shows_what_parity_passes_on(tmp_path: Path) -> None:
    folder = tmp_path / "two-units"
    folder.mkdir()
    write(folder, CASE)
    engine = open_database(f"sqlite:///{tmp_path / 'workspace.db'}", create=True)
    try:
        import_case(engine, folder)
        seed_demo(engine, ("two-units",))
        accounts.grant(engine, "demo-public", "two-units", "observer")
        client = signed_in(engine, "employer")
        page = client.get("/cases/two-units/proposals/teachers-ta")
        assert page.status_code == 200, page.text
        words = " ".join(page.text.split())
        # Worked in tests/costing/test_units.py: 3,600 passed on to the classified unit.
        assert "<h2>Passed on to Example Classified Employees by the parity clause</h2>" in words
        assert "3,600 over the horizon" in words
        assert "me_too" not in words  # no key names on the page
        # The page's XLSX download holds the pass-on apart: ECSEA's 1,800 in 2017-18 (its own rows).
        download = client.get("/cases/two-units/proposals/teachers-ta/costs.xlsx")
        assert download.status_code == 200
        summary = load_workbook(io.BytesIO(download.content))["Summary"]
        header = [c.value for c in summary[1]]
        rows = [dict(zip(header, (c.value for c in r), strict=False)) for r in summary.iter_rows(min_row=2)]
        passed = [r for r in rows if r["Unit"] == "ECSEA" and r["Fiscal year"] == "2017-18"]
        assert [r["Total"] for r in passed] == [pytest.approx(1800)]
    finally:
        engine.dispose()


def test_per_member_figures_of_a_second_unit_divide_by_its_own_members(tmp_path: Path) -> None:
    folder = tmp_path / "two-units"
    folder.mkdir()
    write(folder, CASE)
    # Three classified members (ETA keeps two): payroll 30,000 + 0.5 x 40,000 + 0.5 x 20,000 = 60,000.
    (folder / "classified.csv").write_text(
        "id,role,fte,salary\nc,custodian,1,30000\nd,clerk,0.5,40000\ne,clerk,0.5,20000\n"
    )
    engine = open_database(f"sqlite:///{tmp_path / 'workspace.db'}", create=True)
    try:
        import_case(engine, folder)
        seed_demo(engine, ("two-units",))
        client = signed_in(engine, "employer")
        page = client.get("/cases/two-units/proposals/classified-ta")
        assert page.status_code == 200, page.text
        words = " ".join(page.text.split())
        # classified-ta: 2% of 60,000 = 1,200 a year + 20% roll-up = 1,440; per member 1,440 / 3 = 480
        # (not 1,440 / 2 = 720, the teachers' headcount).
        row = words[words.index("<td>2017-18</td>") :].split("</tr>")[0]
        assert row.endswith('<td class="num">$480</td>'), row
    finally:
        engine.dispose()
