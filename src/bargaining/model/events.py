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
from bargaining.model.limits import Day

EventType = Literal[
    "session",
    "proposal_passed",
    "counter",
    "no_counter",
    "tentative_agreement",
    "withdrawn",
    "statement",
    "impasse_declared",
    "impasse_certified",
    "impasse_rejected",
    "mediation_requested",
    "mediation_started",
    "mediation_session",
    "mediation_ended",
    "factfinding_requested",
    "factfinding_panel_appointed",
    "factfinding_hearing",
    "factfinding_report",
    "factfinding_report_public",
    "strike_notice",
    "strike_vote",
    "intervention_requested",
    "intervention_declined",
    "intervention_accepted",
    "intervention_ended",
    "strike_started",
    "strike_ended",
    "imposed",
    "settlement",
    "ratified",
    "board_approved",
    "disclosure_published",
    "contract_expired",
    "limit_waived",
]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)

Share = Annotated[float, Field(ge=0, le=1, description="a share between 0 and 1 (0.9 = 90%)")]


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    date: Day
    by: Actor | None = Field(
        None, description="who acted: employer, union, both, mediator, factfinder, agency"
    )
    note: str | None = None
    source: str | None = Field(None, description="where the fact comes from (URL or citation)")
    approximate: bool = Field(False, description="the date is known only roughly")
    supersedes: int | None = Field(
        None, ge=1, description="number (1-based) of an earlier event in the list that this one corrects"
    )


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
    """An article initialed by both sides."""

    type: Literal["tentative_agreement"]
    article: str
    initialed_by: tuple[str, ...] = ()
    reopenable: bool = Field(
        True, description="initialed items may still be revised until the whole contract is agreed"
    )


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


class Statement(_Event):
    """A press release, public letter or other public statement by one party."""

    type: Literal["statement"]
    kind: Literal["press_release", "public_letter", "other"] = "press_release"
    summary: str
    link: str | None = None


class _Plain(_Event):
    """Process steps that need nothing beyond the common keys."""


class ImpasseDeclared(_Plain):
    type: Literal["impasse_declared"]


class ImpasseCertified(_Plain):
    type: Literal["impasse_certified"]


class ImpasseRejected(_Plain):
    type: Literal["impasse_rejected"]


class MediationRequested(_Plain):
    type: Literal["mediation_requested"]


class MediationStarted(_Event):
    type: Literal["mediation_started"]
    mediator: str | None = None


class MediationSession(_Event):
    type: Literal["mediation_session"]
    mediator: str | None = None
    hours: float | None = Field(None, gt=0, le=48)
    articles: tuple[str, ...] = ()


class MediationEnded(_Event):
    type: Literal["mediation_ended"]
    factfinding_certified: bool | None = Field(
        None, description="the mediator declared factfinding appropriate (California)"
    )


class FactfindingRequested(_Plain):
    type: Literal["factfinding_requested"]


class FactfindingPanelAppointed(_Event):
    type: Literal["factfinding_panel_appointed"]
    chair: str | None = None
    members: tuple[str, ...] = ()


class FactfindingHearing(_Event):
    type: Literal["factfinding_hearing"]
    hours: float | None = Field(None, gt=0, le=48)


class FactfindingReport(_Event):
    type: Literal["factfinding_report"]
    proposal: str | None = Field(None, description="the recommendation, as a proposal of the case")
    summary: str | None = None


class FactfindingReportPublic(_Event):
    type: Literal["factfinding_report_public"]
    link: str | None = None


class StrikeNotice(_Event):
    type: Literal["strike_notice"]
    strike_date: Day | None = Field(None, description="the first strike day the notice names")


class StrikeVote(_Event):
    type: Literal["strike_vote"]
    share_in_favour: Share | None = None
    turnout: Share | None = None


class InterventionRequested(_Plain):
    type: Literal["intervention_requested"]


class InterventionDeclined(_Plain):
    type: Literal["intervention_declined"]


class InterventionAccepted(_Plain):
    type: Literal["intervention_accepted"]


class InterventionEnded(_Plain):
    """The state agency's final determination, or its relinquishing jurisdiction."""

    type: Literal["intervention_ended"]


class StrikeStarted(_Event):
    type: Literal["strike_started"]
    participation: Share | None = None


class StrikeEnded(_Plain):
    type: Literal["strike_ended"]


class Imposed(_Event):
    """The employer imposes its last, best and final offer."""

    type: Literal["imposed"]
    proposal: str | None = Field(None, description="the offer imposed, as a proposal of the case")


class Settlement(_Event):
    """Tentative agreement on the whole contract."""

    type: Literal["settlement"]
    proposal: str | None = Field(None, description="the agreement, as a proposal of the case")


class Ratified(_Event):
    type: Literal["ratified"]
    share_in_favour: Share | None = None


class BoardApproved(_Event):
    type: Literal["board_approved"]
    vote: str | None = Field(None, description="the board's vote, e.g. 6-0")


class DisclosurePublished(_Event):
    """The public disclosure of the agreement's costs (California: GC 3547.5)."""

    type: Literal["disclosure_published"]
    link: str | None = None


class ContractExpired(_Plain):
    type: Literal["contract_expired"]


class LimitWaived(_Event):
    """The parties extend a waivable time limit (LAUSD 2018: the factfinding report, by three days)."""

    type: Literal["limit_waived"]
    event: EventType = Field(description="the step whose time limit is extended")
    until: Day


Event = Annotated[
    Session
    | ProposalPassed
    | Counter
    | NoCounter
    | TentativeAgreement
    | Withdrawn
    | Statement
    | ImpasseDeclared
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
