"""``load_case``: read a case folder into a Case, returning every error at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TypeGuard

from pydantic import ValidationError

from bargaining.inputs.budget import check_budget, price_indexes
from bargaining.inputs.errors import InputError, key_path, located_errors
from bargaining.inputs.events import check_events
from bargaining.inputs.files import FileRefused, read_case_file, relative_problem
from bargaining.inputs.packs import jurisdiction_pack
from bargaining.inputs.preferences import check_preferences
from bargaining.inputs.schedules import check_schedule_terms, read_schedules
from bargaining.inputs.schema import CaseFile
from bargaining.inputs.simulation import check_simulation
from bargaining.inputs.synthetic import synthesize_roster
from bargaining.inputs.tables import read_comparables, read_enrollment, read_roster
from bargaining.inputs.yamlsrc import LocatedYaml, YamlProblem, load_located
from bargaining.model import (
    Calendar,
    Case,
    Caseload,
    ClassSize,
    DatedRate,
    OneTime,
    Raise,
    Roster,
    ScheduleAdd,
    StepFreeze,
    Unit,
    parse_fiscal_year,
)
from bargaining.model.limits import MAX_YAML_BYTES

CASE_FILE = "case.yaml"


def load_case(folder: str | Path) -> tuple[Case | None, list[InputError]]:
    """Read ``folder/case.yaml`` and the CSV files it names.

    Returns the case (None when anything is wrong) and the sorted list of every error found.
    """
    folder = Path(folder)
    label = str(folder / CASE_FILE)
    try:
        text = read_case_file(folder, CASE_FILE, MAX_YAML_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        what = "the folder does not exist" if not folder.exists() else f"no {CASE_FILE} in the folder"
        return None, [InputError(label, 1, "", what)]
    except FileRefused as refused:
        return None, [InputError(label, 1, "", refused.message)]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [InputError(label, 1, "", f"cannot read the file as UTF-8 text: {exc}")]
    try:
        located = load_located(text)
    except YamlProblem as problem:
        return None, [InputError(label, problem.line, key_path(problem.key), problem.message)]
    if not isinstance(located.data, dict):
        return None, [
            InputError(label, 1, "", "expected a mapping of keys such as id, title, unit, proposals")
        ]
    try:
        spec = CaseFile.model_validate(located.data)
    except ValidationError as exc:
        return None, sorted(located_errors(exc, located, label))
    errors: list[InputError] = []
    case = _build(spec, folder, located, label, errors)
    return (case if not errors else None), sorted(set(errors))


def _build(
    spec: CaseFile, folder: Path, located: LocatedYaml, label: str, errors: list[InputError]
) -> Case | None:
    def error(path: tuple[str | int, ...], message: str) -> None:
        errors.append(InputError(label, located.line_of(path), key_path(path), message))

    month, day = (int(x) for x in spec.fiscal_year_start.split("-"))
    calendar = Calendar(
        first_year=parse_fiscal_year(spec.horizon.first),
        last_year=parse_fiscal_year(spec.horizon.last),
        start_month=month,
        start_day=day,
        pay_months=spec.pay_months,
    )
    roster: Roster | None = None
    schedules = None
    new_hire_salary = spec.unit.new_hire_salary
    if spec.unit.schedules is None and new_hire_salary is None:
        error(("unit", "new_hire_salary"), "required key is missing")
    if spec.unit.schedules is not None:
        read = read_schedules(spec.unit, spec.proposals, folder, error, errors)
        roster = read[1] if read else None
        if read is not None:
            schedules = read[0]
            if new_hire_salary is None and schedules.new_hire is not None:
                cell = schedules.new_hire
                new_hire_salary = schedules.grid(cell.schedule).salary(cell.step, cell.lane)
    elif spec.unit.synthetic is not None:
        roster = synthesize_roster(spec.unit.synthetic)
    elif _confined(spec.unit.roster, ("unit", "roster"), error):
        roster = read_roster(folder, spec.unit.roster, errors)
    enrollment = None
    if _confined(spec.enrollment, ("enrollment",), error):
        enrollment = read_enrollment(folder, spec.enrollment, errors)
    rate = spec.unit.statutory_rate
    changes = (
        tuple(sorted(rate.items()))
        if isinstance(rate, dict)
        else ((calendar.year_start(calendar.first_year), float(rate)),)
    )
    _check_proposals(spec, calendar, enrollment is not None, roster.role_names() if roster else None, error)
    if spec.unit.schedules is None:
        check_schedule_terms(spec.proposals, None, error)
    # Sections are checked even when the roster or proposals failed, so one run reports everything.
    events = check_events(spec, located, label, errors)
    preferences = check_preferences(spec, located, label, errors)
    simulation = check_simulation(spec, located, label, errors)
    budget = check_budget(
        spec.budget, calendar, spec.jurisdiction, (spec.union.short,), located, label, errors
    )
    comparables = read_comparables(folder, spec.comparables, errors) if spec.comparables else ()
    indexes = price_indexes()
    if spec.price_index not in indexes:
        error(("price_index",), f"unknown price index; shipped: {', '.join(sorted(indexes))}")
    if roster is None or errors:
        return None
    bands = set(enrollment.grade_bands) if enrollment is not None else set()
    for p_index, proposal in enumerate(spec.proposals):
        for t_index, term in enumerate(proposal.terms):
            if isinstance(term, ClassSize) and enrollment is not None and term.grade_band not in bands:
                error(
                    ("proposals", p_index, "terms", t_index, "grade_band"),
                    f"grade band {term.grade_band!r} is not in the enrollment file"
                    f" (has {', '.join(sorted(bands))})",
                )
    if errors:
        return None
    return Case(
        id=spec.id,
        title=spec.title,
        jurisdiction=spec.jurisdiction,
        calendar=calendar,
        employer=spec.employer,
        union=spec.union,
        students=spec.students,
        unit=Unit(
            roster=roster,
            statutory_rate=DatedRate(tuple((d, float(r)) for d, r in changes)),
            health_per_fte=spec.unit.health_per_fte,
            step_column=spec.unit.step_column,
            breakage=spec.unit.breakage,
            new_hire_salary=float(new_hire_salary or 0.0),
            schedules=schedules,
        ),
        proposals=spec.proposals,
        enrollment=enrollment,
        sources=spec.sources,
        contract_expires=spec.contract_expires,
        budget=budget,
        comparables=comparables,
        price_index=indexes[spec.price_index] if comparables else None,
        events=events,
        preferences=preferences,
        simulation=simulation,
        rule_pack=jurisdiction_pack(spec.jurisdiction),
    )


def _confined(name: str | None, key: tuple[str, ...], error: Any) -> TypeGuard[str]:
    """Whether ``name`` may name a file of the case folder; the error is put on its key when not."""
    if name is None:
        return False
    problem = relative_problem(name)
    if problem is not None:
        error(key, problem)
    return problem is None


def _check_proposals(
    spec: CaseFile,
    calendar: Calendar,
    has_enrollment: bool,
    roles: tuple[str, ...] | None,
    error: Any,
) -> None:
    horizon_start = calendar.year_start(calendar.first_year)
    horizon_end = calendar.year_start(calendar.last_year + 1) - dt.timedelta(days=1)
    ids: dict[str, int] = {}
    for p_index, proposal in enumerate(spec.proposals):
        where = ("proposals", p_index)
        if proposal.id in ids:
            error(
                (*where, "id"), f"duplicate proposal id {proposal.id!r} (also proposals[{ids[proposal.id]}])"
            )
        ids.setdefault(proposal.id, p_index)
    for p_index, proposal in enumerate(spec.proposals):
        where = ("proposals", p_index)
        _check_one_per_key(proposal.terms, where, error)
        if proposal.answers is not None and proposal.answers not in ids:
            error((*where, "answers"), f"no proposal with id {proposal.answers!r} in this case")
        for t_index, term in enumerate(proposal.terms):
            at = (*where, "terms", t_index)
            for key in ("effective", "paid"):
                when = getattr(term, key, None)
                if when is not None and not horizon_start <= when <= horizon_end:
                    error((*at, key), f"{when} is outside the horizon {horizon_start} to {horizon_end}")
            effective = getattr(term, "effective", None)
            if term.sunset is not None and effective is not None and term.sunset < effective:
                error((*at, "sunset"), f"sunset {term.sunset} comes before effective {effective}")
            if isinstance(term, StepFreeze) and not (
                calendar.first_year <= parse_fiscal_year(term.fiscal_year) <= calendar.last_year
            ):
                error(
                    (*at, "fiscal_year"),
                    f"{term.fiscal_year} is outside the horizon {spec.horizon.first} to {spec.horizon.last}",
                )
            if isinstance(term, ClassSize) and not has_enrollment:
                error((*at, "grade_band"), "a class_size term needs the case's enrollment file")
            if isinstance(term, Raise | ScheduleAdd | OneTime) and term.roles and roles is not None:
                for role in term.roles:
                    if role not in roles:
                        error((*at, "roles"), f"role {role!r} is not in the roster (has {', '.join(roles)})")


def _check_one_per_key(terms: tuple[Any, ...], where: tuple[str | int, ...], error: Any) -> None:
    """Terms that must agree with their siblings: one freeze per fiscal year, and one salary for the
    added positions of a grade band (class size) or a role (caseload), since the strictest cap binds."""
    freezes: dict[str, int] = {}
    salaries: dict[tuple[str, str], tuple[float | None, int]] = {}
    for t_index, term in enumerate(terms):
        at = (*where, "terms", t_index)
        if isinstance(term, StepFreeze):
            if term.fiscal_year in freezes:
                error(
                    (*at, "fiscal_year"),
                    f"{term.fiscal_year} is already frozen by terms[{freezes[term.fiscal_year]}]",
                )
            freezes.setdefault(term.fiscal_year, t_index)
        if isinstance(term, ClassSize | Caseload):
            key = (term.type, term.grade_band if isinstance(term, ClassSize) else term.role)
            if key in salaries and salaries[key][0] != term.salary:
                first = salaries[key][1]
                error(
                    (*at, "salary"),
                    f"differs from terms[{first}] on the same {key[1]!r}; give them one salary",
                )
            salaries.setdefault(key, (term.salary, t_index))
