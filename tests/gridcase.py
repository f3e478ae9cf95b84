"""A small district on a 3-step x 2-lane salary schedule, worked by hand in several tests:
BA 50,000 / 52,000 / 54,000 and MA 55,000 / 57,200 / 59,400; member a (1 FTE) on step 1 BA, member d on
step 2 MA."""

from __future__ import annotations

from pathlib import Path

HEAD = """id: {id}
title: {title}
jurisdiction: generic
horizon: {{first: 2017-18, last: 2019-20}}
employer: {{name: Example USD, short: EUSD}}
union: {{name: Example TA, short: ETA}}
unit:
  schedules: {{teachers: {{cells: teachers.csv}}}}
  roster: roster.csv
  statutory_rate: 0.1
{movement}  new_hire: {{schedule: teachers, step: 1, lane: BA}}
"""
MOVEMENT = "  movement: {exits: 0.2, lane_moves: 0.5}\n"  # exits and lane moves for the whole unit
CELLS = "step,BA,MA\n1,50000,55000\n2,52000,57200\n3,54000,59400\n"


def write_grid_case(
    folder: Path, case_id: str, proposals: str, *, d_fte: float = 0.5, movement: str = ""
) -> Path:
    """Write the case into ``folder`` with ``proposals`` (YAML, from the ``proposals:`` line) after the unit;
    ``movement`` is an optional ``movement:`` line of the unit (two spaces in)."""
    folder.mkdir(parents=True, exist_ok=True)
    head = HEAD.format(id=case_id, title=f"Grid case {case_id}", movement=movement)
    (folder / "case.yaml").write_text(head + proposals)
    (folder / "teachers.csv").write_text(CELLS)
    (folder / "roster.csv").write_text(
        f"id,role,fte,schedule,step,lane\na,teacher,1,teachers,1,BA\nd,teacher,{d_fte},teachers,2,MA\n"
    )
    return folder


# A package space on the grid: BA 50,000 / 52,000 / 54,000; MA 55,000 / 57,200 / 59,400; a (1 FTE) starts on
# step 1 BA, d (0.5 FTE) on step 2 MA; one step a year; statutory roll-up 10%. Every term from 2017-07-01.
PACKAGE_SPACE = """proposals: []
preferences:
  valued_on: 2017-07-01
  package:
    terms:
      floor: {type: minimum_salary, schedule: teachers, amount: 51000, effective: 2017-07-01}
      top: {type: cell_raise, schedule: teachers, steps: [3, 3], percent: 2, effective: 2017-07-01}
      longevity: {type: step_add, schedule: teachers, count: 1, percent: 5, effective: 2017-07-01}
    issues:
      floor: {term: floor, field: amount, options: [50000, 51000]}
      top: {term: top, field: percent, options: [0, 2, 4]}
      longevity: {term: longevity, field: count, options: [1, 2]}
  employer:
    reservation: 0
    weights: {cost: 100}
    curves:
      cost: [[0, 100], [100000, 0]]
  union:
    reservation: 0
    weights: {pay_per_member: 100}
    curves:
      pay_per_member: [[0, 0], [10000, 100]]
"""
