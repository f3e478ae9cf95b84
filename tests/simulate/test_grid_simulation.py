"""The simulation bargains over a package space of salary-schedule terms, each package costed on the grid
(issue 11): the grid case of tests/gridcase.py with its package space and a simulation section."""

from __future__ import annotations

import json
from pathlib import Path

from tests.gridcase import PACKAGE_SPACE, write_grid_case
from typer.testing import CliRunner

from bargaining.cli import app

SIMULATION = """simulation:
  runs: 2000
  seed: 3
  utilities: preferences
  calendar: {start: 2017-09-01, bargaining_sessions: 3, mediation_sessions: 2, strike_notice_days: 10,
             max_strike_days: 10}
  union: {strategy: reservation_aware, reserved: 0.3}
  district: {strategy: reservation_aware, reserved: 0.3}
  strike: {work_days: 186, participation: 0.9}
"""


def test_a_dispute_over_grid_terms_settles_where_the_grid_costs_say(tmp_path: Path) -> None:
    """Every package costs the district less than $10,000 over the horizon (the dearest: the new step
    1,633.50 + the minimum salary 1,100 + the top step at 4%, twice the 2,527.47 of 2%, 5,054.94: 7,788.44;
    tests/analysis/test_grid_packages.py), so on
    its curve (100 points at $0, 0 at $100,000) it scores each above 90 and is nearly indifferent, while
    the union scores only pay per member. Every run settles on the union's best package: the 51,000
    minimum and the 4% raise on the top step (the second new step is worth nothing inside the horizon,
    so a package with one is as good). Before the fix the run stopped with "internal error": the grid
    engine could not cost an empty batch of packages."""
    folder = write_grid_case(tmp_path / "grid", "grid-sim", PACKAGE_SPACE + SIMULATION)
    result = CliRunner().invoke(app, ["simulate", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    settlement = json.loads(result.stdout)["settlement"]
    assert settlement["floor"]["distribution"] == {"51000.0": 1.0}
    assert settlement["top"]["distribution"] == {"4.0": 1.0}
