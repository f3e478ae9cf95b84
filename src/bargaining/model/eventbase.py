"""The keys every event has, and the names of the event types (``bargaining.model.events`` holds the
union of them all)."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

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
    "impasse_request_filed",
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
    "unfair_practice_charge",
    "last_best_final_offer",
    "procedures_exhausted",
    "ballot_result",
    "limit_waived",
]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)

Share = Annotated[float, Field(ge=0, le=1, description="a share between 0 and 1 (0.9 = 90%)")]


class EventBase(BaseModel):
    """The keys every event has."""

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
