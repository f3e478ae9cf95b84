"""One count of the unit's employees (``Roster.headcount``) serves the strike, the deal tools and the
reports, whether the unit is a roster of people or a scattergram of FTE per cell (issue 11)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.gridcase import write_grid_case

from bargaining.inputs import load_case
from bargaining.model import Case, StrikeSpec
from bargaining.simulate import StrikeFacts

PROPOSALS = (
    "proposals:\n"
    "  - {id: u1, party: union, date: 2017-09-01,\n"
    "     terms: [{type: raise, percent: 2, effective: 2017-07-01}]}\n"
)


def _load(folder: Path) -> Case:
    case, errors = load_case(folder)
    assert not errors, errors
    assert case is not None
    return case


def test_a_roster_counts_people_not_fte(tmp_path: Path) -> None:
    # Two members, a (1 FTE) and d (0.5 FTE): two people, 1.5 FTE.
    case = _load(write_grid_case(tmp_path / "roster", "roster", PROPOSALS, d_fte=0.5))
    assert case.unit.roster.headcount == 2
    assert float(case.unit.roster.fte.sum()) == 1.5


def test_a_scattergram_counts_its_fte_not_its_cells(tmp_path: Path) -> None:
    # Two cells: 12.0 FTE on step 1 BA and 7.5 FTE on step 3 MA. There are no people in a scattergram, so
    # the unit counts one person per FTE: 19.5 rounds to 20 (not 2, the number of cells).
    folder = write_grid_case(tmp_path / "scatter", "scatter", PROPOSALS)
    text = (folder / "case.yaml").read_text().replace("roster: roster.csv", "placement: placement.csv")
    (folder / "case.yaml").write_text(text)
    (folder / "placement.csv").write_text(
        "schedule,step,lane,role,fte\nteachers,1,BA,teacher,12.0\nteachers,3,MA,teacher,7.5\n"
    )
    case = _load(folder)
    assert len(case.unit.roster) == 2
    assert case.unit.roster.headcount == 20
    # The strike's strikers are participation x this count.
    spec = StrikeSpec(work_days=186, participation=0.9)
    facts = StrikeFacts.of(case, spec, dt.date(2018, 1, 1))
    assert facts.members == 20
    # Daily payroll: (12 x 50,000 + 7.5 x 59,400) / 186 = (600,000 + 445,500) / 186 = 5,620.97
    assert abs(facts.daily_payroll - 1_045_500 / 186) < 1e-6
