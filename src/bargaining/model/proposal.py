"""The parties and the proposals they pass: a package of terms, by one side, on one date."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bargaining.model.actors import PartyRole
from bargaining.model.limits import MAX_TERMS, Count, Day
from bargaining.model.terms import Term


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Party(_Frozen):
    name: str
    short: str
    members: Count | None = Field(None, description="represented members (union only)")


class Proposal(_Frozen):
    """A package of terms passed by one side on one date."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    party: PartyRole
    date: Day
    title: str | None = None
    answers: str | None = Field(None, description="id of the proposal this one counters")
    unit: str | None = Field(None, description="the bargaining unit it is for (default: the case's only one)")
    terms: tuple[Term, ...] = Field((), max_length=MAX_TERMS)
    source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _not_its_own_answer(self) -> Proposal:
        if self.answers is not None and self.answers == self.id:
            raise ValueError(
                f"proposal {self.id!r} cannot answer itself; answers names the proposal it counters"
            )
        return self
