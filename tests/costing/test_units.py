"""Several bargaining units in one case, parity ("me-too") clauses and a district-wide total, worked by hand.

The case: teachers (ETA: payroll 60,000 + 40,000 = 100,000 on 2 FTE, roll-up 10%) and classified staff
(ECSEA: 30,000 + 0.5 x 40,000 = 50,000 on 1.5 FTE, roll-up 20%), with a clause giving the classified unit
the teachers' raises and one-time payments. Monthly pay periods, fiscal years 2017-18 and 2018-19.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bargaining.budget import project
from bargaining.cli import app
from bargaining.costing import CostContext, cost_proposal, district_total
from bargaining.inputs import load_case
from unitscase import CASE, write


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write(tmp_path, CASE)


def test_a_me_too_clause_passes_the_raise_and_bonus_on_to_the_classified_roster(folder: Path) -> None:
    case, errors = load_case(folder)
    assert not errors and case is not None
    cost = cost_proposal(CostContext.of(case), case.proposal("teachers-ta"))
    # The teachers' own cost, on their roster:
    # raise 100,000 x 3% x 6/12 (January to June) = 1,500 in 2017-18, 3,000 in 2018-19; roll-up 10%.
    # bonus 2 FTE x 500 = 1,000 (March 2018) + 100 roll-up; staffing 70,000 in 2018-19 (not passed on).
    # 2017-18: 1,500 + 150 + 1,000 + 100 = 2,750; 2018-19: 3,000 + 300 + 70,000 = 73,300.
    assert cost.unit == "ETA"
    assert cost.year_totals == pytest.approx((2750, 73300))
    # Passed on to ECSEA: the raise (its roles are the teachers' roster, so the whole classified unit) and
    # the bonus, on the classified roster at its 20% roll-up:
    # raise 50,000 x 3% x 6/12 = 750 in 2017-18, 1,500 in 2018-19; roll-up 150, 300.
    # bonus 1.5 FTE x 500 = 750 + 150 roll-up.
    # 2017-18: 750 + 150 + 750 + 150 = 1,800; 2018-19: 1,500 + 300 = 1,800. Total 3,600.
    (passed,) = cost.me_too
    assert (passed.unit, passed.title, passed.follows, passed.terms) == (
        "ECSEA",
        "Example Classified Employees",
        "ETA",
        ("raise", "one_time"),
    )
    assert passed.cost.components["salary"] == pytest.approx((750, 1500))
    assert passed.cost.components["one_time"] == pytest.approx((750, 0))
    assert passed.cost.components["statutory"] == pytest.approx((300, 300))
    assert passed.cost.components["staffing"] == pytest.approx((0, 0))
    assert passed.cost.year_totals == pytest.approx((1800, 1800))
    assert passed.cost.ongoing == pytest.approx(1800)  # the raise recurs; the bonus does not
    # The classified unit's own proposal follows no one: nothing passes on from it.
    own = cost_proposal(CostContext.of(case), case.proposal("classified-ta"))
    assert own.unit == "ECSEA" and own.me_too == ()
    # 2% of 50,000 = 1,000 a year + 20% roll-up = 1,200 a year.
    assert own.year_totals == pytest.approx((1200, 1200))


def test_a_district_wide_total_counts_each_unit_once(folder: Path) -> None:
    case, _ = load_case(folder)
    assert case is not None
    ctx = CostContext.of(case)
    teachers = cost_proposal(ctx, case.proposal("teachers-ta"))
    classified = cost_proposal(ctx, case.proposal("classified-ta"))
    # The teachers' settlement alone: theirs and what parity passes on.
    # 2017-18: 2,750 + 1,800 = 4,550; 2018-19: 73,300 + 1,800 = 75,100; total 79,650.
    alone = district_total([teachers])
    assert alone.year_totals == pytest.approx((4550, 75100))
    assert alone.total == pytest.approx(79650)
    assert [(unit, source) for unit, _, source, _, _ in alone.parts] == [("ETA", "own"), ("ECSEA", "me_too")]
    # With the classified unit's own settlement chosen, it replaces what parity would pass on:
    # 76,050 + 2,400 = 78,450.
    both = district_total([teachers, classified])
    assert both.total == pytest.approx(78450)
    with pytest.raises(ValueError, match="one proposal a unit"):
        district_total([teachers, teachers])


def test_bargain_cost_shows_the_parity_cost_apart_and_a_district_total(folder: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["cost", str(folder), "-p", "teachers-ta", "--district-wide", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    (proposal,) = document["proposals"]
    assert proposal["unit"] == "ETA" and proposal["total"] == pytest.approx(76050)
    (passed,) = proposal["me_too"]
    assert passed["unit"] == "ECSEA" and passed["total"] == pytest.approx(3600)
    assert passed["heading"] == "Passed on to Example Classified Employees by the parity clause"
    assert document["district_total"]["total"] == pytest.approx(79650)
    table = runner.invoke(app, ["cost", str(folder), "-p", "teachers-ta", "--district-wide"])
    assert table.exit_code == 0, table.output
    words = " ".join(table.output.split())  # titles wrap in a narrow terminal
    assert "Passed on to Example Classified Employees by the parity clause" in words
    assert "District-wide settlement, all units" in words


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["me_too"][0].update(follows="UTLA"),
            ("me_too[0].follows", "no unit 'UTLA' in this case (units: ETA, ECSEA)"),
        ),
        (
            lambda d: d["proposals"][1].update(unit="SEIU"),
            ("proposals[1].unit", "no unit 'SEIU' in this case (units: ETA, ECSEA)"),
        ),
        (
            lambda d: d["proposals"][1].pop("unit"),
            ("proposals[1]", "the case has several units: name the proposal's unit, one of ETA, ECSEA"),
        ),
    ],
    ids=["follows-no-unit", "unknown-unit", "no-unit-named"],
)
def test_bad_units_are_located_errors(tmp_path: Path, change: Any, expected: tuple[str, str]) -> None:
    document = json.loads(json.dumps(CASE))
    change(document)
    case, errors = load_case(write(tmp_path, document))
    assert case is None
    assert [(e.key, e.message) for e in errors] == [expected]
    text = (tmp_path / "case.yaml").read_text().splitlines()
    # The line is the key's own line in the file.
    (error,) = errors
    assert error.file.endswith("case.yaml") and error.line > 1
    key = expected[0].rsplit(".", 1)[-1].split("[")[0]
    assert key in text[error.line - 1] or "- id:" in text[error.line - 1]


def test_a_proposal_added_in_the_workbench_is_held_to_the_same_unit_rules(folder: Path) -> None:
    case, _ = load_case(folder)
    assert case is not None
    base = case.proposal("classified-ta")
    added, problems = case.with_proposal(base.model_copy(update={"id": "new", "unit": "SEIU"}))
    assert added is None
    assert [(p.path, p.message) for p in problems] == [
        (("proposals", 2, "unit"), "no unit 'SEIU' in this case (units: ETA, ECSEA)")
    ]
    added, problems = case.with_proposal(base.model_copy(update={"id": "new", "unit": "ECSEA"}))
    assert added is not None and not problems
    assert added.unit_of(added.proposal("new")).title == "Example Classified Employees"


def test_the_budget_counts_each_unit_and_what_parity_passes_on(tmp_path: Path) -> None:
    document = json.loads(json.dumps(CASE))
    document["budget"] = {
        "fund": "General fund",
        "current_year": "2017-18",
        "years": 2,
        "beginning_balance": 1_000_000,
        "revenues": [{"name": "State aid", "amounts": {"2017-18": 200_000, "2018-19": 200_000}}],
        "expenditures": [
            {"name": "Teachers", "from_unit": "ETA"},
            {"name": "Classified", "from_unit": "ECSEA"},
        ],
        "reserve_minimum": {"percent": 1},
    }
    case, errors = load_case(write(tmp_path, document))
    assert not errors and case is not None and case.budget is not None
    status, settled = project(case, case.budget, (case.proposal("teachers-ta"),))
    # Status quo, each unit's own: ETA 100,000 + 10% = 110,000; ECSEA 50,000 + 20% = 60,000 a year.
    assert [y.expenditures for y in status.years] == pytest.approx([170_000, 170_000])
    # The teachers' settlement (2,750 and 73,300) plus what parity passes on (1,800 and 1,800).
    assert [y.added_cost for y in settled.years] == pytest.approx([4_550, 75_100])
    document["budget"]["expenditures"][1]["from_unit"] = "SEIU"
    case, errors = load_case(write(tmp_path, document))
    assert [(e.key, e.message) for e in errors] == [
        ("budget.expenditures[1].from_unit", "no unit 'SEIU' (the case has ETA, ECSEA)")
    ]
