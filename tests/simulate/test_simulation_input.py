"""Bad ``simulation:`` sections: every error names the file, the line, the key and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining.inputs import load_case
from bargaining.model.scenario import SimulationSpec

TINY = Path(__file__).parent / "cases" / "tiny" / "case.yaml"
HEAD = TINY.read_text().split("simulation:")[0]


def _errors(tmp_path: Path, simulation: str) -> list[str]:
    text = HEAD + "simulation:\n" + simulation
    (tmp_path / "case.yaml").write_text(text)
    case, errors = load_case(tmp_path)
    assert case is None
    return [f"{e.line}: {e.key}: {e.message}" for e in errors]


def _line(simulation: str, needle: str) -> int:
    """1-based line of ``needle`` in the case file the test writes."""
    return (HEAD + "simulation:\n" + simulation).splitlines().index(needle) + 1


CASES = [
    (
        "  strike:\n    work_days: 186\n    participation: 1.2\n",
        "    participation: 1.2",
        "simulation.strike.participation: expected a share from 0 to 1 (got 1.2)",
    ),
    (
        "  strike:\n    work_days: 186\n    participation: {dist: uniform, low: 0.9}\n",
        "    participation: {dist: uniform, low: 0.9}",
        "simulation.strike.participation.high: required key is missing",
    ),
    (
        "  strike:\n    work_days: 186\n    participation: {dist: normal, low: 0.9, high: 1}\n",
        "    participation: {dist: normal, low: 0.9, high: 1}",
        "simulation.strike.participation: unknown dist 'normal'; expected uniform, triangular or choice",
    ),
    (
        "  strike:\n    work_days: 186\n    participation: {dist: uniform, low: 0.5, high: 1.5}\n",
        "    participation: {dist: uniform, low: 0.5, high: 1.5}",
        "simulation.strike.participation: expected a share from 0 to 1; "
        "the distribution runs from 0.5 to 1.5",
    ),
    (
        "  strike:\n    work_days: 186\n    participation: lots\n",
        "    participation: lots",
        "simulation.strike.participation: expected a number or a distribution (got 'lots')",
    ),
    (
        "  union:\n    reserved: {dist: triangular, low: 0.2, mode: 0.9, high: 0.6}\n",
        "    reserved: {dist: triangular, low: 0.2, mode: 0.9, high: 0.6}",
        "simulation.union.reserved: a triangular distribution needs low <= mode <= high and low < high",
    ),
    (
        "  district:\n    strategy: bulwark\n",
        "    strategy: bulwark",
        "simulation.district.strategy: Input should be 'boulware', 'linear', 'conceder', 'time_dependent', "
        "'tit_for_tat' or 'reservation_aware' (got 'bulwark')",
    ),
    (
        "  strike:\n    work_days: 186\n    participation: 1\n    revenue_window: ['10-01', '13-01']\n",
        "    revenue_window: ['10-01', '13-01']",
        "simulation.strike.revenue_window: '13-01' is not a month and day (MM-DD)",
    ),
    (
        "  calendar:\n    start: 2025-01-06\n",
        "  calendar:",
        "simulation.calendar: no sessions: give bargaining_sessions, mediation_sessions or factfinding_days",
    ),
    (
        "  issues:\n    - {name: x, district: 1, union: 1, weight: {union: 1, district: 1}}\n",
        "    - {name: x, district: 1, union: 1, weight: {union: 1, district: 1}}",
        "simulation.issues[0]: district and union positions are equal: not an issue in dispute",
    ),
    (
        "  strike:\n    work_days: 186\n    participation: 1\n    picket_hours: 7\n",
        "    picket_hours: 7",
        "simulation.strike.picket_hours: unknown key",
    ),
]


@pytest.mark.parametrize(("simulation", "needle", "expected"), CASES)
def test_a_bad_section_is_reported_at_its_line(
    tmp_path: Path, simulation: str, needle: str, expected: str
) -> None:
    assert _errors(tmp_path, simulation) == [f"{_line(simulation, needle)}: {expected}"]


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    simulation = "  union:\n    reserved: 2\n    exponent: 0\n  strike:\n    participation: 1\n"
    found = _errors(tmp_path, simulation)
    assert len(found) == 3
    assert any("simulation.strike.work_days: required key is missing" in line for line in found)


def test_a_good_section_arrives_typed(tmp_path: Path) -> None:
    case, errors = load_case(TINY.parent)
    assert not errors and case is not None
    spec = case.simulation
    assert isinstance(spec, SimulationSpec)
    assert spec.issues[0].cost_per_unit == 20_000
    assert spec.union is not None and spec.union.strike_authorization == 1.0  # the default
