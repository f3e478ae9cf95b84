"""Preferences derived from positions in a case of several units weigh what parity passes on.

The two-unit case of tests/unitscase.py at the teachers' (ETA's) table: the union asks 4% from 1 Jul 2017
and one more teacher (70,000 in 2018-19, costed flat, as in tests/costing/test_units.py); the district
offers 2%. ECSEA follows ETA's raises (me_too), so moving the raise from 2% to 4% costs the district:
- on ETA: 100,000 x 2% x 2 years x 1.1 roll-up = 4,400;
- passed on to ECSEA: 50,000 x 2% x 2 years x 1.2 roll-up = 2,400;
together 6,800. The teacher is staffing, which the clause does not pass on: 70,000.
The district's weights stand as 6,800 : 70,000 (the raise was weighed 4,400 : 70,000 without the parity).
The union at ETA's table weighs its own members' share: the raise 4,400, the teacher ``nonpay_value`` (the
priors') x 70,000.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining.analysis import derived_preferences
from bargaining.inputs import bundled_priors, load_case
from unitscase import tables_case, write


def test_the_raise_weighs_what_the_parity_clause_passes_on(tmp_path: Path) -> None:
    document = tables_case()
    del document["preferences"]
    staffing = {
        "type": "staffing",
        "role": "teacher",
        "fte": 1,
        "cost_per_fte": 70000,
        "effective": "2018-07-01",
    }
    document["proposals"][0]["terms"].append(staffing)  # eta-union
    case, errors = load_case(write(tmp_path, document))
    assert case is not None, errors
    prefs = derived_preferences(case.at_table("ETA"), bundled_priors())
    assert prefs.space.issue_names == ("raise 2017-18", "teacher (2)")
    weights = dict(prefs.employer.weights)
    assert weights["raise 2017-18"] / weights["teacher (2)"] == pytest.approx(6_800 / 70_000)
    value = float(bundled_priors().union.nonpay_value.value)
    theirs = dict(prefs.union.weights)
    assert theirs["raise 2017-18"] / theirs["teacher (2)"] == pytest.approx(4_400 / (value * 70_000))
