"""Costing cases worked by hand. Each YAML file under cases/ holds a small case, one proposal, the working
and the expected dollars; every component not listed must be zero."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from bargaining.costing import COMPONENTS, CostContext, cost_proposal
from bargaining.inputs import load_case

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))

BASE: dict[str, Any] = {
    "id": "hand-worked",
    "title": "Hand-worked costing case",
    "jurisdiction": "generic",
    "fiscal_year_start": "07-01",
    "pay_months": 12,
    "horizon": {"first": "2017-18", "last": "2020-21"},
    "employer": {"name": "Example Unified School District", "short": "EUSD"},
    "union": {"name": "Example Teachers Association", "short": "ETA", "members": 3},
    "unit": {
        "roster": "roster.csv",
        "statutory_rate": 0.0,
        "health_per_fte": 0.0,
        "step_column": 0.0,
        "new_hire_salary": 52000,
    },
}
# Payroll $1,000,000 on 2.5 FTE: 400,000 + 350,000 + 0.5 x 500,000.
ROSTER = [["a", "teacher", 1, 400000], ["b", "teacher", 1, 350000], ["c", "nurse", 0.5, 500000]]


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        out[key] = (
            _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def build(spec: dict[str, Any], folder: Path) -> None:
    document = _merge(BASE, spec.get("case", {}))
    proposal = {"id": "p", "party": "employer", "date": "2017-06-01", **spec["proposal"]}
    document["proposals"] = [proposal]
    rows = spec.get("roster", ROSTER)
    (folder / "roster.csv").write_text(
        "id,role,fte,salary\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)
    )
    if "enrollment" in spec:
        document["enrollment"] = "enrollment.csv"
        header = "school,grade_band,students,sections,fte_per_section\n"
        lines = "".join(",".join(map(str, r)) + "\n" for r in spec["enrollment"])
        (folder / "enrollment.csv").write_text(header + lines)
    (folder / "case.yaml").write_text(yaml.safe_dump(document, sort_keys=False))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hand_worked(path: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load(path.read_text())
    assert spec.get("working"), f"{path.name} must show its working"
    build(spec, tmp_path)
    case, errors = load_case(tmp_path)
    assert not errors, [str(e) for e in errors]
    assert case is not None
    ctx = CostContext.of(case)
    result = cost_proposal(ctx, case.proposals[0])
    expect = spec["expect"]
    for label, listed in expect.get("years", {}).items():
        index = result.fiscal_years.index(label)
        for name in COMPONENTS:
            want = listed.get(name, 0.0)
            assert result.components[name][index] == pytest.approx(want, abs=0.01), (label, name)
        if "total" in listed:
            assert result.year_total(index) == pytest.approx(listed["total"], abs=0.01), (label, "total")
    for key in ("total", "back_pay", "one_time", "ongoing", "ongoing_equivalent", "carried_forward"):
        if key in expect:
            assert getattr(result, key) == pytest.approx(expect[key], abs=0.01), key
    for key in ("recurring", "one_time_by_year", "back_pay_earned", "back_pay_paid", "members_health"):
        if key in expect:
            assert getattr(result, key) == pytest.approx(expect[key], abs=0.01), key
    if "warnings" in expect:
        assert sorted(w.code for w in result.warnings) == sorted(expect["warnings"])
    if "cliffs" in expect:
        assert [c.cliff_year for c in result.cliffs] == expect["cliffs"]
    if "added_fte" in expect:
        assert result.added_fte == pytest.approx(expect["added_fte"])
