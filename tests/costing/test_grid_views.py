"""The schedule in effect on a day, before and after a proposal, worked by hand on a 3-step x 2-lane grid
(BA 50,000 / 52,000 / 54,000; MA 55,000 / 57,200 / 59,400; the grid of tests/cli/test_members.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from bargaining.costing import CostContext, grid_views
from bargaining.inputs import load_case
from gridcase import MOVEMENT, write_grid_case

PROPOSALS = """proposals:
  - {id: raise, party: employer, date: 2017-06-01,
     terms: [{type: raise, percent: 2, effective: 2018-07-01}]}
  - {id: top-step, party: union, date: 2017-06-02,
     terms: [{type: step_add, schedule: teachers, count: 1, percent: 3, effective: 2018-07-01}]}
  - {id: early-steps, party: union, date: 2017-06-03,
     terms: [{type: cell_raise, schedule: teachers, steps: [1, 1], percent: 5, effective: 2019-07-01}]}
"""
BEFORE = ((50000.0, 55000.0), (52000.0, 57200.0), (54000.0, 59400.0))


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> CostContext:
    folder = write_grid_case(tmp_path_factory.mktemp("grid"), "grid-views", PROPOSALS, movement=MOVEMENT)
    case, problems = load_case(folder)
    assert not problems
    return CostContext.of(case)


def _flat(rows: object) -> list[float]:
    return [value for row in rows for value in row]  # type: ignore[attr-defined]


def _view(ctx: CostContext, proposal: str, day: dt.date) -> tuple[object, ...]:
    chosen = next(p for p in ctx.case.proposals if p.id == proposal)
    (view,) = grid_views(ctx, chosen, day)
    return view.lanes, view.before, view.after


def test_a_raise_moves_every_cell_from_its_day(ctx: CostContext) -> None:
    # Before 1 July 2018 nothing changes; from then every cell x 1.02: 51,000 / 53,040 / 55,080 and
    # 56,100 / 58,344 / 60,588.
    assert _view(ctx, "raise", dt.date(2018, 6, 30)) == (("BA", "MA"), BEFORE, BEFORE)
    after = ((51000.0, 56100.0), (53040.0, 58344.0), (55080.0, 60588.0))
    _, before, shown = _view(ctx, "raise", dt.date(2018, 7, 1))
    assert before == BEFORE
    assert _flat(shown) == pytest.approx(_flat(after))


def test_a_new_top_step_is_a_new_row(ctx: CostContext) -> None:
    # Step 4, 3% above step 3: BA 54,000 x 1.03 = 55,620; MA 59,400 x 1.03 = 61,182. The old rows stay.
    _, before, after = _view(ctx, "top-step", dt.date(2018, 9, 1))
    assert before == BEFORE
    assert _flat(after) == pytest.approx(_flat((*BEFORE, (55620.0, 61182.0))))


def test_a_cell_raise_moves_only_its_cells(ctx: CostContext) -> None:
    # Step 1 up 5% from 1 July 2019: BA 52,500, MA 57,750; steps 2 and 3 as before.
    _, _, after = _view(ctx, "early-steps", dt.date(2019, 7, 1))
    assert _flat(after) == pytest.approx(_flat(((52500.0, 57750.0), *BEFORE[1:])))
    assert _view(ctx, "early-steps", dt.date(2019, 6, 30))[2] == BEFORE


def test_a_day_outside_the_horizon_is_refused(ctx: CostContext) -> None:
    with pytest.raises(ValueError, match="outside the costing horizon"):
        _view(ctx, "raise", dt.date(2030, 1, 1))
