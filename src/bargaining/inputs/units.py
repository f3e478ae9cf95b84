"""The bargaining units of a case: one ``unit:``, or several ``units:`` with their parity clauses.

Each unit is read by the same code, with its errors located under its own key (``unit.roster`` or
``units[1].roster``); a proposal's schedule terms are checked against its own unit's grids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bargaining.inputs.benefits import blended, employer_per_fte, health_plans, statutory_lines
from bargaining.inputs.errors import InputError
from bargaining.inputs.files import CaseFolder, relative_problem
from bargaining.inputs.schedules import check_schedule_terms, read_schedules
from bargaining.inputs.schema import CaseFile, UnitSpec
from bargaining.inputs.synthetic import synthesize_roster
from bargaining.inputs.tables import read_roster
from bargaining.model import Calendar, DatedRate, MeToo, Proposal, Roster, Unit

ErrorAt = Callable[[tuple[str | int, ...], str], None]
Path = tuple[str | int, ...]


def unit_specs(spec: CaseFile, error: ErrorAt) -> list[tuple[Path, UnitSpec, str, str]]:
    """Each unit's key, spec, name and title: ``unit:`` is named by the union's short name."""
    if spec.unit is not None and spec.units is not None:
        error(("units",), "give unit (one bargaining unit) or units (several), not both")
    if spec.unit is not None:
        return [(("unit",), spec.unit, spec.union.short, spec.union.name)]
    if spec.units is None:
        error((), "required key is missing: unit (one bargaining unit) or units (several)")
        return []
    found: list[tuple[Path, UnitSpec, str, str]] = []
    seen: dict[str, int] = {}
    for index, unit in enumerate(spec.units):
        if unit.name in seen:
            error(
                ("units", index, "name"), f"unit {unit.name!r} is named twice (also units[{seen[unit.name]}])"
            )
        seen.setdefault(unit.name, index)
        found.append((("units", index), unit, unit.name, unit.title or unit.name))
    return found


def me_too_problems(clauses: Sequence[MeToo], names: Sequence[str], error: ErrorAt) -> None:
    """Each clause names two different units of the case."""
    for index, clause in enumerate(clauses):
        for key in ("unit", "follows"):
            value = getattr(clause, key)
            if value not in names:
                error(("me_too", index, key), f"no unit {value!r} in this case (units: {', '.join(names)})")
        if clause.unit == clause.follows:
            error(("me_too", index, "follows"), f"unit {clause.unit!r} cannot follow itself")


def read_unit(
    at: Path,
    uspec: UnitSpec,
    name: str,
    title: str,
    mine: Callable[[Proposal], bool],
    proposals: Sequence[Proposal],
    calendar: Calendar,
    folder: CaseFolder,
    case_error: ErrorAt,
    errors: list[InputError],
) -> Unit | None:
    """One unit, its errors located under ``at``; ``mine`` tells its proposals (whose schedule terms are
    checked against its grids). None when anything is wrong."""

    def error(path: Path, message: str) -> None:
        case_error((*at, *path[1:]) if path[:1] == ("unit",) else path, message)

    before = len(errors)
    # Other units' proposals keep their place (errors name proposals by index) but not their terms.
    own = [p if mine(p) else p.model_copy(update={"terms": ()}) for p in proposals]
    roster: Roster | None = None
    schedules = None
    new_hire_salary = uspec.new_hire_salary
    if uspec.schedules is None and new_hire_salary is None:
        error(("unit", "new_hire_salary"), "required key is missing")
    if uspec.schedules is not None:
        read = read_schedules(uspec, own, folder, error, errors)
        roster = read[1] if read else None
        if read is not None:
            schedules = read[0]
            if new_hire_salary is None and schedules.new_hire is not None:
                cell = schedules.new_hire
                new_hire_salary = schedules.grid(cell.schedule).salary(cell.step, cell.lane)
    else:
        check_schedule_terms(own, None, case_error)
        if uspec.synthetic is not None:
            roster = synthesize_roster(uspec.synthetic)
        elif uspec.roster is not None:
            problem = relative_problem(uspec.roster)
            if problem is not None:
                error(("unit", "roster"), problem)
            else:
                roster = read_roster(folder, uspec.roster, errors)
    rate = uspec.statutory_rate
    lines = statutory_lines(uspec.benefits, calendar, error)
    changes: Any = (
        tuple(sorted(rate.items()))
        if isinstance(rate, dict)
        else ((calendar.year_start(calendar.first_year), float(rate)),)
        if rate is not None
        else blended(lines, calendar).changes
    )
    health = health_plans(uspec.benefits, float(roster.fte.sum()) if roster is not None else None, error)
    if roster is None or len(errors) > before:
        return None
    return Unit(
        roster=roster,
        statutory_rate=DatedRate(tuple((d, float(r)) for d, r in changes)),
        health_per_fte=employer_per_fte(health) if health else uspec.health_per_fte,
        step_column=uspec.step_column,
        breakage=uspec.breakage,
        new_hire_salary=float(new_hire_salary or 0.0),
        schedules=schedules,
        statutory=lines,
        health=health,
        name=name,
        title=title,
    )
