"""Where a fact comes from: a title, a link, a date."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bargaining.model.limits import Day


class Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    title: str
    url: str | None = None
    date: Day | None = None
    note: str | None = None
