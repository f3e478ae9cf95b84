"""Each unit its own proration and work year (units[].proration, units[].work_year), worked by hand.

The case (tests/unitscase.py): teachers (ETA: payroll 100,000, roll-up 10%) and classified staff (ECSEA:
payroll 50,000, roll-up 20%), ECSEA following ETA's raises. The case works 10 days a year, 1 to 10
September (``proration: work_days``); ETA keeps that. A 3% raise from 6 September 2017:
- ETA, days 6-10 of 10: 100,000 x 3% x 5/10 = 1,500 + 10% = 1,650 in 2017-18; 3,300 in 2018-19.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from bargaining.costing import CostContext, cost_proposal
from bargaining.inputs import load_case
from unitscase import CASE, write


def _case(classified: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(CASE)
    document["proration"] = "work_days"
    document["work_year"] = {"days": 10, "start": "09-01", "end": "09-10"}
    document["units"][1].update(classified)
    document["me_too"] = [{"unit": "ECSEA", "follows": "ETA", "terms": ["raise"]}]
    document["proposals"] = [
        {
            "id": "raise",
            "party": "joint",
            "date": "2017-06-01",
            "unit": "ETA",
            "terms": [{"type": "raise", "percent": 3, "effective": "2017-09-06"}],
        }
    ]
    return document


def _costs(tmp_path: Path, classified: dict[str, Any]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    case, errors = load_case(write(tmp_path, _case(classified)))
    assert not errors and case is not None, errors
    cost = cost_proposal(CostContext.of(case), case.proposal("raise"))
    (passed,) = cost.me_too
    return cost.year_totals, passed.cost.year_totals


def test_a_unit_with_its_own_work_year(tmp_path: Path) -> None:
    own, passed = _costs(
        tmp_path, {"proration": "work_days", "work_year": {"days": 5, "start": "09-05", "end": "09-09"}}
    )
    assert own == pytest.approx((1650, 3300))
    # ECSEA works 5 to 9 September: days 6-9, 4 of 5 on or after the 6th:
    # 50,000 x 3% x 4/5 = 1,200 + 20% = 1,440 in 2017-18; 1,500 + 300 = 1,800 in 2018-19.
    assert passed == pytest.approx((1440, 1800))


def test_a_unit_paid_by_pay_periods_in_a_work_day_case(tmp_path: Path) -> None:
    own, passed = _costs(tmp_path, {"proration": "pay_periods"})
    assert own == pytest.approx((1650, 3300))
    # Monthly pay: the raise is in effect on the first day of October to June, 9 of 12 months:
    # 50,000 x 3% x 9/12 = 1,125 + 20% = 1,350 in 2017-18; 1,800 in 2018-19.
    assert passed == pytest.approx((1350, 1800))


def test_a_units_work_year_needs_work_days_and_fits_its_year(tmp_path: Path) -> None:
    document = _case({"proration": "pay_periods", "work_year": {"days": 5, "start": "09-05", "end": "09-09"}})
    case, errors = load_case(write(tmp_path, document))
    assert case is None
    assert [(e.key, e.message) for e in errors] == [
        ("units[1].work_year", "work_year is used only with proration: work_days")
    ]
    document = _case({"work_year": {"days": 9, "start": "09-05", "end": "09-09"}})
    case, errors = load_case(write(tmp_path, document))
    assert [(e.key, e.message) for e in errors] == [
        ("units[1].work_year.days", "9 work days do not fit in the 5 days from 09-05 to 09-09")
    ]
