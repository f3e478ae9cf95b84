"""The dispute engine on a case small enough to work by hand, and the Monte Carlo's reproducibility."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bargaining.inputs import load_case
from bargaining.model import Case
from bargaining.model.scenario import DisputeCalendar, IssueSpec, SimulationSpec, Uniform
from bargaining.simulate.dispute import PHASES, DisputeModel, Outcomes, Timetable
from bargaining.simulate.engine import run_dispute
from bargaining.simulate.montecarlo import simulate, simulate_on_dask
from bargaining.simulate.summary import summarize
from bargaining.simulate.tally import Tally

TINY = Path(__file__).parent / "cases" / "tiny"


def _tiny() -> tuple[Case, SimulationSpec]:
    case, errors = load_case(TINY)
    assert case is not None and not errors, errors
    spec = case.simulation
    assert isinstance(spec, SimulationSpec)
    return case, spec


def _with(spec: SimulationSpec, **parts: dict[str, Any]) -> SimulationSpec:
    """A copy of the spec with some fields of its parts replaced (validated again)."""
    data = spec.model_dump()
    for part, changes in parts.items():
        data[part] = {**data[part], **changes}
    return SimulationSpec.model_validate(data)


def test_timetable_lausd_2018_19() -> None:
    # Weekly sessions from 2 Apr 2018; 13 of them put the impasse on 2 Jul (UTLA declared it that day).
    # Mediation began 27 Sep (87 days later) and met three times; the report was public 18 Dec (68 days
    # after the last session, 11 Oct); 27 days' notice over the winter break gives Mon 14 Jan 2019.
    calendar = DisputeCalendar(
        start=dt.date(2018, 4, 2), bargaining_sessions=13, review_days=87, mediation_sessions=3,
        factfinding_days=68, strike_notice_days=27, max_strike_days=6, holidays=(dt.date(2019, 1, 21),),
    )  # fmt: skip
    table = Timetable.of(calendar)
    dates = [calendar.start + dt.timedelta(days=d) for d in table.session_offsets]
    assert dates[12] == dt.date(2018, 6, 25)  # the last bargaining session
    assert dates[13:16] == [dt.date(2018, 9, 27), dt.date(2018, 10, 4), dt.date(2018, 10, 11)]
    assert dates[16] == dt.date(2018, 12, 18) and table.report_session == 16
    assert table.session_phases == (0,) * 13 + (1,) * 3 + (2,)
    assert table.strike_start == dt.date(2019, 1, 14)
    assert table.strike_days[-1] == dt.date(2019, 1, 22)  # the sixth school day, as in 2019


def test_outcomes_grid_by_hand() -> None:
    raise_ = IssueSpec(
        name="raise", district=6, union=6.5, steps=2, cost_per_unit=28e6, weight={"union": 3, "district": 1}
    )  # type: ignore[arg-type]
    staff = IssueSpec(
        name="staff", district=130, union=400, steps=2, cost_per_unit=1e6, weight={"union": 1, "district": 3}
    )  # type: ignore[arg-type]
    grid = Outcomes.of((raise_, staff), stakes_years=3)
    assert grid.values.tolist() == [[6, 130], [6, 400], [6.5, 130], [6.5, 400]]
    # Union: 3/4 on the raise, 1/4 on staffing; district the other way round, measured from the union.
    assert grid.union.tolist() == [0, 0.25, 0.75, 1]
    assert grid.district.tolist() == [1, 0.25, 0.75, 0]
    # The whole gap: 0.5 x 28M = 14M for the raise and 270 x 1M for staffing, a year, for 3 years.
    assert grid.stakes == 3 * (14e6 + 270e6)
    assert [levels.tolist() for levels in grid.levels] == [[6, 6.5], [130, 400]]
    assert grid.level_index.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]


def test_tiny_dispute_by_hand() -> None:
    case, spec = _tiny()
    model = DisputeModel.of(case, spec)
    # x in {0, 1, 2}; each side's utility is its share of the way to its own position: the union's is
    # (0, .5, 1), the district's (1, .5, 0). Both hold out for 0.75, so nothing is agreed before the
    # strike. The gap costs 2 units x $20,000 a year for 2 years: stakes of $80,000 = 1 utility.
    assert model.stakes == 80_000
    run = run_dispute(model, seed=1, first_run=0, runs=3)
    # A strike day costs the members $10,000 (0.125 utility) and the district 15,000 of substitutes less
    # 10,000 withheld = $5,000 (0.0625). Floors: union 0.75 - 0.125 d, district 0.75 - 0.0625 d. The
    # split (x=1, worth 0.5 to each) needs both floors at 0.5: the union's on day 2, the district's on
    # day 4 (Thu 6, Fri 7, Tue 11, Wed 12 Feb: Mon 10 is a holiday), so they settle on day 4.
    assert run.phase.tolist() == [PHASES.index("strike")] * 3
    assert run.outcome.tolist() == [1, 1, 1]
    assert run.strike_days.tolist() == [4, 4, 4]
    assert run.settle_day.tolist() == [(dt.date(2025, 2, 12) - dt.date(2025, 1, 6)).days] * 3
    assert run.union_cost.tolist() == [40_000] * 3
    assert run.district_cost.tolist() == [20_000] * 3


def test_without_a_strike_the_district_imposes_or_nothing_is_settled() -> None:
    case, spec = _tiny()
    no_vote = _with(spec, union={"strike_authorization": 0.0})
    stalled = run_dispute(DisputeModel.of(case, no_vote), 1, 0, 2)
    assert stalled.phase.tolist() == [PHASES.index("unresolved")] * 2
    assert stalled.outcome.tolist() == [-1, -1]
    imposing = _with(no_vote, calendar={"imposition": True})
    imposed = run_dispute(DisputeModel.of(case, imposing), 1, 0, 2)
    # The district's last offer at floor 0.75: the only package worth that much to it, x = 0.
    assert imposed.phase.tolist() == [PHASES.index("imposed")] * 2
    assert imposed.outcome.tolist() == [0, 0]
    assert imposed.strike_days.tolist() == [0, 0]


def test_a_zone_of_agreement_settles_before_the_strike() -> None:
    case, spec = _tiny()
    # Floors of 0.5 each: x=1 is acceptable to both. At the last session (t=1) the district aims 0.5 and
    # offers x=1, which the union (aiming 0.5) accepts: the mediation session of 27 Jan.
    easy = _with(spec, union={"reserved": 0.5}, district={"reserved": 0.5})
    run = run_dispute(DisputeModel.of(case, easy), 1, 0, 1)
    assert PHASES[run.phase[0]] == "mediation"
    assert run.outcome[0] == 1 and run.strike_days[0] == 0
    assert run.settle_day[0] == 21


def test_a_strike_that_outlasts_its_limit_ends_on_the_last_offer() -> None:
    case, spec = _tiny()
    # The district gains $5,000 a day if substitutes cost only $5,000: its floor rises and it never moves.
    hard = _with(spec, strike={"substitute_daily_rate": 5_000})
    run = run_dispute(DisputeModel.of(case, hard), 1, 0, 1)
    assert PHASES[run.phase[0]] == "returned"
    assert run.outcome[0] == 0 and run.strike_days[0] == 6
    assert run.district_cost[0] == -30_000  # six days of (5,000 - 10,000)


def _uncertain(spec: SimulationSpec) -> SimulationSpec:
    """Reserved values, exponents and participation drawn per run; x in 9 steps so deals can fall between."""
    spread = {"dist": "uniform", "low": 0.3, "high": 0.8}
    finer = spec.model_copy(update={"issues": (spec.issues[0].model_copy(update={"steps": 9}),)})
    return _with(
        finer,
        union={"reserved": spread, "exponent": {"dist": "triangular", "low": 0.2, "mode": 1, "high": 3}},
        district={
            "reserved": spread,
            "strategy": "boulware",
            "exponent": Uniform(dist="uniform", low=0.1, high=0.9),
        },
        strike={"participation": {"dist": "uniform", "low": 0.6, "high": 1.0}},
    )


def test_same_seed_same_summary_whatever_the_batch_size() -> None:
    case, spec = _tiny()
    model = DisputeModel.of(case, _uncertain(spec))
    runs = 3 * 4096 + 123  # a partial last block
    first = summarize(model, simulate(model, runs, 5, batch_size=4096), 5)
    second = summarize(model, simulate(model, runs, 5, batch_size=3 * 4096), 5)
    assert first == second
    assert first["runs"] == runs and 0 < first["probabilities"]["strike"] < 1
    assert summarize(model, simulate(model, runs, 6), 6) != first


def test_tallies_merge_in_block_order_whatever_order_they_arrive_in() -> None:
    case, spec = _tiny()
    model = DisputeModel.of(case, _uncertain(spec))
    parts = [Tally.of(model, run_dispute(model, 2, start, 4096)) for start in (0, 4096, 8192)]
    forward = parts[0] + parts[1] + parts[2]
    backward = parts[2] + parts[0] + parts[1]
    assert summarize(model, forward, 2) == summarize(model, backward, 2)
    with pytest.raises(ValueError, match="multiple of 4096"):
        Tally.of(model, run_dispute(model, 2, 100, 10))


def test_dask_gives_the_single_process_result() -> None:
    try:
        import distributed
    except ImportError:
        # CI installs the `distributed` extra: there a missing extra is a failure, not a skip.
        if os.environ.get("CI"):
            pytest.fail("the distributed extra is not installed (pip install -e '.[distributed]')")
        pytest.skip("the distributed extra is not installed")
    case, spec = _tiny()
    model = DisputeModel.of(case, _uncertain(spec))
    runs = 4 * 4096 + 7
    alone = summarize(model, simulate(model, runs, 9), 9)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        rows: list[int] = []
        tally = simulate_on_dask(
            model, runs, 9, client, batch_size=4096, sink=lambda t: rows.extend([t.first_run])
        )
        # A second call on the same client sends the model again (it once lost the first call's copy).
        again = simulate_on_dask(model, runs, 9, client, batch_size=8192)
    assert summarize(model, tally, 9) == alone == summarize(model, again, 9)
    assert rows == [0, 4096, 8192, 12288, 16384]  # rows reach the sink in run order


def test_sensitivity_finds_the_inputs_that_matter() -> None:
    case, spec = _tiny()
    model = DisputeModel.of(case, _uncertain(spec))
    summary = summarize(model, simulate(model, 8192, 3), 3)
    by_input = {row["input"]: row for row in summary["sensitivity"]}
    # Higher reserved values leave less room, so more and longer strikes; the union's concession
    # exponent only moves when a deal comes before the deadline.
    assert by_input["union.reserved"]["strike"] > 0.3
    assert by_input["district.reserved"]["strike_days"] > 0.3
    assert abs(by_input["strike.participation"]["strike"]) < 0.05  # it cannot affect whether they strike
    assert summary["sensitivity"][0]["input"] in {"union.reserved", "district.reserved"}
    assert np.isclose(sum(summary["ended_in"].values()), 1.0)


def _priced(spec: SimulationSpec, **issue: Any) -> SimulationSpec:
    data = spec.model_dump()
    data["issues"] = [{**data["issues"][0], **issue}]
    return SimulationSpec.model_validate(data)


def test_an_issue_priced_as_a_raise_is_priced_by_the_costing_engine() -> None:
    case, spec = _tiny()
    # The calendar starts 6 Jan 2025, in 2024-25. One percent on ten salaries of $186,000 with no
    # statutory load: 10 x 186,000 x 1% = $18,600 a year. The gap is 2 units for 2 years: $74,400.
    model = DisputeModel.of(case, _priced(spec, priced_as="raise", cost_per_unit=0))
    assert model.stakes == pytest.approx(2 * 18_600 * 2)
    assert model.warnings == ()
    # One dollar a year on the schedule for each of 10 FTE: $10 a unit.
    model = DisputeModel.of(case, _priced(spec, priced_as="schedule_add", cost_per_unit=0))
    assert model.stakes == pytest.approx(2 * 10 * 2)


def test_a_cost_per_unit_given_is_kept_and_checked_against_the_engine() -> None:
    case, spec = _tiny()
    model = DisputeModel.of(case, _priced(spec, priced_as="raise"))  # the file's 20,000 a unit
    assert model.stakes == pytest.approx(2 * 20_000 * 2)
    # 20,000 - 18,600 = +1,400, which is 7.5% of 18,600 (two significant figures).
    assert model.warnings == (
        "Issue 1 of the simulation (x): the case file prices one percent on the salary schedule at $20,000 a "
        "year, $1,400 more than the costing engine's $18,600 for 2024-25 (7.5%); the case file's figure is "
        "used.",
    )
