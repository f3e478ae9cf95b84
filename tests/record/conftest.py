"""A small case whose costs can be worked by hand: 10 teachers at $50,000, a 10% roll-up, one fiscal year.

A raise of p% from 1 Jul 2018 costs 10 x 50,000 x p/100 in salary plus 10% of that in roll-up:
2% -> 10,000 + 1,000 = 11,000; 4% -> 22,000; 6% -> 33,000.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

CASE = """
id: hand-worked
title: Hand-worked district
jurisdiction: california-eera
horizon: {first: 2018-19, last: 2018-19}
contract_expires: 2018-12-31
employer: {name: District, short: D}
union: {name: Union, short: U}
unit: {roster: roster.csv, statutory_rate: 0.1, new_hire_salary: 50000}
proposals:
  - {id: u1, party: union, date: 2018-09-01,
     terms: [{type: raise, percent: 6, effective: 2018-07-01, article: "2"}]}
  - {id: d1, party: employer, date: 2018-09-10, answers: u1,
     terms: [{type: raise, percent: 2, effective: 2018-07-01, article: "2"}]}
  - {id: d2, party: employer, date: 2018-10-10,
     terms: [{type: raise, percent: 4, effective: 2018-07-01, article: "2"}]}
"""

SESSIONS = """
events:
  - {date: 2018-09-01, type: session}
  - {date: 2018-09-10, type: session}
  - {date: 2018-10-01, type: impasse_declared, by: union}
  - {date: 2018-10-10, type: session}
  - {date: 2018-10-20, type: session}
  - {date: 2018-10-30, type: session}
  - {date: 2018-11-09, type: session}
"""


def write_case(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    roster = ["id,role,fte,salary", *(f"t{i},teacher,1,50000" for i in range(10))]
    (folder / "roster.csv").write_text("\n".join(roster) + "\n")
    (folder / "case.yaml").write_text(CASE + extra)
    return folder


@pytest.fixture
def hand_case(tmp_path: Path) -> Path:
    return write_case(tmp_path / "hand", SESSIONS)


@pytest.fixture
def make_case(tmp_path: Path) -> Callable[[str, str], Path]:
    """A copy of the case under a name, with YAML appended (more proposals, then events)."""

    def make(name: str, extra: str) -> Path:
        return write_case(tmp_path / name, extra)

    return make
