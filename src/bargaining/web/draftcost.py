"""A side's drafts costed for its team room and, when shared, for the mediator.

A draft has no date of its own until it is passed at the table. It is costed as if passed on the day the
page stands on (``draft_day``): the replayed day, else today while the case's horizon runs, else the last
day of its record. Dated on the day it was written, a draft of a settled dispute (LAUSD 2019, seen in
2026) fell after the horizon: every term counted as back pay, and the page said "$0 ongoing".
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import ValidationError

from bargaining.costing import cost_proposal
from bargaining.model import Proposal, pydantic_problems
from bargaining.report import proposal_document, terms_document
from bargaining.storage import accounts
from bargaining.web.casedata import Loaded


def draft_day(loaded: Loaded, as_of: dt.date | None = None, today: dt.date | None = None) -> dt.date:
    """The day a draft is costed on, and passed on by default: ``as_of`` in a replay; else today, unless
    today is past the horizon's last day, when it is the record's last day (the latest proposal or event,
    never past the horizon)."""
    if as_of is not None:
        return as_of
    today = today or dt.date.today()
    calendar = loaded.case.calendar
    end = calendar.year_start(calendar.last_year + 1) - dt.timedelta(days=1)
    if today <= end:
        return today
    known = [p.date for p in loaded.case.proposals] + [e.date for e in loaded.events]
    return min(max(known, default=end), end)


def draft_proposal(draft: accounts.Draft, day: dt.date) -> Proposal:
    return Proposal.model_validate(
        {
            "id": f"draft-{draft.ref}",
            "party": draft.party,
            "date": day,
            "title": draft.title,
            "terms": draft.terms,
            "unit": draft.unit,
        }
    )


def draft_document(loaded: Loaded, draft: accounts.Draft, day: dt.date) -> dict[str, Any]:
    """A draft costed once per version of the record, of the draft and per day: drafts can be edited
    (issue 15), so the key holds the title and terms, not the id alone."""
    terms = json.dumps(draft.terms, sort_keys=True, default=str)
    key = ("draft", (draft.id, draft.title, terms, draft.unit, day))
    document = loaded.cached(key, lambda: _costed(loaded, draft, day))
    return {**document, "shared_with_mediator": draft.shared_with_mediator}


def _costed(loaded: Loaded, draft: accounts.Draft, day: dt.date) -> dict[str, Any]:
    try:
        proposal = draft_proposal(draft, day)
    except ValidationError as exc:
        # Saved under an older format or for terms this case cannot cost: show why, keep the page up.
        found = pydantic_problems(exc, {"terms": draft.terms})
        return {
            "draft_id": draft.ref,
            "title": draft.title,
            "terms": draft.terms,
            "described": terms_document(draft.terms),
            "shared_with_mediator": draft.shared_with_mediator,
            "problems": [f"{p.key}: {p.message}" for p in found],
            "years": [],
            "total": None,
            "ongoing": None,
            "costed_on": day.isoformat(),
        }
    document = proposal_document(cost_proposal(loaded.ctx, proposal))
    document.update(
        draft_id=draft.ref,
        shared_with_mediator=draft.shared_with_mediator,
        terms=draft.terms,
        described=terms_document(proposal.terms),
        problems=[],
        costed_on=day.isoformat(),
    )
    return document
