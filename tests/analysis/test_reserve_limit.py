"""A side's limit "the reserve stays at or above the minimum" (issue 13 item 6), worked by hand on the small
budget case (tests/budget/cases/small: revenue 1,100,000 a year; outgo 1,070,000 / 1,120,000 / 1,170,000
with the unit's 120,000; balance 200,000; minimum 10% of outgo)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bargaining.analysis import Valuer, value_packages
from bargaining.inputs import load_case

SMALL = Path(__file__).parents[1] / "budget" / "cases" / "small"
PREFERENCES = """
preferences:
  valued_on: 2018-07-01
  package:
    terms:
      raise: {type: raise, percent: 1, effective: 2018-07-01}
    issues:
      raise: {term: raise, field: percent, min: 0, max: 10, step: 2}
  employer:
    reservation: 0
    weights: {cost: 100}
    curves:
      cost: [[0, 100], [200000, 0]]
    limits: {reserve_below_minimum: %s}
"""


def _valuer(tmp_path: Path, limit: str, budget: bool = True) -> tuple[Valuer | None, list[str]]:
    folder = tmp_path / "case"
    shutil.copytree(SMALL, folder)
    text = (folder / "case.yaml").read_text()
    if not budget:
        head, rest = text.split("budget:\n", 1)
        text = head + "proposals:\n" + rest.split("proposals:\n", 1)[1]  # the case without its budget
    (folder / "case.yaml").write_text(text + PREFERENCES % limit)
    case, errors = load_case(folder)
    if case is None or case.preferences is None:
        return None, [str(e) for e in errors]
    return Valuer.of(case, case.preferences), []


def test_packages_that_breach_the_minimum_are_outside_the_limit(tmp_path: Path) -> None:
    valuer, _ = _valuer(tmp_path, "0")
    assert valuer is not None
    # r% on the $100,000 schedule with its 20% roll-up adds 1,200 r a year. The third year binds: ending
    # balance 140,000 - 3,600 r against a minimum of 117,000 + 120 r, so r <= 23,000 / 3,720 = 6.18%.
    valued = value_packages(valuer, np.arange(6, dtype=np.int32).reshape(6, 1))  # 0, 2, 4, 6, 8, 10 %
    assert valued.feasible.tolist() == [True, True, True, True, False, False]
    # At 8%: minimum 117,960, available 140,000 - 28,800 = 111,200: 6,760 below. At 10%: 118,200 against
    # 104,000: 14,200 below.
    assert valued.reserve_below_minimum is not None
    assert valued.reserve_below_minimum[4:].tolist() == pytest.approx([6760.0, 14200.0])
    assert valued.reserve_below_minimum[:4].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_a_limit_in_dollars_below_the_minimum_admits_a_little_more(tmp_path: Path) -> None:
    valuer, _ = _valuer(tmp_path, "7000")
    assert valuer is not None
    valued = value_packages(valuer, np.arange(6, dtype=np.int32).reshape(6, 1))
    assert valued.feasible.tolist() == [True, True, True, True, True, False]  # 6,760 <= 7,000 < 14,200


def test_the_limit_needs_a_budget(tmp_path: Path) -> None:
    valuer, errors = _valuer(tmp_path, "0", budget=False)
    assert valuer is None
    assert any(
        "preferences.employer.limits.reserve_below_minimum: needs the case's budget section" in e
        for e in errors
    ), errors
