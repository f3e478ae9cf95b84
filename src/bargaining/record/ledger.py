"""The tentative-agreement ledger: each article open, tentatively agreed (with its date) or withdrawn.

Ground rules differ on initialed items (domain C): either party may revise them until the whole contract
is agreed ("nothing is agreed until everything is agreed"; ``reopenable: true``, the default), or they are
closed to further discussion. A proposal that touches a closed item is flagged ``closed_item_reopened``.
A settlement is a tentative agreement on the whole contract: every open article is agreed with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bargaining.model import SIDES, Event, Proposal, Session, Settlement, TentativeAgreement, Withdrawn
from bargaining.record.units import item_of

OPEN, AGREED, WITHDRAWN = "open", "tentatively_agreed", "withdrawn"


@dataclass(frozen=True)
class Article:
    name: str
    status: str  # open, tentatively_agreed or withdrawn
    since: dt.date | None
    reopenable: bool | None  # for agreed articles: whether the ground rules let a side reopen it
    history: tuple[tuple[dt.date, str], ...]  # (date, what happened)


@dataclass(frozen=True)
class LedgerWarning:
    code: str
    date: dt.date
    message: str


@dataclass(frozen=True)
class Ledger:
    articles: tuple[Article, ...]
    warnings: tuple[LedgerWarning, ...]

    def counts(self) -> dict[str, int]:
        found = {OPEN: 0, AGREED: 0, WITHDRAWN: 0}
        for article in self.articles:
            found[article.status] += 1
        return found


@dataclass
class _Entry:
    status: str
    since: dt.date
    reopenable: bool | None = None
    history: list[tuple[dt.date, str]] = field(default_factory=list)


def ledger(proposals: Sequence[Proposal], events: Sequence[Event], as_of: dt.date) -> Ledger:
    """The articles' status on ``as_of`` from the proposals that touch them and the TA/withdrawn events."""
    happenings: list[tuple[dt.date, int, Proposal | Event]] = []
    for order, proposal in enumerate(proposals):
        if proposal.party in SIDES and proposal.date <= as_of:
            happenings.append((proposal.date, order, proposal))
    for order, event in enumerate(events):
        if event.date <= as_of:
            happenings.append((event.date, len(proposals) + order, event))
    happenings.sort(key=lambda h: (h[0], h[1]))
    state: dict[str, _Entry] = {}
    warnings: list[LedgerWarning] = []

    def touch(name: str, day: dt.date, what: str) -> _Entry:
        entry = state.setdefault(name, _Entry(OPEN, day))
        entry.history.append((day, what))
        return entry

    for day, _, thing in happenings:
        if isinstance(thing, Proposal):
            for name in sorted({item_of(t) for t in thing.terms if t.article}):
                entry = state.get(name)
                if entry is not None and entry.status == AGREED:
                    if entry.reopenable:
                        entry.status, entry.since, entry.reopenable = OPEN, day, None
                        touch(name, day, f"reopened by the {thing.party} ({thing.id})")
                        continue
                    warnings.append(
                        LedgerWarning(
                            "closed_item_reopened",
                            day,
                            f"{thing.id} ({thing.party}) touches {name}, initialed on {entry.since} "
                            "and closed to further discussion",
                        )
                    )
                touch(name, day, f"{thing.party} proposal {thing.id}")
        elif isinstance(thing, TentativeAgreement):
            entry = touch(thing.article, day, "tentatively agreed")
            entry.status, entry.since, entry.reopenable = AGREED, day, thing.reopenable
        elif isinstance(thing, Withdrawn) and thing.article is not None:
            entry = touch(thing.article, day, f"withdrawn by the {thing.by or 'parties'}")
            entry.status, entry.since = WITHDRAWN, day
        elif isinstance(thing, Session):
            for name in thing.articles:
                touch(name, day, "discussed at a session")
        elif isinstance(thing, Settlement):
            for entry in state.values():
                if entry.status == OPEN:
                    entry.status, entry.since, entry.reopenable = AGREED, day, False
                    entry.history.append((day, "agreed in the settlement"))
    articles = tuple(
        Article(name, e.status, e.since, e.reopenable if e.status == AGREED else None, tuple(e.history))
        for name, e in sorted(state.items())
    )
    return Ledger(articles, tuple(warnings))
