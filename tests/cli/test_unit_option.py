"""The deal tools, the simulation and members' pay at one unit's table (``--unit``), worked by hand.

The case (tests/unitscase.py) with each unit's own table: teachers (ETA: payroll 100,000, 2 members,
roll-up 10%) and classified staff (ECSEA: payroll 30,000 + 0.5 x 40,000 = 50,000, 2 members, roll-up
20%); ECSEA follows ETA's raises and one-time pay. Two fiscal years, 2017-18 and 2018-19; every raise
below runs from 2017-07-01, so p% costs a unit its payroll x p% x 2 years x (1 + roll-up):
- ETA: 100,000 x p% x 2 x 1.1 = 2,200 p; pay per member 100,000 x p% x 2 / 2 = 1,000 p.
- ECSEA: 50,000 x p% x 2 x 1.2 = 1,200 p; pay per member 50,000 x p% x 2 / 2 = 500 p.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.inputs import load_case
from unitscase import CASE, tables_case, write


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write(tmp_path, tables_case())


def _analyze(folder: Path, *args: str) -> tuple[dict[str, Any], str]:
    result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "json", "--no-chart", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_analyze_at_the_classified_table_costs_its_offers_on_its_roster(folder: Path) -> None:
    doc, _ = _analyze(folder, "--unit", "ECSEA")
    offers = {offer["id"]: offer for offer in doc["offers"]}
    assert set(offers) == {"ecsea-union", "ecsea-district"}
    # 3% and 1% at 1,200 p: 3,600 and 1,200; pay per member 500 p: 1,500 and 500. ECSEA follows no one,
    # so nothing is passed on.
    assert offers["ecsea-union"]["cost"] == pytest.approx(3600)
    assert offers["ecsea-district"]["cost"] == pytest.approx(1200)
    assert offers["ecsea-union"]["pay_per_member"] == pytest.approx(1500)
    assert offers["ecsea-district"]["pay_per_member"] == pytest.approx(500)
    assert doc["gap"]["cost"] == pytest.approx(2400)


def test_without_unit_a_case_of_several_looks_at_the_latest_proposals_table(folder: Path) -> None:
    doc, said = _analyze(folder)
    # The latest proposal (2017-06-01) is ecsea-district: ECSEA's table, and the note says so.
    assert {offer["id"] for offer in doc["offers"]} == {"ecsea-union", "ecsea-district"}
    assert "ECSEA" in said and "--unit" in said


def test_analyze_at_the_teachers_table(folder: Path) -> None:
    doc, _ = _analyze(folder, "--unit", "ETA")
    offers = {offer["id"]: offer for offer in doc["offers"]}
    assert set(offers) == {"eta-union", "eta-district"}
    # Pay per member at 1,000 p: 4,000 and 2,000.
    assert offers["eta-union"]["pay_per_member"] == pytest.approx(4000)
    assert offers["eta-district"]["pay_per_member"] == pytest.approx(2000)


def test_an_unknown_unit_is_a_located_error_naming_the_units(folder: Path) -> None:
    for command in (["analyze", "--no-chart"], ["mediate"], ["simulate", "--runs", "10"]):
        result = CliRunner().invoke(app, [command[0], str(folder), *command[1:], "--unit", "SEIU"])
        assert result.exit_code == 1, command
        assert "--unit" in result.stderr and "'SEIU'" in result.stderr and "ETA, ECSEA" in result.stderr


def test_mediate_at_the_teachers_table_drafts_from_their_offers(folder: Path) -> None:
    result = CliRunner().invoke(app, ["mediate", str(folder), "--unit", "ETA", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {side: offer["id"] for side, offer in doc["last_offers"].items()} == {
        "employer": "eta-district",
        "union": "eta-union",
    }


def test_the_case_at_a_table_keeps_the_other_units_for_parity(folder: Path) -> None:
    case, errors = load_case(folder)
    assert not errors and case is not None
    classified = case.at_table("ECSEA")
    assert classified.unit.name == "ECSEA" and [u.name for u in classified.other_units] == ["ETA"]
    assert classified.union.short == "ECSEA" and classified.union.members is None
    assert [p.id for p in classified.proposals] == ["ecsea-union", "ecsea-district"]
    assert case.at_table("ETA").union == case.union  # the first unit's union is the case's
    one = write(folder, CASE | {"units": CASE["units"][:1], "me_too": [], "proposals": []})
    single, errors = load_case(one)
    assert not errors and single is not None and single.at_table() is single


GRID_UNITS = """id: grid-units
title: A flat classified unit and teachers on a salary schedule
jurisdiction: generic
horizon: {first: 2017-18, last: 2019-20}
employer: {name: Example USD, short: EUSD}
union: {name: Example Classified, short: CL}
units:
  - {name: CL, roster: classified.csv, statutory_rate: 0.2, new_hire_salary: 30000}
  - name: TCH
    schedules: {teachers: {cells: teachers.csv}}
    roster: roster.csv
    statutory_rate: 0.1
    new_hire: {schedule: teachers, step: 1, lane: BA}
me_too: [{unit: TCH, follows: CL, terms: [raise]}]
proposals:
  - id: tch-ta
    party: joint
    date: 2017-06-01
    unit: TCH
    terms: [{type: raise, percent: 2, effective: 2018-07-01}]
  - id: cl-ta
    party: joint
    date: 2017-06-01
    unit: CL
    terms: [{type: raise, percent: 3, effective: 2018-07-01}]
"""


@pytest.fixture
def grid_units(tmp_path: Path) -> Path:
    from gridcase import CELLS

    (tmp_path / "case.yaml").write_text(GRID_UNITS)
    (tmp_path / "teachers.csv").write_text(CELLS)
    (tmp_path / "classified.csv").write_text("id,role,fte,salary\nc,custodian,1,30000\n")
    (tmp_path / "roster.csv").write_text("id,role,fte,schedule,step,lane\na,teacher,1,teachers,1,BA\n")
    return tmp_path


def _members(folder: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["members", str(folder), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_members_pay_of_a_second_units_proposal_is_on_its_own_schedule(grid_units: Path) -> None:
    doc = _members(grid_units, "--proposal", "tch-ta")
    # Member a stays, one step a year from step 1 BA: 50,000 / 52,000 / 54,000; 2% from 2018-07-01:
    # 50,000 / 52,000 x 1.02 = 53,040 / 54,000 x 1.02 = 55,080.
    (a,) = doc["members"]
    assert a["proposal"] == pytest.approx({"2017-18": 50000, "2018-19": 53040, "2019-20": 55080})


def test_members_unit_shows_what_parity_passes_on_to_that_unit(grid_units: Path) -> None:
    doc = _members(grid_units, "--proposal", "cl-ta", "--unit", "TCH")
    # CL's 3% passes on to TCH: 50,000 / 52,000 x 1.03 = 53,560 / 54,000 x 1.03 = 55,620.
    (a,) = doc["members"]
    assert a["proposal"] == pytest.approx({"2017-18": 50000, "2018-19": 53560, "2019-20": 55620})
    # TCH follows no one: its own proposal passes nothing on to CL.
    refused = CliRunner().invoke(app, ["members", str(grid_units), "-p", "tch-ta", "--unit", "CL"])
    assert refused.exit_code == 1 and "no parity clause" in refused.stderr


@pytest.mark.parametrize(("unit", "district", "union"), [("ECSEA", 1.0, 3.0), ("ETA", 2.0, 4.0)])
def test_simulate_forecasts_the_named_units_table(
    folder: Path, unit: str, district: float, union: float
) -> None:
    result = CliRunner().invoke(
        app, ["simulate", str(folder), "--unit", unit, "--runs", "50", "--seed", "1", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    settlement = json.loads(result.stdout)["forecast"]["settlement"]
    # The forecast settles the unit's own gap: the district's raise plus the median share of the gap
    # (ECSEA 1% against 3%, ETA 2% against 4%).
    share = settlement["share_of_gap"]["p50"]
    (raised,) = settlement["raise_percent_by_fiscal_year"].values()
    assert raised == pytest.approx(district + share * (union - district))


def test_a_package_at_the_teachers_table_costs_what_parity_passes_on(folder: Path) -> None:
    doc, _ = _analyze(folder, "--unit", "ETA")
    offers = {offer["id"]: offer for offer in doc["offers"]}
    # ECSEA follows ETA's raises: p% at ETA's table costs 2,200 p on ETA and 1,200 p passed on to ECSEA,
    # 3,400 p in all. Union 4%: 8,800 + 4,800 = 13,600; district 2%: 4,400 + 2,400 = 6,800.
    assert offers["eta-union"]["cost"] == pytest.approx(13600)
    assert offers["eta-union"]["me_too_cost"] == pytest.approx(4800)
    assert offers["eta-district"]["cost"] == pytest.approx(6800)
    assert offers["eta-district"]["me_too_cost"] == pytest.approx(2400)
    # What recurs: the last year's raise, 100,000 x p% x 1.1 + 50,000 x p% x 1.2 = 1,700 p: 6,800 at 4%.
    assert offers["eta-union"]["ongoing_cost"] == pytest.approx(6800)
    # Pay per member is the teachers' own (1,000 p), untouched by what the classified staff get.
    assert offers["eta-union"]["pay_per_member"] == pytest.approx(4000)
    assert doc["gap"]["cost"] == pytest.approx(6800)
    # The employer scores cost on its curve (100 at 0 to 0 at 100,000): the package space's 1%..4% cost
    # 3,400 .. 13,600, so its score of 4% is 100 - 13.6 = 86.4.
    ids = [offer["id"] for offer in doc["offers"]]
    assert doc["offers"][ids.index("eta-union")]["scores"]["employer"] == pytest.approx(86.4)
    # At ECSEA's table nothing follows ECSEA: no pass-on.
    classified, _ = _analyze(folder, "--unit", "ECSEA")
    assert all(offer["me_too_cost"] == 0 for offer in classified["offers"])


@pytest.mark.parametrize(("unit", "daily", "rollup"), [("ECSEA", 250, 0.2), ("ETA", 500, 0.1)])
def test_strike_cost_prices_the_named_units_strike(
    tmp_path: Path, unit: str, daily: float, rollup: float
) -> None:
    document = tables_case()
    document["simulation"] = {"strike": {"first_day": "2017-09-05", "work_days": 200, "participation": 1.0}}
    folder = write(tmp_path, document)
    result = CliRunner().invoke(
        app, ["strike-cost", str(folder), "--unit", unit, "--days", "1", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # A day's pay is the unit's payroll over 200 work days: ECSEA 50,000 / 200 = 250, ETA 100,000 / 200
    # = 500; each at its own roll-up.
    assert (doc["daily_payroll"], doc["members"], doc["rollup_rate"]) == (pytest.approx(daily), 2, rollup)
