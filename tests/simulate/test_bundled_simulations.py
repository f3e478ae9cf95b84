"""The bundled cases' simulation sections: their calendars reproduce the dated record, and they run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bargaining.inputs import load_case
from bargaining.inputs.simulation import SimulationSpec
from bargaining.model import Case
from bargaining.simulate.dispute import DisputeModel
from bargaining.simulate.montecarlo import simulate
from bargaining.simulate.summary import summarize

CASES = Path(__file__).resolve().parents[2] / "cases"


def _load(name: str) -> tuple[Case, SimulationSpec]:
    case, errors = load_case(CASES / name)
    assert case is not None and not errors, errors
    spec = case.extra["simulation"]
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
    assert model.warnings == ()  # a lawful strike and imposition under the California pack


def test_denver_calendar_matches_the_record() -> None:
    case, spec = _load("denver-2025")
    model = DisputeModel.of(case, spec)
    start = model.timetable.start
    assert start + dt.timedelta(days=model.timetable.impasse) == dt.date(2025, 5, 5)  # DPS declared impasse
    assert start + dt.timedelta(days=model.timetable.session_offsets[13]) == dt.date(2025, 5, 28)
    assert model.warnings == ()  # more than the 20 days CDLE has after a notice


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
