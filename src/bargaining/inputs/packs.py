"""Read impasse rule packs and holiday calendars (YAML shipped in ``bargaining/process/packs``) into the
values of ``bargaining.model.packs``. One engine (``bargaining.process``) reads any pack: adding a state is
adding a file. Errors are InputErrors with the pack file and line, like case errors.
"""

from __future__ import annotations

import difflib
import functools
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from bargaining.inputs.errors import InputError, key_path, located_errors
from bargaining.inputs.yamlsrc import LocatedYaml, YamlProblem, load_located
from bargaining.model import ANY_STATE, PREVIOUS, HolidayCalendar, Pack, RulePack

GENERIC = "generic"


class PackError(Exception):
    """The rule pack asked for does not load; ``messages`` are its errors, each naming file and key."""

    def __init__(self, name: str, messages: list[str]) -> None:
        super().__init__(f"{len(messages)} error(s) in the rule pack {name}")
        self.name, self.messages = name, messages


def resolve_pack(jurisdiction: str, choice: str | None = None) -> tuple[Pack, str | None]:
    """The pack asked for, else the jurisdiction's, else the generic pack with a note saying why.

    Raises PackError when the pack chosen does not load."""
    note = None
    name = choice or jurisdiction
    if choice is None and jurisdiction not in known_packs():
        note = (
            f"no rule pack for jurisdiction {jurisdiction!r} (bundled: {', '.join(known_packs())}); "
            "using the generic pack"
        )
        name = GENERIC
    pack, errors = load_pack(name)
    if pack is None:
        raise PackError(name, [str(error) for error in errors])
    return pack, note


def jurisdiction_problem(jurisdiction: str) -> str | None:
    """Why a case's ``jurisdiction`` names no bundled rule pack, with the nearest one, or None (issue 15: a
    case saying ``california`` silently got the generic pack's deadlines)."""
    known = known_packs()
    if jurisdiction in known:
        return None
    near = difflib.get_close_matches(jurisdiction.lower(), known, n=1, cutoff=0.5)
    near += [k for k in known if k.startswith(jurisdiction.lower()) and k not in near]
    hint = f"did you mean {near[0]!r}? " if near else ""
    return (
        f"no rule pack for jurisdiction {jurisdiction!r}; {hint}bundled: {', '.join(known)} "
        f"(write 'generic' for the generic procedure)"
    )


def jurisdiction_pack(jurisdiction: str) -> Pack | None:
    """The bundled pack of a jurisdiction, or None when none is bundled (what a case carries)."""
    if jurisdiction not in known_packs():
        return None
    pack, _ = load_pack(jurisdiction)
    return pack


def _packs_dir() -> Traversable:
    return resources.files("bargaining").joinpath("process", "packs")


def known_packs() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _packs_dir().iterdir() if p.name.endswith(".yaml")))


def load_pack(name_or_file: str | Path) -> tuple[Pack | None, list[InputError]]:
    """A bundled pack by id (``california-eera``), or a pack file; with every error found."""
    if isinstance(name_or_file, Path) or name_or_file.endswith((".yaml", ".yml")):
        path = Path(name_or_file)
        return _load(path, [path.parent / "calendars"])
    if name_or_file not in known_packs():
        known = ", ".join(known_packs())
        return None, [InputError(name_or_file, 1, "", f"no rule pack {name_or_file!r} (bundled: {known})")]
    found, problems = _bundled(name_or_file)
    return found, list(problems)


@functools.cache
def _bundled(name: str) -> tuple[Pack | None, tuple[InputError, ...]]:
    """Bundled packs are read once per process: they are package data and the values are frozen."""
    found, errors = _load(_packs_dir().joinpath(f"{name}.yaml"), [])
    return found, tuple(errors)


def _load(
    path: Traversable | Path, calendars: list[Traversable | Path]
) -> tuple[Pack | None, list[InputError]]:
    calendars = [*calendars, _packs_dir().joinpath("calendars")]
    rules, errors = _read(path, RulePack)
    if rules is None:
        return None, errors
    assert isinstance(rules, RulePack)
    errors = _cross_check(rules, *_located(path), errors)
    files = [folder.joinpath(f"{rules.holidays}.yaml") for folder in calendars]
    found = next((f for f in files if f.is_file()), None)
    if found is None:
        label, located = _located(path)
        errors.append(
            InputError(label, located.line_of(("holidays",)), "holidays", f"no calendar {rules.holidays!r}")
        )
        return None, errors
    calendar, more = _read(found, HolidayCalendar)
    errors.extend(more)
    if errors or calendar is None:
        return None, sorted(errors)
    assert isinstance(calendar, HolidayCalendar)
    return Pack(rules, calendar, str(path)), []


def _located(path: Traversable | Path) -> tuple[str, LocatedYaml]:
    return str(path), load_located(path.read_text(encoding="utf-8"))


def _read(
    path: Traversable | Path, model: type[RulePack] | type[HolidayCalendar]
) -> tuple[BaseModel | None, list[InputError]]:
    label = str(path)
    try:
        located = load_located(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [InputError(label, 1, "", f"cannot read the file: {exc}")]
    except YamlProblem as problem:
        return None, [InputError(label, problem.line, key_path(problem.key), problem.message)]
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        return None, sorted(located_errors(exc, located, label))


def _cross_check(
    rules: RulePack, label: str, located: LocatedYaml, errors: list[InputError]
) -> list[InputError]:
    def error(path: tuple[str | int, ...], message: str) -> None:
        errors.append(InputError(label, located.line_of(path), key_path(path), message))

    states = set(rules.states)
    if rules.initial not in states:
        error(("initial",), f"{rules.initial!r} is not one of the states")

    def check_state(path: tuple[str | int, ...], name: str, extra: tuple[str, ...] = ()) -> None:
        if name not in states and name not in extra:
            error(path, f"unknown state {name!r} (states: {', '.join(rules.states)})")

    def check_source(path: tuple[str | int, ...], name: str) -> None:
        if name not in rules.sources:
            error(path, f"unknown source {name!r} (sources: {', '.join(rules.sources)})")

    for i, move in enumerate(rules.transitions):
        for j, name in enumerate(move.from_):
            check_state(("transitions", i, "from", j), name, (ANY_STATE,))
        if move.to is not None:
            check_state(("transitions", i, "to"), move.to, (PREVIOUS,))
        check_source(("transitions", i, "source"), move.source)
    for i, due in enumerate(rules.deadlines):
        for j, name in enumerate(due.states):
            check_state(("deadlines", i, "states", j), name)
        check_source(("deadlines", i, "source"), due.source)
        if due.working_days is not None and due.after == "contract_expires":
            error(("deadlines", i, "working_days"), "count days from contract_expires in calendar_days")
    for i, guard in enumerate(rules.guards):
        for key in ("allowed_states", "forbidden_states"):
            for j, name in enumerate(getattr(guard, key)):
                check_state(("guards", i, key, j), name)
        check_source(("guards", i, "source"), guard.source)
    for i, effect in enumerate(rules.charge_effects):
        check_source(("charge_effects", i, "source"), effect.source)
    return errors
