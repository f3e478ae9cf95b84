"""Read impasse rule packs and holiday calendars (YAML shipped in ``bargaining/process/packs``).

A rule pack names the states of a jurisdiction's impasse procedure, the events that move between them and
who may trigger each, deadlines in calendar or working days, waivable limits and guards (what is unlawful
when). Every rule names a source. One engine (``bargaining.process``) reads any pack: adding a state is
adding a file. Errors are InputErrors with the pack file and line, like case errors.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bargaining.inputs.errors import InputError, key_path, located_errors
from bargaining.inputs.yamlsrc import LocatedYaml, YamlProblem, load_located
from bargaining.model.events import EventType

PublicState = Literal[
    "bargaining",
    "impasse_declared",
    "mediation",
    "factfinding",
    "post_impasse",
    "intervention_pending",
    "strike",
    "tentative_agreement",
    "ratified",
    "in_effect",
]
PUBLIC_STATES: tuple[str, ...] = get_args(PublicState)
Who = Literal["employer", "union", "either", "both", "agency", "mediator", "factfinder", "any"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ANY_STATE = "*"
PREVIOUS = "previous"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PackSource(_Strict):
    title: str
    url: str | None = None
    note: str | None = None


class StateSpec(_Strict):
    status: PublicState = Field(description="the state `bargain status` reports")
    label: str


class _Span(_Strict):
    calendar_days: int | None = Field(None, ge=-3650, le=3650)
    working_days: int | None = Field(None, ge=-2600, le=2600)

    @model_validator(mode="after")
    def _one_span(self) -> _Span:
        if (self.calendar_days is None) == (self.working_days is None):
            raise ValueError("give exactly one of calendar_days or working_days")
        return self


class Transition(_Strict):
    event: EventType
    from_: tuple[str, ...] = Field(alias="from", min_length=1, description="states it may happen in; * = any")
    to: str | None = Field(None, description="next state; `previous` returns; absent = no change")
    by: Who = "any"
    offered: bool = Field(True, description="false: accepted in the record but never offered as a next move")
    source: str
    note: str | None = None


class Deadline(_Span):
    what: str
    after: EventType | Literal["contract_expires"] = Field(description="the event the days count from")
    event: EventType | None = Field(None, description="the step the deadline bounds")
    bound: Literal["earliest", "latest"] = "latest"
    closes_on: tuple[EventType, ...] | None = Field(None, description="events that end it (default: event)")
    waivable: bool = False
    states: tuple[str, ...] = Field((), description="shown only in these states (all when empty)")
    source: str

    @property
    def closers(self) -> tuple[str, ...]:
        if self.closes_on is not None:
            return self.closes_on
        return (self.event,) if self.event is not None else ()


class Notice(_Span):
    event: EventType


class Guard(_Strict):
    """What makes an event unlawful (or presumptively so); the engine warns with ``code``."""

    event: EventType
    code: str = Field(pattern=r"^[a-z][a-z_]*$")
    message: str
    source: str
    allowed_states: tuple[str, ...] = ()
    forbidden_states: tuple[str, ...] = ()
    requires_prior: tuple[EventType, ...] = Field((), description="at least one must have happened before")
    notice: Notice | None = Field(None, description="an event that must come at least this long before")

    @model_validator(mode="after")
    def _some_condition(self) -> Guard:
        if not (self.allowed_states or self.forbidden_states or self.requires_prior or self.notice):
            raise ValueError("a guard needs allowed_states, forbidden_states, requires_prior or notice")
        return self


class RulePack(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    jurisdiction: str
    law_as_of: dt.date = Field(description="the date the rules were last checked against their sources")
    holidays: str = Field(description="holiday calendar for working days, a file in packs/calendars")
    initial: str
    sources: dict[str, PackSource]
    states: dict[str, StateSpec]
    transitions: tuple[Transition, ...]
    deadlines: tuple[Deadline, ...] = ()
    guards: tuple[Guard, ...] = ()
    notes: tuple[str, ...] = ()


class Holiday(_Strict):
    date: dt.date
    name: str


class HolidayCalendar(_Strict):
    id: str
    title: str
    source: PackSource
    weekend: tuple[Weekday, ...]
    first: dt.date
    last: dt.date
    holidays: tuple[Holiday, ...]

    def weekmask(self) -> str:
        """numpy busday weekmask, Monday first."""
        return "".join("0" if day in self.weekend else "1" for day in get_args(Weekday))


@dataclass(frozen=True)
class Pack:
    rules: RulePack
    calendar: HolidayCalendar
    file: str


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
    return errors
