"""``load_case``: read a case folder into a Case, returning every error at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, TypeGuard

from pydantic import ValidationError

from bargaining.inputs.budget import check_budget, price_indexes
from bargaining.inputs.contract import read_contract
from bargaining.inputs.errors import InputError, key_path, located, located_errors
from bargaining.inputs.events import check_events
from bargaining.inputs.files import CaseFolder, FileRefused, StoredFiles, read_case_file, relative_problem
from bargaining.inputs.packs import jurisdiction_pack, jurisdiction_problem
from bargaining.inputs.preferences import check_preferences
from bargaining.inputs.schema import CaseFile
from bargaining.inputs.simulation import check_simulation
from bargaining.inputs.tables import read_comparables, read_enrollment
from bargaining.inputs.units import me_too_problems, read_unit, unit_specs
from bargaining.inputs.workyear import unit_calendar, work_year_of
from bargaining.inputs.yamlsrc import LocatedYaml, YamlProblem, load_located
from bargaining.model import (
    MAX_YAML_BYTES,
    Calendar,
    Case,
    Enrollment,
    Problem,
    Unit,
    parse_fiscal_year,
    proposal_problems,
)

CASE_FILE = "case.yaml"


def load_case(folder: str | Path | StoredFiles) -> tuple[Case | None, list[InputError]]:
    """Read ``folder/case.yaml`` and the CSV files it names (a folder on disk, or the files storage keeps).

    Returns the case (None when anything is wrong) and the sorted list of every error found.
    """
    folder = folder if isinstance(folder, StoredFiles) else Path(folder)
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
    spec: CaseFile, folder: CaseFolder, located: LocatedYaml, label: str, errors: list[InputError]
) -> Case | None:
    def error(path: tuple[str | int, ...], message: str) -> None:
        errors.append(InputError(label, located.line_of(path), key_path(path), message))

    unknown = jurisdiction_problem(spec.jurisdiction)
    if unknown is not None:
        error(("jurisdiction",), unknown)
    month, day = (int(x) for x in spec.fiscal_year_start.split("-"))
    calendar = Calendar(
        first_year=parse_fiscal_year(spec.horizon.first),
        last_year=parse_fiscal_year(spec.horizon.last),
        start_month=month,
        start_day=day,
        pay_months=spec.pay_months,
        work_year=work_year_of(spec.proration, spec.work_year, spec.fiscal_year_start, error),
    )
    enrollment = None
    if _confined(spec.enrollment, ("enrollment",), error):
        enrollment = read_enrollment(folder, spec.enrollment, errors)
    specs = unit_specs(spec, error)
    names = [name for _, _, name, _ in specs]
    first = names[0] if names else None
    units = [
        read_unit(
            at,
            uspec,
            name,
            title,
            lambda p, name=name: (p.unit or first) == name,  # type: ignore[misc]
            spec.proposals,
            calendar,
            folder,
            error,
            errors,
        )
        for at, uspec, name, title in specs
    ]
    for index, (at, uspec, _, _) in enumerate(specs):  # a unit that prorates otherwise than the case

        def unit_error(path: tuple[str | int, ...], message: str, at: tuple[str | int, ...] = at) -> None:
            error((*at, *path[1:]), message)

        own = unit_calendar(
            uspec, spec.proration, spec.work_year, calendar, spec.fiscal_year_start, unit_error
        )
        found = units[index]
        if own is not None and found is not None:
            units[index] = dataclasses.replace(found, calendar=own)
    me_too_problems(spec.me_too, names, error)
    _check_proposals(spec, calendar, enrollment, dict(zip(names, units, strict=True)), located, label, errors)
    # Sections are checked even when the roster or proposals failed, so one run reports everything.
    events = check_events(spec, located, label, errors)
    preferences = check_preferences(spec, located, label, errors)
    simulation = check_simulation(spec, located, label, errors)
    budget = check_budget(spec.budget, calendar, spec.jurisdiction, tuple(names), located, label, errors)
    comparables = (
        read_comparables(folder, spec.comparables, errors)
        if _confined(spec.comparables, ("comparables",), error)
        else ()
    )
    contract = read_contract(spec.contract, {p.id for p in spec.proposals}, folder, error)
    indexes = price_indexes()
    if spec.price_index not in indexes:
        error(("price_index",), f"unknown price index; shipped: {', '.join(sorted(indexes))}")
    if not units or any(unit is None for unit in units) or errors:
        return None
    unit, *others = (u for u in units if u is not None)
    return Case(
        id=spec.id,
        title=spec.title,
        jurisdiction=spec.jurisdiction,
        calendar=calendar,
        employer=spec.employer,
        union=spec.union,
        students=spec.students,
        unit=unit,
        other_units=tuple(others),
        me_too=spec.me_too,
        proposals=spec.proposals,
        enrollment=enrollment,
        sources=spec.sources,
        contract_expires=spec.contract_expires,
        demo_as_of=spec.demo_as_of,
        budget=budget,
        comparables=comparables,
        price_index=indexes[spec.price_index] if comparables else None,
        events=events,
        preferences=preferences,
        simulation=simulation,
        rule_pack=jurisdiction_pack(spec.jurisdiction),
        contract=contract,
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
    enrollment: Enrollment | None,
    units: dict[str, Unit | None],
    located_yaml: LocatedYaml,
    label: str,
    errors: list[InputError],
) -> None:
    """The model's rules for proposals in a case (``model.checks``), located in the file; each proposal
    against its own unit's roster and health plans."""
    ids: dict[str, int] = {}
    problems = []
    for index, proposal in enumerate(spec.proposals):
        if proposal.id in ids:
            message = f"duplicate proposal id {proposal.id!r} (also proposals[{ids[proposal.id]}])"
            problems.append(Problem(("proposals", index, "id"), message))
        ids.setdefault(proposal.id, index)
    first = next(iter(units), None)
    for index, proposal in enumerate(spec.proposals):
        unit = units.get(proposal.unit or first or "")
        problems += proposal_problems(
            proposal,
            index,
            calendar=calendar,
            ids=ids,
            bands=enrollment.grade_bands if enrollment is not None else None,
            roles=unit.roster.role_names() if unit is not None else None,
            health=unit.health if unit is not None else None,
            units=tuple(units),
        )
    errors.extend(located(problems, located_yaml, label))
