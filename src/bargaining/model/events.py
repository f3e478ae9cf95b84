"""The bargaining record: dated, typed events (sessions, proposals passed, impasse steps, strike, settlement).

Every event has ``date`` and ``type`` and may carry ``by`` (who acted), ``note``, ``source`` and
``approximate`` (the day is known only roughly, as with dates taken from news reports). The process engine
(``bargaining.process``) reads the events that move a dispute between states; ``bargaining.record`` reads
the ones that describe the bargaining itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from bargaining.model.actors import Actor
from bargaining.model.eventbase import EVENT_TYPES, EventBase, EventType, Share
from bargaining.model.limits import MAX_ARTICLE_CHARS
from bargaining.model.procedure import (
    BoardApproved,
    ContractExpired,
    DisclosurePublished,
    FactfindingHearing,
    FactfindingPanelAppointed,
    FactfindingReport,
    FactfindingReportPublic,
    FactfindingRequested,
    ImpasseCertified,
    ImpasseDeclared,
    ImpasseRejected,
    ImpasseRequestFiled,
    Imposed,
    InterventionAccepted,
    InterventionDeclined,
    InterventionEnded,
    InterventionRequested,
    LastBestFinalOffer,
    LimitWaived,
    MediationEnded,
    MediationRequested,
    MediationSession,
    MediationStarted,
    ProceduresExhausted,
    Ratified,
    Settlement,
    StrikeEnded,
    StrikeNotice,
    StrikeStarted,
    StrikeVote,
    UnfairPracticeCharge,
)

__all__ = [
    "EVENT_MODELS",
    "EVENT_TYPES",
    "Caucus",
    "Counter",
    "Event",
    "EventBase",
    "EventList",
    "EventType",
    "LimitWaived",
    "NoCounter",
    "ProposalPassed",
    "Session",
    "Settlement",
    "Share",
    "Statement",
    "TentativeAgreement",
    "Withdrawn",
    "current_record",
    "parse_events",
    "proposal_refs",
    "supersede_problem",
]

_Event = EventBase


def _clock(value: Any) -> Any:
    """YAML 1.1 reads an unquoted ``10:15`` as the base-60 integer 615; read it back as a time of day."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    return value


class Caucus(BaseModel):
    """A side's private break during a session."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    by: Actor | None = None
    start: dt.time
    end: dt.time

    _read_clock = field_validator("start", "end", mode="before")(_clock)

    @model_validator(mode="after")
    def _ordered(self) -> Caucus:
        if self.end <= self.start:
            raise ValueError(f"a caucus must end after it starts ({self.start} to {self.end})")
        return self

    @property
    def minutes(self) -> float:
        start = self.start.hour * 60 + self.start.minute
        return float(self.end.hour * 60 + self.end.minute - start)


class Session(_Event):
    """A bargaining session at the table."""

    type: Literal["session"]
    attendees: tuple[str, ...] = ()
    hours: float | None = Field(None, gt=0, le=48)
    caucuses: tuple[Caucus, ...] = ()
    articles: tuple[str, ...] = Field((), description="articles discussed (all, when empty)")
    place: str | None = None


class ProposalPassed(_Event):
    type: Literal["proposal_passed"]
    proposal: str = Field(description="id of a proposal of the case")


class Counter(_Event):
    type: Literal["counter"]
    proposal: str = Field(description="id of the counterproposal")
    answers: str = Field(description="id of the proposal it answers")


class NoCounter(_Event):
    """A proposal answered without a counterproposal (e.g. struck out, or simply rejected)."""

    type: Literal["no_counter"]
    proposal: str = Field(description="id of the proposal that got no counter")


class TentativeAgreement(_Event):
    """An article initialed by both sides, with the language they initialed and the proposal whose costed
    terms for that article come with it."""

    type: Literal["tentative_agreement"]
    article: str
    initialed_by: tuple[str, ...] = ()
    reopenable: bool = Field(
        True, description="initialed items may still be revised until the whole contract is agreed"
    )
    text: str | None = Field(None, max_length=MAX_ARTICLE_CHARS, description="the article as initialed")
    proposal: str | None = Field(None, description="the proposal whose terms for this article were agreed")


class Withdrawn(_Event):
    """A side withdraws an article from the table, or one of its proposals."""

    type: Literal["withdrawn"]
    article: str | None = None
    proposal: str | None = None

    @model_validator(mode="after")
    def _what(self) -> Withdrawn:
        if self.article is None and self.proposal is None:
            raise ValueError("give the article or the proposal withdrawn")
        return self


class BallotResult(_Event):
    """A members' ballot's totals, recorded when the union publishes them (``bargain ballot results
    --publish``): the tally only, never who voted how."""

    type: Literal["ballot_result"]
    ballot: int = Field(ge=1, description="the ballot's number in the database")
    kind: Literal["strike_authorization", "ratification"]
    question: str = Field(min_length=1, max_length=2000)
    choices: tuple[str, ...] = Field(min_length=2)
    votes: tuple[int, ...] = Field(min_length=2, description="votes per choice, in the choices' order")
    eligible: int = Field(ge=1, description="members eligible to vote")
    threshold: str | None = None
    passed: bool | None = None

    @model_validator(mode="after")
    def _tally(self) -> BallotResult:
        if len(self.votes) != len(self.choices) or any(v < 0 for v in self.votes):
            raise ValueError("votes: one count of zero or more per choice")
        if sum(self.votes) > self.eligible:
            raise ValueError(f"{sum(self.votes)} votes cast but only {self.eligible} members eligible")
        return self


class Statement(_Event):
    """A press release, public letter or other public statement by one party."""

    type: Literal["statement"]
    kind: Literal["press_release", "public_letter", "other"] = "press_release"
    summary: str
    link: str | None = None


Event = Annotated[
    Session
    | ProposalPassed
    | Counter
    | NoCounter
    | TentativeAgreement
    | Withdrawn
    | Statement
    | BallotResult
    | ImpasseDeclared
    | ImpasseRequestFiled
    | ImpasseCertified
    | ImpasseRejected
    | MediationRequested
    | MediationStarted
    | MediationSession
    | MediationEnded
    | FactfindingRequested
    | FactfindingPanelAppointed
    | FactfindingHearing
    | FactfindingReport
    | FactfindingReportPublic
    | StrikeNotice
    | StrikeVote
    | InterventionRequested
    | InterventionDeclined
    | InterventionAccepted
    | InterventionEnded
    | StrikeStarted
    | StrikeEnded
    | Imposed
    | Settlement
    | Ratified
    | BoardApproved
    | DisclosurePublished
    | ContractExpired
    | UnfairPracticeCharge
    | LastBestFinalOffer
    | ProceduresExhausted
    | LimitWaived,
    Field(discriminator="type"),
]
EVENT_MODELS: tuple[type[BaseModel], ...] = tuple(get_args(get_args(Event)[0]))

EventList: TypeAdapter[tuple[Event, ...]] = TypeAdapter(tuple[Event, ...])


def parse_events(raw: Iterable[Mapping[str, Any]]) -> tuple[Event, ...]:
    """Typed events from a raw ``events:`` list, every one of them (superseded ones included)."""
    return EventList.validate_python(tuple(raw))


def current_record(events: Sequence[Event]) -> tuple[Event, ...]:
    """The record is append-only: a correction is a later event naming the one it ``supersedes``. The
    current record leaves superseded events out; the full history stays in the list (and the database).
    """
    replaced = {event.supersedes for event in events if event.supersedes is not None}
    return tuple(event for number, event in enumerate(events, start=1) if number not in replaced)


def supersede_problem(target: int, number: int, superseded_by: Mapping[int, int]) -> str | None:
    """Why event ``number`` (1-based) may not supersede event ``target`` (None when it may): the one rule
    for the case file, the database and a new event alike.

    Only an earlier event may be superseded, and each at most once, so that the record has one current
    version of everything.
    """
    if not 1 <= target < number:
        if number == 1:
            return "the first event has no earlier event to supersede"
        return (
            f"event {number} cannot supersede event {target}: only an earlier event"
            f" (expected a number from 1 to {number - 1})"
        )
    if target in superseded_by:
        later = superseded_by[target]
        return f"event {target} is already superseded by event {later}; supersede {later} instead"
    return None


def proposal_refs(event: BaseModel) -> tuple[tuple[str, str], ...]:
    """(key, proposal id) pairs an event refers to, so a loader can check they exist."""
    refs = []
    for key in ("proposal", "answers"):
        value = getattr(event, key, None)
        if isinstance(value, str):
            refs.append((key, value))
    return tuple(refs)
