"""Costing on salary schedules, worked by hand. Each YAML file under cases/schedules/ holds one proposal
on a 3-step x 2-lane grid with four members, the working and the expected dollars; every component not
listed must be zero. The grid (full-time salary by step and lane) and the members in 2017-18:

    step  BA      MA            a: step 1 BA   b: step 2 BA   c: step 3 BA (top)   d: step 2 MA
    1     50,000  55,000        payroll 50,000 + 52,000 + 54,000 + 57,200 = 213,200
    2     52,000  57,200
    3     54,000  59,400
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from bargaining.costing import COMPONENTS, CostContext, cost_proposal, status_quo
from bargaining.inputs import load_case

CASES = sorted((Path(__file__).parent / "cases" / "schedules").glob("*.yaml"))

GRID = "step,BA,MA\n1,50000,55000\n2,52000,57200\n3,54000,59400\n"
ROSTER = "id,role,fte,schedule,step,lane\na,teacher,1,teachers,1,BA\nb,teacher,1,teachers,2,BA\n"
ROSTER += "c,teacher,1,teachers,3,BA\nd,teacher,1,teachers,2,MA\n"
BASE: dict[str, Any] = {
    "id": "hand-worked-grid",
    "title": "Hand-worked schedule case",
    "jurisdiction": "generic",
    "horizon": {"first": "2017-18", "last": "2019-20"},
    "employer": {"name": "Example Unified School District", "short": "EUSD"},
    "union": {"name": "Example Teachers Association", "short": "ETA", "members": 4},
    "unit": {
        "schedules": {"teachers": {"cells": "teachers.csv"}},
        "roster": "roster.csv",
        "statutory_rate": 0.0,
        "new_hire": {"schedule": "teachers", "step": 1, "lane": "BA"},
    },
}


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        out[key] = (
            merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def build(spec: dict[str, Any], folder: Path) -> None:
    document = merge(BASE, spec.get("case", {}))
    document["proposals"] = [{"id": "p", "party": "employer", "date": "2017-06-01", **spec["proposal"]}]
    files = {"teachers.csv": GRID, "roster.csv": ROSTER, **spec.get("files", {})}
    for name, text in files.items():
        (folder / name).write_text(text)
    (folder / "case.yaml").write_text(yaml.safe_dump(document, sort_keys=False))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hand_worked_on_the_grid(path: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load(path.read_text())
    assert spec.get("working"), f"{path.name} must show its working"
    build(spec, tmp_path)
    case, errors = load_case(tmp_path)
    assert not errors, [str(e) for e in errors]
    assert case is not None
    ctx = CostContext.of(case)
    expect = spec["expect"]
    sq = status_quo(ctx)
    for key, values in expect.get("status_quo", {}).items():
        assert getattr(sq, key) == pytest.approx(values, abs=0.01), key
    result = cost_proposal(ctx, case.proposals[0])
    for label, listed in expect.get("years", {}).items():
        index = result.fiscal_years.index(label)
        for name in COMPONENTS:
            want = listed.get(name, 0.0)
            assert result.components[name][index] == pytest.approx(want, abs=0.01), (label, name)
