"""``bargain members``: pay per full-time member by cell and member, worked by hand on a 3-step x 2-lane
grid (the one in tests/costing/test_schedule_cases.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bargaining.cli import app
from gridcase import MOVEMENT, write_grid_case

runner = CliRunner()
PROPOSALS = """proposals:
  - id: p
    party: employer
    date: 2017-06-01
    terms:
      - {type: raise, percent: 2, effective: 2018-07-01}
      - {type: step_freeze, fiscal_year: 2019-20}
"""


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    return write_grid_case(tmp_path, "members-grid", PROPOSALS, movement=MOVEMENT)


def test_json_gives_every_cell_and_member(case_dir: Path) -> None:
    result = runner.invoke(app, ["members", str(case_dir), "--proposal", "p", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert list(doc)[:5] == ["case", "proposal", "fiscal_years", "cells", "members"]
    assert doc["fiscal_years"] == ["2017-18", "2018-19", "2019-20"]
    assert len(doc["cells"]) == 6
    cells = {(c["step"], c["lane"]): c for c in doc["cells"]}
    # A member who stays and keeps their lane (no exits or lane moves for one person): starting on step 1 BA,
    # status quo 50,000 / 52,000 / 54,000; with 2% from 2018-07-01 and no step in 2019-20:
    # 50,000 / 52,000 x 1.02 = 53,040 / still step 2: 53,040.
    a = cells[(1, "BA")]
    assert (a["schedule"], a["fte"]) == ("teachers", 1.0)
    assert a["status_quo"] == pytest.approx({"2017-18": 50000, "2018-19": 52000, "2019-20": 54000})
    assert a["proposal"] == pytest.approx({"2017-18": 50000, "2018-19": 53040, "2019-20": 53040})
    # Step 2 MA: 57,200 / 59,400 / 59,400 (top) against 57,200 / 60,588 / 60,588.
    d = cells[(2, "MA")]
    assert d["fte"] == 0.5
    assert d["proposal"] == pytest.approx({"2017-18": 57200, "2018-19": 60588, "2019-20": 60588})
    assert cells[(3, "BA")]["fte"] == 0.0
    members = {m["id"]: m for m in doc["members"]}
    assert members["d"]["role"] == "teacher"
    assert members["d"]["proposal"] == d["proposal"]
    # The summary in 2019-20, FTE-weighted: a -960 (-1.78%), d +1,188 (+2%).
    by_lane = {row["lane"]: row for row in doc["summary"]["by_lane"]}
    assert by_lane["BA"]["change"] == pytest.approx(-960)
    assert by_lane["MA"]["percent"] == pytest.approx(2.0)


def test_table_csv_and_xlsx(case_dir: Path, tmp_path: Path) -> None:
    table = runner.invoke(app, ["members", str(case_dir), "-p", "p"])
    assert table.exit_code == 0 and "$53,040" in table.output
    csv_out = runner.invoke(app, ["members", str(case_dir), "-p", "p", "--format", "csv"])
    assert csv_out.stdout.splitlines()[0].startswith("kind,id,role,schedule,step,lane,fte,status_quo 2017-18")
    path = tmp_path / "members.xlsx"
    done = runner.invoke(app, ["members", str(case_dir), "-p", "p", "-f", "xlsx", "-o", str(path)])
    assert done.exit_code == 0
    assert load_workbook(path).sheetnames == ["Pay", "Summary"]


def test_a_flat_case_or_unknown_proposal_is_refused(case_dir: Path) -> None:
    unknown = runner.invoke(app, ["members", str(case_dir), "-p", "nope", "--format", "json"])
    assert unknown.exit_code == 1 and "no proposal 'nope'" in unknown.output
    flat = Path(__file__).resolve().parents[1] / "storage" / "fixtures" / "small-case"
    result = runner.invoke(app, ["members", str(flat), "-p", "district-1"])
    assert result.exit_code == 1 and "no salary schedules" in result.output
