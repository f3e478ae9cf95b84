"""A case with two units and a parity clause, worked by hand in tests/costing/test_units.py.

Teachers (ETA: payroll 60,000 + 40,000 = 100,000 on 2 FTE, roll-up 10%) and classified staff (ECSEA:
30,000 + 0.5 x 40,000 = 50,000 on 1.5 FTE, roll-up 20%), with a clause giving the classified unit the
teachers' raises and one-time payments. Monthly pay periods, fiscal years 2017-18 and 2018-19.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

CASE: dict[str, Any] = {
    "id": "two-units",
    "title": "Two units with a parity clause",
    "jurisdiction": "generic",
    "horizon": {"first": "2017-18", "last": "2018-19"},
    "employer": {"name": "Example Unified School District", "short": "EUSD"},
    "union": {"name": "Example Teachers Association", "short": "ETA"},
    "units": [
        {
            "name": "ETA",
            "title": "Example Teachers Association",
            "roster": "teachers.csv",
            "statutory_rate": 0.1,
            "new_hire_salary": 50000,
        },
        {
            "name": "ECSEA",
            "title": "Example Classified Employees",
            "roster": "classified.csv",
            "statutory_rate": 0.2,
            "new_hire_salary": 30000,
        },
    ],
    "me_too": [{"unit": "ECSEA", "follows": "ETA", "terms": ["raise", "one_time"]}],
    "proposals": [
        {
            "id": "teachers-ta",
            "party": "joint",
            "date": "2017-06-01",
            "unit": "ETA",
            "terms": [
                {"type": "raise", "percent": 3, "effective": "2018-01-01", "roles": ["teacher"]},
                {"type": "one_time", "amount": 500, "paid": "2018-03-01"},
                {
                    "type": "staffing",
                    "role": "teacher",
                    "fte": 1,
                    "cost_per_fte": 70000,
                    "effective": "2018-07-01",
                },
            ],
        },
        {
            "id": "classified-ta",
            "party": "joint",
            "date": "2017-06-01",
            "unit": "ECSEA",
            "terms": [{"type": "raise", "percent": 2, "effective": "2017-07-01"}],
        },
    ],
}


def _raise(pid: str, party: str, date: str, unit: str, percent: float) -> dict[str, Any]:
    terms = [{"type": "raise", "percent": percent, "effective": "2017-07-01"}]
    return {"id": pid, "party": party, "date": date, "unit": unit, "terms": terms}


def tables_case() -> dict[str, Any]:
    """Both tables at work; the latest proposal is the district's to ECSEA."""
    document = copy.deepcopy(CASE)
    document["proposals"] = [
        _raise("eta-union", "union", "2017-05-01", "ETA", 4),
        _raise("eta-district", "employer", "2017-05-15", "ETA", 2),
        _raise("ecsea-union", "union", "2017-05-20", "ECSEA", 3),
        _raise("ecsea-district", "employer", "2017-06-01", "ECSEA", 1),
    ]
    document["preferences"] = {
        "valued_on": "2017-07-01",
        "package": {
            "terms": {"raise": {"type": "raise", "percent": 1, "effective": "2017-07-01"}},
            "issues": {"raise": {"term": "raise", "field": "percent", "min": 0, "max": 4, "step": 1}},
        },
        "employer": {
            "share_with_mediator": True,
            "reservation": 0,
            "weights": {"cost": 100},
            "curves": {"cost": [[0, 100], [100000, 0]]},
        },
        "union": {
            "share_with_mediator": True,
            "reservation": 0,
            "weights": {"pay_per_member": 100},
            "curves": {"pay_per_member": [[0, 0], [10000, 100]]},
        },
    }
    return document


def write(folder: Path, document: dict[str, Any]) -> Path:
    (folder / "teachers.csv").write_text("id,role,fte,salary\na,teacher,1,60000\nb,teacher,1,40000\n")
    (folder / "classified.csv").write_text("id,role,fte,salary\nc,custodian,1,30000\nd,clerk,0.5,40000\n")
    (folder / "case.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return folder
