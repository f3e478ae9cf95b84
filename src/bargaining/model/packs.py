"""Impasse rule packs and holiday calendars as values (read from YAML by ``bargaining.inputs.packs``).

A rule pack names the states of a jurisdiction's impasse procedure, the events that move between them and
who may trigger each, deadlines in calendar or working days, waivable limits and guards (what is unlawful
when). Every rule names a source. One engine (``bargaining.process``) reads any pack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bargaining.model.actors import Side, Who
from bargaining.model.events import EventType

PublicState = Literal[
    "bargaining",
    "impasse_declared",
    "impasse_disputed",
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
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ANY_STATE = "*"
PREVIOUS = "previous"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


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
    after_field: str | None = Field(
        None, description="count from this date key of the event when recorded (e.g. appointed)"
    )
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


class Flag(_Strict):
    """An earlier event recorded with a yes/no key set to true (the mediator's certification)."""

    event: EventType
    key: str = Field(pattern=r"^[a-z][a-z_]*$")


class Rebuttal(_Strict):
    """A charge that may rebut what a guard presumes: one filed before the event against this side."""

    against: Side


class Guard(_Strict):
    """What makes an event unlawful (or presumptively so); the engine warns with ``code``.

    ``holds``: the event is an unlawful move. The engine flags it and keeps the lawful procedure where it
    was, so later lawful steps are read in their place; the move stands (a strike, an imposition) until
    an event ends it."""

    event: EventType
    code: str = Field(pattern=r"^[a-z][a-z_]*$")
    message: str
    source: str
    holds: bool = False
    allowed_states: tuple[str, ...] = ()
    forbidden_states: tuple[str, ...] = ()
    requires_prior: tuple[EventType, ...] = Field((), description="at least one must have happened before")
    notice: Notice | None = Field(None, description="an event that must come at least this long before")
    during_term: bool = Field(False, description="unlawful on or before the day the agreement expires")
    requires_flag: Flag | None = Field(None, description="an earlier event with this key true")
    same_proposal_as: EventType | None = Field(
        None, description="the event's proposal must be the one the latest such event named"
    )
    rebuttable: Rebuttal | None = Field(None, description="a charge that may rebut the presumption")

    @model_validator(mode="after")
    def _some_condition(self) -> Guard:
        conditions = (
            self.allowed_states,
            self.forbidden_states,
            self.requires_prior,
            self.notice,
            self.during_term,
            self.requires_flag,
            self.same_proposal_as,
        )
        if not any(conditions):
            raise ValueError(
                "a guard needs allowed_states, forbidden_states, requires_prior, notice, during_term,"
                " requires_flag or same_proposal_as"
            )
        return self


class ChargeEffect(_Strict):
    """What an unfair-practice charge against ``against`` does under the pack (shown with the charge)."""

    against: Side
    effect: str
    source: str


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
    charge_effects: tuple[ChargeEffect, ...] = ()
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
