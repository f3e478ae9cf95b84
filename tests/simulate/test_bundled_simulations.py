"""The bundled cases' simulation sections: their calendars reproduce the dated record, and they run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bargaining.inputs import load_case
from bargaining.model import Case
from bargaining.model.scenario import SimulationSpec
from bargaining.simulate.dispute import DisputeModel
from bargaining.simulate.montecarlo import simulate
from bargaining.simulate.summary import summarize

CASES = Path(__file__).resolve().parents[2] / "cases"


def _load(name: str) -> tuple[Case, SimulationSpec]:
    case, errors = load_case(CASES / name)
    assert case is not None and not errors, errors
    spec = case.simulation
    assert isinstance(spec, SimulationSpec)
    return case, spec


def test_lausd_calendar_matches_the_record() -> None:
    case, spec = _load("lausd-2019")
    model = DisputeModel.of(case, spec)
    start = model.timetable.start
    sessions = [start + dt.timedelta(days=d) for d in model.timetable.session_offsets]
    assert start + dt.timedelta(days=model.timetable.impasse) == dt.date(2018, 7, 2)  # UTLA declared impasse
    assert sessions[13] == dt.date(2018, 9, 27)  # mediation began
    assert sessions[-1] == dt.date(2018, 12, 18)  # the fact-finder's report made public
    # The strike: Mon 14 to Tue 22 Jan 2019 is six school days, the rule pack supplying 21 Jan (MLK Day).
    assert model.timetable.strike_days[0] == dt.date(2019, 1, 14)
    assert model.timetable.strike_days[5] == dt.date(2019, 1, 22)
    # A lawful strike and imposition under the California pack; the hand-entered cost of one point
    # ($29.3M, from `bargain cost`) is $450 under the engine's 1% of the 2018-19 payroll with roll-up.
    assert model.warnings == (
        "Issue 1 of the simulation (raise): the case file prices one percent on the salary schedule at "
        "$29,300,000 a year, $450 less than the costing engine's $29,300,450 for 2018-19 (0.0015%); the case "
        "file's figure is used.",
    )


def test_denver_calendar_matches_the_record() -> None:
    case, spec = _load("denver-2025")
    model = DisputeModel.of(case, spec)
    start = model.timetable.start
    assert start + dt.timedelta(days=model.timetable.impasse) == dt.date(2025, 5, 5)  # DPS declared impasse
    assert start + dt.timedelta(days=model.timetable.session_offsets[13]) == dt.date(2025, 5, 28)
    # More than the 20 days CDLE has after a notice, so the intervention guard does not fire; the
    # hand-entered cost of one point ($4,148,000) is $481 under the engine's; the $4,754 of a $1 COLA agrees
    # with it to the dollar. The simulated strike (Mon 18 Aug 2025) comes before the agreement expires on
    # 31 Aug: the Colorado pack's no-strike clause guard (issue 16), which the simulator now reads, says so.
    assert model.warnings == (
        "Issue 1 of the simulation (raise): the case file prices one percent on the salary schedule at "
        "$4,148,000 a year, $481 less than the costing engine's $4,148,481 for 2025-26 (0.012%); the case "
        "file's figure is used.",
        "strike_during_term: strike_started on 2025-08-18: a strike while the agreement is in force breaches"
        " its no-strike clause (the agreement runs to 2025-08-31)",
    )


@pytest.mark.parametrize("name", ["lausd-2019", "denver-2025"])
def test_the_bundled_simulations_run(name: str) -> None:
    case, spec = _load(name)
    model = DisputeModel.of(case, spec)
    summary = summarize(model, simulate(model, 4096, spec.seed), spec.seed)
    assert summary["runs"] == 4096
    assert sum(summary["ended_in"].values()) == pytest.approx(1.0)
    # Settlements lie between the two positions on every issue.
    for issue in spec.issues:
        low, high = sorted((issue.district, issue.union))
        term = summary["settlement"][issue.name]
        assert low <= term["p10"] <= term["p90"] <= high


def test_utilities_from_the_preferences_section() -> None:
    # The analysis layer prices every package of the case's preferences once and scores it twice; the
    # simulation bargains over those packages with each side's own bottom line as its reserved value.
    case, spec = _load("lausd-2019")
    data = spec.model_dump()
    data.update(utilities="preferences", issues=[])
    for side in ("union", "district"):
        data[side].pop("reserved")
    model = DisputeModel.of(case, SimulationSpec.model_validate(data))
    prefs = case.preferences
    assert len(model.outcomes) == prefs.space.size  # 302,400 packages, all within the sides' limits
    assert model.inputs.fixed["union.reserved"] == prefs.union.reservation / 100  # 0.5
    assert model.inputs.fixed["district.reserved"] == prefs.employer.reservation / 100  # 0.3
    summary = summarize(model, simulate(model, 4096, 1), 1)
    # Bottom lines of 50 and 30 points leave a wide zone of agreement: every run settles without a strike.
    assert summary["probabilities"]["strike"] == 0 and summary["probabilities"]["settled"] == 1
    retro = summary["settlement"]["retro"]
    assert retro["unit"] == "date" and retro["p50"] == "2016-07-01"  # dates are shown as dates


def test_utilities_from_preferences_need_the_section(tmp_path: Path) -> None:
    text = (CASES / "lausd-2019" / "case.yaml").read_text()
    head, tail = text.split("\npreferences:", 1)
    simulation = tail[tail.index("\nsimulation:") :]
    simulation = simulation.replace("  calendar:\n", "  utilities: preferences\n  calendar:\n", 1)
    for name in ("enrollment.csv", "comparables.csv"):
        (tmp_path / name).write_text((CASES / "lausd-2019" / name).read_text())
    both = head + simulation
    (tmp_path / "case.yaml").write_text(both)
    case, errors = load_case(tmp_path)
    assert case is None
    messages = [str(e) for e in errors]
    # With issues still given: both at once are refused. Without them: the missing preferences are named.
    assert any("simulation: give issues or utilities: preferences, not both" in m for m in messages), messages
    start = both.index("  issues:\n")
    end = both.index("  union:\n", start)
    (tmp_path / "case.yaml").write_text(both[:start] + both[end:])
    case, errors = load_case(tmp_path)
    assert [e.key for e in errors] == ["simulation.utilities"]
    assert "needs a preferences section" in errors[0].message
