"""Cases as the web sees them: loaded from the workspace database, costed once per version of the record.

A case is rebuilt from its stored files plus the events recorded since import (storage.stored_case,
``load_case`` reading from memory) and costed with the costing engine: the very functions the CLI uses.
The result is cached per (case, head of the event chain), so a new event invalidates it and nothing else does.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bargaining.budget import PublicDisclosure, public_disclosure
from bargaining.costing import CostContext, ProposalCost, StatusQuo, cost_proposal, status_quo
from bargaining.inputs import PackError, resolve_pack
from bargaining.model import Case, Event, PartyPreferences, Preferences, Proposal, Side
from bargaining.process import ProcessStatus, run
from bargaining.report import ResolvedPack, StatusParts, resolved_pack, status_parts
from bargaining.storage import Engine, StorageError, Version, accounts, case_list, case_version, stored_case

T = TypeVar("T")
MEMO_SIZE = 256


class NotFound(Exception):
    """A case, proposal or item that does not exist (or that this viewer may not know exists)."""


@dataclass(frozen=True)
class Loaded:
    case: Case
    ctx: CostContext
    costs: dict[str, ProposalCost]
    status_quo: StatusQuo
    events: tuple[Event, ...]
    resolved: ResolvedPack  # the case's rule pack and the warning if it fell back to the generic one
    version: tuple[int, str, tuple[int, int]]  # events, head hash, (table proposals, blind outcomes)
    # Results per day asked for: the record only changes with a new version, which is a new Loaded.
    memo: dict[tuple[str, Any], Any] = field(default_factory=dict, compare=False, repr=False)
    # One lock per key being built: requests that want a result another thread is building wait for it
    # instead of building it again (a mediation room's analysis takes about a second of CPU; twenty
    # mediators arriving together used to build it twenty times at once).
    building: dict[tuple[str, Any], threading.RLock] = field(default_factory=dict, compare=False, repr=False)
    guard: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def cached(self, key: tuple[str, Any], build: Callable[[], T]) -> T:
        """``build()`` once per version of the record and key (a page's document, a walk for a day), by
        one thread at a time. The memo is emptied when it holds MEMO_SIZE results, so stepping through
        dates cannot fill memory."""
        try:
            found: T = self.memo[key]
            return found
        except KeyError:
            pass
        with self.guard:
            lock = self.building.setdefault(key, threading.RLock())
        with lock:
            if key in self.memo:
                found = self.memo[key]
                return found
            found = build()
            with self.guard:
                if len(self.memo) >= MEMO_SIZE:
                    self.memo.clear()
                self.memo[key] = found
                self.building.pop(key, None)
        return found

    def proposal(self, proposal_id: str) -> Proposal:
        for proposal in self.case.proposals:
            if proposal.id == proposal_id:
                return proposal
        raise NotFound(f"no proposal {proposal_id!r} in case {self.case.id!r}")

    @property
    def preferences(self) -> Preferences | None:
        return self.case.preferences

    def disclosure(self, proposal: Proposal) -> PublicDisclosure:
        """Section A of the proposal's public disclosure (``budget.public_disclosure``), once per version."""
        return self.cached(
            ("disclosure", proposal.id),
            lambda: public_disclosure(self.case, proposal, ctx=self.ctx, with_budget=False),
        )

    def process(self, as_of: dt.date) -> ProcessStatus:
        return self.cached(
            ("process", as_of), lambda: run(self.resolved[0], self.events, as_of, self.case.contract_expires)
        )

    def status(self, as_of: dt.date) -> StatusParts:
        """The process walk, article ledger, movement and warnings (report.status), priced from the cache."""
        originals = {p.id: p for p in self.case.proposals}

        def price(proposal: Proposal) -> float:
            # Movement prices each item's terms alone under the proposal's id: the cache holds whole
            # proposals only.
            known = originals.get(proposal.id)
            if known is not None and known.terms == proposal.terms:
                return self.costs[proposal.id].total
            return cost_proposal(self.ctx, proposal).total

        return self.cached(
            ("status", as_of), lambda: status_parts(self.case, as_of, self.resolved, price=price)
        )


class Workspace:
    """The database behind the web app, with the cache of loaded cases."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache: dict[str, Loaded] = {}
        self._known: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def case_list(self) -> list[dict[str, str]]:
        found = case_list(self.engine)
        self._known = frozenset(c["id"] for c in found)
        return found

    def exists(self, case_id: str) -> bool:
        """Whether the case is in the workspace. Cases are never removed, so only an id not seen yet is
        looked up again (another process may have imported it since)."""
        return case_id in self._known or case_id in {c["id"] for c in self.case_list()}

    def _version(self, case_id: str) -> Version:
        found = case_version(self.engine, case_id)
        if found is None:
            raise NotFound(f"no case {case_id!r}")
        return found

    def load(self, case_id: str, version: Version | None = None) -> Loaded:
        """The case as of ``version`` (asked of the database when not given: a version the caller read
        just now, in the same request, saves asking again)."""
        version = version if version is not None else self._version(case_id)
        cached = self._cache.get(case_id)
        if cached is not None and cached.version == version:
            return cached
        with self._lock:
            cached = self._cache.get(case_id)
            if cached is not None and cached.version == version:
                return cached
            loaded = self._build(case_id, version)
            self._cache[case_id] = loaded
            return loaded

    def _build(self, case_id: str, version: tuple[int, str, tuple[int, int]]) -> Loaded:
        case, errors = stored_case(self.engine, case_id)
        if case is None:
            raise StorageError(
                f"case {case_id!r} no longer loads: {errors[0] if errors else 'unknown error'}"
            )
        ctx = CostContext.of(case)
        costs = {p.id: cost_proposal(ctx, p) for p in case.proposals}
        try:
            resolved = resolved_pack(case, *resolve_pack(case.jurisdiction))
        except PackError as broken:
            raise StorageError(f"case {case_id!r}: {broken}: {'; '.join(broken.messages)}") from None
        return Loaded(case, ctx, costs, status_quo(ctx), case.record, resolved, version)


def party_preferences_document(found: PartyPreferences) -> dict[str, Any]:
    return {
        "side": found.side,
        "reservation": found.reservation,
        "weights": dict(found.weights),
        "curves": {name: {"xs": list(c.xs), "scores": list(c.scores)} for name, c in found.curves},
        "limits": dict(found.limits),
        "bottom_lines": {name: list(bids) for name, bids in found.bottom_lines},
        "discount_rate": found.discount_rate,
    }


def space_document(prefs: Preferences) -> dict[str, Any]:
    return {
        "valued_on": prefs.valued_on.isoformat() if prefs.valued_on else None,
        "issues": [
            {"name": i.name, "term": i.term, "field": i.field, "options": [i.show(v) for v in i.options]}
            for i in prefs.space.issues
        ],
        "packages": prefs.space.size,
    }


def preferences_shared(workspace: Workspace, loaded: Loaded, side: Side) -> bool:
    """Whether a side's preferences reach the mediator: the team's choice in the workbench, or, until it
    makes one, the case file's ``share_with_mediator``."""
    prefs = loaded.preferences
    part = prefs.of(side) if prefs is not None else None
    if part is None:
        return False
    chosen = accounts.share_choice(workspace.engine, loaded.case.id, side, "preferences")
    return part.share_with_mediator if chosen is None else chosen


def moderation(workspace: Workspace, loaded: Loaded) -> dict[str, Any]:
    return {
        "case": loaded.case.id,
        "title": loaded.case.title,
        "reports": [
            {
                "id": r.id,
                "reason": r.reason,
                "reporter": r.reporter,
                "comment": {
                    "id": r.comment.id,
                    "author": r.comment.author,
                    "text": r.comment.text,
                    "proposal": r.comment.proposal_id,
                },
            }
            for r in accounts.moderation_queue(workspace.engine, loaded.case.id)
        ],
    }
