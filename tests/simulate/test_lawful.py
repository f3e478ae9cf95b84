"""The simulated calendar read through the case's rule pack: its guards become warnings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from bargaining.inputs import known_packs, load_case, load_pack
from bargaining.model import Pack
from bargaining.model.scenario import SimulationSpec
from bargaining.simulate.dispute import DisputeModel, school_holidays
from bargaining.simulate.lawful import Procedure, procedure, timetable_events

TINY = Path(__file__).parent / "cases" / "tiny"


def _model(jurisdiction: str, **calendar: Any) -> DisputeModel:
    case, errors = load_case(TINY)
    assert case is not None and not errors
    spec = case.simulation
    assert isinstance(spec, SimulationSpec) and spec.calendar is not None
    spec = spec.model_copy(update={"calendar": spec.calendar.model_copy(update=calendar)})
    pack = load_pack(jurisdiction)[0] if jurisdiction in known_packs() else None
    return DisputeModel.of(dataclasses.replace(case, jurisdiction=jurisdiction, rule_pack=pack), spec)


def test_california_strike_before_the_report_is_public() -> None:
    # The tiny calendar has no fact-finding: in California procedures are not exhausted.
    warnings = _model("california-eera").warnings
    assert [w.split(":")[0] for w in warnings] == ["strike_before_exhaustion"]
    imposing = _model("california-eera", imposition=True).warnings
    assert [w.split(":")[0] for w in imposing] == ["strike_before_exhaustion", "imposition_before_exhaustion"]


def test_california_after_factfinding_is_lawful() -> None:
    assert _model("california-eera", factfinding_days=45, imposition=True).warnings == ()


def test_colorado_needs_twenty_days_after_the_notice() -> None:
    warnings = _model("colorado", strike_notice_days=10).warnings
    assert [w.split(":")[0] for w in warnings] == ["strike_during_intervention"]
    assert _model("colorado", strike_notice_days=21).warnings == ()


def test_no_pack_no_warnings() -> None:
    assert _model("no-such-place").warnings == ()


def test_the_pack_supplies_school_holidays() -> None:
    # Sessions 3 and 10 Dec, impasse 17 Dec, mediation 24 Dec, report 7 Jan, 10 days' notice: Thu 17 Jan.
    # California's calendar has Martin Luther King Jr. Day (Mon 21 Jan 2019), which the strike skips.
    model = _model("california-eera", start=dt.date(2018, 12, 3), factfinding_days=14, holidays=())
    assert model.timetable.strike_days[:3] == (
        dt.date(2019, 1, 17),
        dt.date(2019, 1, 18),
        dt.date(2019, 1, 22),
    )
    case, _ = load_case(TINY)
    assert case is not None and isinstance(case.simulation, SimulationSpec)
    assert school_holidays(case, case.simulation)[0] == dt.date(2025, 1, 20)  # generic: US federal


def test_the_procedure_comes_from_the_rule_pack() -> None:
    colorado, _ = load_pack("colorado")
    california, _ = load_pack("california-eera")
    # Colorado: no fact-finding; CDLE has 20 days after a notice of intent to strike to decide (krdo2018).
    assert procedure(colorado) == Procedure("colorado", factfinding=False, intervention_days=20)
    assert procedure(california) == Procedure("california-eera", factfinding=True, intervention_days=None)


def test_a_colorado_dispute_walks_notice_intervention_and_mediation_not_factfinding() -> None:
    model = _model("colorado", factfinding_days=45, strike_notice_days=21)
    assert model.timetable.report_session == -1  # no fact-finder's report, so no recommendation
    assert model.recommendation == -1
    assert model.warnings[0].startswith("simulation.calendar.factfinding_days: the colorado rule pack has no")
    walked = [
        e["type"] for e in timetable_events(model.timetable, "strike_started", procedure(_pack("colorado")))
    ]
    assert walked == [
        "impasse_declared",
        "mediation_started",
        "mediation_ended",
        "strike_notice",
        "intervention_requested",
        "intervention_declined",
        "strike_started",
    ]
    # The same calendar in California keeps its fact-finding step.
    assert _model("california-eera", factfinding_days=45).timetable.report_session >= 0


def _pack(name: str) -> Pack:
    found, _ = load_pack(name)
    assert found is not None
    return found


def test_the_simulator_uses_every_guard_of_the_pack() -> None:
    # Issue 16 gave the California pack a guard on the agreement's 10-day strike notice
    # (strike_before_notice_period): a simulated strike 5 days after the notice, after the report, is
    # flagged by it. The simulator used to keep its own list of four codes and dropped this one.
    warnings = _model("california-eera", factfinding_days=45, strike_notice_days=5).warnings
    assert [w.split(":")[0] for w in warnings] == ["strike_before_notice_period"]
    # Ten days' notice is enough, and an imposition after the report keeps to the last, best and final
    # offer (the simulator records it), so neither imposition guard fires.
    assert (
        _model("california-eera", factfinding_days=45, strike_notice_days=10, imposition=True).warnings == ()
    )


def test_the_guards_come_from_the_process_engine() -> None:
    from bargaining.process import guard_codes

    california = guard_codes(_pack("california-eera"))
    assert {"strike_before_notice_period", "strike_during_term", "imposition_beyond_final_offer"} <= set(
        california
    )
    assert "strike_before_mediation" in guard_codes(_pack("colorado"))


def test_a_simulated_strike_during_the_agreement_is_flagged() -> None:
    # The tiny case's strike would start while the old agreement still runs (contract_expires moved
    # past it): Colorado's strike_during_term guard (issue 16) fires.
    case, _ = load_case(TINY)
    assert case is not None and isinstance(case.simulation, SimulationSpec)
    spec = case.simulation
    assert spec.calendar is not None
    spec = spec.model_copy(update={"calendar": spec.calendar.model_copy(update={"strike_notice_days": 21})})
    pack = _pack("colorado")
    base = dataclasses.replace(case, jurisdiction="colorado", rule_pack=pack)
    assert DisputeModel.of(base, spec).warnings == ()
    late = dataclasses.replace(base, contract_expires=dt.date(2030, 6, 30))
    assert [w.split(":")[0] for w in DisputeModel.of(late, spec).warnings] == ["strike_during_term"]
