"""The events of the impasse procedure: declaring and certifying an impasse, mediation, factfinding,
strike, intervention, imposition, settlement and what follows, and the charges and offers the procedure
turns on. The rule pack (``bargaining.model.packs``) says what each does in a jurisdiction.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from bargaining.model.actors import Side
from bargaining.model.eventbase import EventBase, EventType, Share
from bargaining.model.limits import Day


class _Plain(EventBase):
    """Process steps that need nothing beyond the common keys."""


class ImpasseDeclared(_Plain):
    type: Literal["impasse_declared"]


class ImpasseRequestFiled(_Plain):
    """The written request for an impasse determination, dated the day the agency received it (California:
    PERB, 8 CCR 32792; its 5 working days run from here)."""

    type: Literal["impasse_request_filed"]


class ImpasseCertified(_Plain):
    type: Literal["impasse_certified"]


class ImpasseRejected(_Plain):
    type: Literal["impasse_rejected"]


class MediationRequested(_Plain):
    type: Literal["mediation_requested"]


class MediationStarted(EventBase):
    type: Literal["mediation_started"]
    mediator: str | None = None
    appointed: Day | None = Field(
        None, description="the day the mediator was appointed, when before the first session"
    )

    @model_validator(mode="after")
    def _appointed_first(self) -> MediationStarted:
        if self.appointed is not None and self.appointed > self.date:
            raise ValueError(f"the mediator's appointment ({self.appointed}) comes after mediation began")
        return self


class MediationSession(EventBase):
    type: Literal["mediation_session"]
    mediator: str | None = None
    hours: float | None = Field(None, gt=0, le=48)
    articles: tuple[str, ...] = ()


class MediationEnded(EventBase):
    type: Literal["mediation_ended"]
    factfinding_certified: bool | None = Field(
        None, description="the mediator declared factfinding appropriate (California)"
    )


class FactfindingRequested(_Plain):
    type: Literal["factfinding_requested"]


class FactfindingPanelAppointed(EventBase):
    type: Literal["factfinding_panel_appointed"]
    chair: str | None = None
    members: tuple[str, ...] = ()


class FactfindingHearing(EventBase):
    type: Literal["factfinding_hearing"]
    hours: float | None = Field(None, gt=0, le=48)


class FactfindingReport(EventBase):
    type: Literal["factfinding_report"]
    proposal: str | None = Field(None, description="the recommendation, as a proposal of the case")
    summary: str | None = None


class FactfindingReportPublic(EventBase):
    type: Literal["factfinding_report_public"]
    link: str | None = None


class StrikeNotice(EventBase):
    type: Literal["strike_notice"]
    strike_date: Day | None = Field(None, description="the first strike day the notice names")


class StrikeVote(EventBase):
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


class StrikeStarted(EventBase):
    type: Literal["strike_started"]
    participation: Share | None = None


class StrikeEnded(_Plain):
    type: Literal["strike_ended"]


class Imposed(EventBase):
    """The employer imposes its last, best and final offer."""

    type: Literal["imposed"]
    proposal: str | None = Field(None, description="the offer imposed, as a proposal of the case")


class Settlement(EventBase):
    """Tentative agreement on the whole contract."""

    type: Literal["settlement"]
    proposal: str | None = Field(None, description="the agreement, as a proposal of the case")
    term_start: Day | None = Field(None, description="the first day of the new agreement")
    term_end: Day | None = Field(None, description="the last day of the new agreement")

    @model_validator(mode="after")
    def _term(self) -> Settlement:
        if (self.term_start is None) != (self.term_end is None):
            raise ValueError("give both term_start and term_end, or neither")
        if self.term_start is not None and self.term_end is not None and self.term_end <= self.term_start:
            raise ValueError(f"term_end ({self.term_end}) must come after term_start ({self.term_start})")
        return self


class Ratified(EventBase):
    type: Literal["ratified"]
    share_in_favour: Share | None = None


class BoardApproved(EventBase):
    """The board adopts the agreement. Also written ``board_adopted`` (issue 16's name), read as the same
    step so that the rule packs and the record know one event."""

    type: Literal["board_approved", "board_adopted"]
    vote: str | None = Field(None, description="the board's vote, e.g. 6-0")

    @field_validator("type")
    @classmethod
    def _one_name(cls, value: str) -> str:
        return "board_approved"


class DisclosurePublished(EventBase):
    """The public disclosure of the agreement's costs (California: GC 3547.5)."""

    type: Literal["disclosure_published"]
    link: str | None = None


class ContractExpired(_Plain):
    type: Literal["contract_expired"]


class UnfairPracticeCharge(EventBase):
    """A side (``by``) charges the other with an unfair practice; the rule pack says what a charge does to
    the strike presumption and to whether an impasse exists."""

    type: Literal["unfair_practice_charge"]
    against: Side = Field(description="the side charged")
    allegation: str = Field(min_length=1, max_length=2000, description="what the charge alleges")
    case_number: str | None = Field(None, max_length=80)
    link: str | None = None

    @model_validator(mode="after")
    def _not_against_itself(self) -> UnfairPracticeCharge:
        if self.by == self.against:
            raise ValueError(f"the {self.by} cannot charge itself; against names the other side")
        return self


class LastBestFinalOffer(EventBase):
    """The employer's last, best and final offer: all it may impose once procedures are exhausted."""

    type: Literal["last_best_final_offer"]
    proposal: str | None = Field(None, description="the offer, as a proposal of the case")


class ProceduresExhausted(_Plain):
    """A determination that the impasse procedures are exhausted without a later step (California: nobody
    requested factfinding after mediation failed)."""

    type: Literal["procedures_exhausted"]


class LimitWaived(EventBase):
    """The parties extend a waivable time limit (LAUSD 2018: the factfinding report, by three days)."""

    type: Literal["limit_waived"]
    event: EventType = Field(description="the step whose time limit is extended")
    until: Day
