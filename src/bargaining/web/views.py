"""The data of every page, as JSON-ready documents filtered by the access policy.

The HTML pages render these documents and the API returns them as they are, so both obey the same rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from pydantic import ValidationError

from bargaining.costing import compare
from bargaining.inputs import YamlProblem, load_value
from bargaining.model import SIDES, Problem, Proposal, pydantic_problems
from bargaining.process import ProcessStatus, run
from bargaining.record import TOTAL
from bargaining.report import (
    cost_disclosure_document,
    cost_document,
    gap_document,
    movement_document,
    process_document,
    proposal_document,
    status_document,
    terms_document,
    timeline_document,
)
from bargaining.storage import accounts, fairuse, notes_for
from bargaining.web import policy
from bargaining.web.casedata import (
    Loaded,
    NotFound,
    Workspace,
    party_preferences_document,
    space_document,
)
from bargaining.web.casedata import moderation as moderation
from bargaining.web.casedata import preferences_shared as preferences_shared
from bargaining.web.draftcost import draft_document
from bargaining.web.policy import Viewer


class Invalid(Exception):
    """Input a form or the API refused, with every problem found (each naming the field)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def public_record(loaded: Loaded) -> policy.PublicRecord:
    """What the public sees of this case's record (``policy.public_record``, the one rule)."""
    return loaded.cached(
        ("public_record", None), lambda: policy.public_record(loaded.events, loaded.case.proposals)
    )


def public_seqs(loaded: Loaded) -> set[int]:
    """The numbers (1, 2, ...) of the stored events the public sees: their places in the case's events."""

    def build() -> set[int]:
        shown = {id(e) for e in public_record(loaded).events}
        return {number for number, e in enumerate(loaded.case.events, start=1) if id(e) in shown}

    return loaded.cached(("public_seqs", None), build)


def public_ids(loaded: Loaded, as_of: dt.date | None = None) -> set[str]:
    """The proposals the public may read: today, or as the record stood on ``as_of`` (a replay)."""
    if as_of is None:
        return set(public_record(loaded).proposals)

    def build() -> set[str]:
        known = loaded.case.known_on(as_of)
        return set(policy.public_record(known.events, known.proposals).proposals)

    return loaded.cached(("public_ids", as_of), build)


def public_process(loaded: Loaded, as_of: dt.date) -> ProcessStatus:
    """The procedure walked over the public record only: a private event (a waiver of a time limit, the
    factfinding report before it is public) must neither move a deadline the public sees nor date itself
    by changing the public state."""
    return loaded.cached(
        ("public_process", as_of),
        lambda: run(loaded.resolved[0], public_record(loaded).events, as_of, loaded.case.contract_expires),
    )


def visible_proposals(loaded: Loaded, viewer: Viewer, as_of: dt.date | None = None) -> list[Proposal]:
    """The proposals this viewer may open; on ``as_of`` (a replay), those made by then that they could
    open then."""
    shown = public_ids(loaded, as_of)
    return [
        p
        for p in loaded.case.proposals
        if (as_of is None or p.date <= as_of) and policy.proposal_visible(viewer, p.id, shown)
    ]


def timeline(loaded: Loaded, viewer: Viewer) -> list[dict[str, Any]]:
    """The `bargain timeline` rows this viewer may see. For the public the process walks the public events
    only (S6): the state a public row says is never shaped by a private step before it."""

    def build() -> list[dict[str, Any]]:
        record = public_record(loaded)
        shown = set(record.proposals)
        rows = timeline_document(
            loaded.case,
            loaded.resolved,
            keep_event=lambda e: policy.event_visible(viewer, e, record),
            keep_proposal=lambda p: policy.proposal_visible(viewer, p.id, shown),
            walk=None if viewer.at_table else record.events,
        )
        if not viewer.at_table:
            # A warning may speak of events the public does not see.
            rows = [dict(row, warnings=[]) for row in rows]
        return rows

    return loaded.cached(("timeline", viewer.at_table), build)


# What the public sees of the status document: where the case stands, its deadlines, the expiry.
PUBLIC_STATUS = (
    "case",
    "as_of",
    "pack",
    "state",
    "step",
    "label",
    "since",
    "deadlines",
    "days_to_expiration",
    "contract_expires",
)


def dashboard(loaded: Loaded, viewer: Viewer, as_of: dt.date) -> dict[str, Any]:
    """The `bargain status` document (report.status): whole for the parties and the mediator, the
    process state and deadlines for the public; with the timeline this viewer may see. Built once per
    version of the record, day and kind of viewer (at the table or not)."""
    case = loaded.case

    def build() -> dict[str, Any]:
        if viewer.at_table:
            status = status_document(case, as_of, loaded.status(as_of))
        else:
            document = process_document(case, as_of, public_process(loaded, as_of))
            status = {k: document[k] for k in PUBLIC_STATUS}
        shown = [row for row in timeline(loaded, viewer) if row["date"] <= as_of.isoformat()]
        status.update(title=case.title, jurisdiction=case.jurisdiction, timeline=shown)
        return status

    return {**loaded.cached(("dashboard", (as_of, viewer.at_table)), build), "role": viewer.role}


def proposals(
    loaded: Loaded, viewer: Viewer, a: str | None, b: str | None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Visible proposals side by side with their costs by year, and the gap between two of them (built
    once per version of the record, kind of viewer, pair and replayed day)."""
    return loaded.cached(
        ("proposals", (viewer.at_table, a, b, as_of)), lambda: _proposals(loaded, viewer, a, b, as_of)
    )


def _proposals(
    loaded: Loaded, viewer: Viewer, a: str | None, b: str | None, as_of: dt.date | None
) -> dict[str, Any]:
    shown = visible_proposals(loaded, viewer, as_of)
    ids = [p.id for p in shown]
    for chosen in (a, b):
        if chosen is not None and chosen not in ids:
            raise NotFound(f"no proposal {chosen!r} in case {loaded.case.id!r}")
    costs = [loaded.costs[p.id] for p in shown]
    document = cost_document(loaded.ctx, costs, loaded.status_quo, [loaded.disclosure(p) for p in shown])
    for item, proposal in zip(document["proposals"], shown, strict=True):
        item["terms"] = [t.model_dump(mode="json", exclude_none=True) for t in proposal.terms]
        item["described"] = terms_document(proposal.terms)
    visible = dataclasses.replace(loaded.case, proposals=tuple(shown))  # last offers among what is shown
    sides = {side: found.id for side in SIDES if (found := visible.last_offer(side)) is not None}
    first = a or sides.get("employer") or (ids[0] if ids else None)
    second = b or sides.get("union") or (ids[-1] if ids else None)
    document["gap"] = (
        gap_document(loaded.case.id, compare(loaded.costs[first], loaded.costs[second]))
        if first is not None and second is not None
        else None
    )
    document["title"] = loaded.case.title
    document["as_of"] = _iso(as_of)
    return document


def proposal_detail(
    loaded: Loaded, viewer: Viewer, proposal_id: str, as_of: dt.date | None = None
) -> dict[str, Any]:
    if proposal_id not in {p.id for p in visible_proposals(loaded, viewer, as_of)}:
        if as_of is not None and proposal_id in {p.id for p in visible_proposals(loaded, viewer)}:
            raise NotFound(f"proposal {proposal_id!r} was not on the table yet on {as_of.isoformat()}")
        raise NotFound(f"no proposal {proposal_id!r} in case {loaded.case.id!r}")
    return loaded.cached(("proposal", proposal_id), lambda: _proposal_detail(loaded, proposal_id))


def _proposal_detail(loaded: Loaded, proposal_id: str) -> dict[str, Any]:
    proposal = loaded.proposal(proposal_id)
    cost = loaded.costs[proposal_id]
    document = proposal_document(cost)
    document["disclosure"] = cost_disclosure_document(loaded.disclosure(proposal))
    document["terms"] = [t.model_dump(mode="json", exclude_none=True) for t in proposal.terms]
    document["described"] = terms_document(proposal.terms)
    document["case"] = loaded.case.id
    document["fiscal_years"] = list(loaded.case.calendar.labels)
    document["on_schedules"] = loaded.case.unit.schedules is not None  # links to the schedule and my pay
    return document


def movement(loaded: Loaded, as_of: dt.date) -> dict[str, Any]:
    """The status document's movement part (the parties and the mediator), with the package gap series."""
    return loaded.cached(("movement", as_of), lambda: _movement(loaded, as_of))


def _movement(loaded: Loaded, as_of: dt.date) -> dict[str, Any]:
    _, _, moves, _ = loaded.status(as_of)
    document = movement_document(moves)
    total = next((t for t in document["items"] if t["item"] == TOTAL), None)
    return {
        "case": loaded.case.id,
        "as_of": as_of.isoformat(),
        "gap": total["gap"] if total else [],
        **document,
    }


def notes(workspace: Workspace, loaded: Loaded, viewer: Viewer) -> list[dict[str, Any]]:
    found = notes_for(workspace.engine, loaded.case.id, viewer.party)
    return [
        {
            "id": fairuse.opaque_id(workspace.engine, "note", n.id),
            "author": n.author,
            "visibility": n.visibility,
            "text": n.text,
            "created_at": n.created_at.isoformat(),
        }
        for n in found
    ]


def _problems(exc: ValidationError, terms: list[dict[str, Any]]) -> list[Problem]:
    return pydantic_problems(exc, {"terms": terms})


def parse_terms(text: str) -> list[dict[str, Any]]:
    """Terms written as in case.yaml (a YAML list of mappings), validated like the case loader does."""
    try:
        data = load_value(text) if text.strip() else None
    except YamlProblem as problem:
        raise Invalid([f"terms: line {problem.line}: {problem.message}"]) from None
    return check_terms(data)


def read_terms(given: str | list[Any]) -> list[dict[str, Any]]:
    """An API body's terms: a JSON list of term objects (``[{"type": "raise", "percent": 3, ...}]``), or
    the YAML text of case.yaml as before (``"- {type: raise, percent: 3}"``), checked alike."""
    return parse_terms(given) if isinstance(given, str) else check_terms(given)


def check_terms(data: Any) -> list[dict[str, Any]]:
    """A list of term mappings, validated like the case loader does; Invalid names each bad field."""
    if not isinstance(data, list) or not data or not all(isinstance(t, dict) for t in data):
        raise Invalid(
            ["terms: expected a list of terms, e.g. - {type: raise, percent: 3, effective: 2019-07-01}"]
        )
    try:
        checked = Proposal.model_validate(
            {"id": "check", "party": "union", "date": dt.date.today(), "terms": data}
        )
    except ValidationError as exc:
        raise Invalid([f"{p.key}: {p.message}" for p in _problems(exc, data)]) from None
    return [t.model_dump(mode="json", exclude_none=True) for t in checked.terms]


def team(workspace: Workspace, loaded: Loaded, viewer: Viewer, day: dt.date) -> dict[str, Any]:
    """A side's own room: its priorities and bottom lines, its drafts (costed as if passed on ``day``), its
    notes."""
    side = viewer.side
    assert side is not None
    prefs = loaded.preferences
    own = prefs.of(side) if prefs is not None else None
    return {
        "case": loaded.case.id,
        "title": loaded.case.title,
        "side": side,
        "preferences": party_preferences_document(own) if own is not None else None,
        "package_space": space_document(prefs) if prefs is not None else None,
        "preferences_shared": preferences_shared(workspace, loaded, side),
        "drafts": [
            draft_document(loaded, d, day) for d in accounts.drafts_of(workspace.engine, loaded.case.id, side)
        ],
        "notes": notes(workspace, loaded, viewer),
    }


def mediation(workspace: Workspace, loaded: Loaded, viewer: Viewer, day: dt.date) -> dict[str, Any]:
    """What the mediator may see: each side's shared preferences and drafts (costed as if passed on
    ``day``), and the shared notes."""
    prefs = loaded.preferences
    sides: dict[str, Any] = {}
    for side in SIDES:
        part = prefs.of(side) if prefs is not None else None
        shared = preferences_shared(workspace, loaded, side)
        sides[side] = {
            "preferences": policy.preferences_for_mediator(party_preferences_document(part))
            if part is not None and policy.preferences_visible(viewer, side, shared)
            else None,
        }
    drafts = []
    for draft in accounts.drafts_of(workspace.engine, loaded.case.id, shared_only=True):
        if policy.draft_visible(viewer, draft.party, draft.shared_with_mediator):
            document = draft_document(loaded, draft, day)
            document["party"] = draft.party
            drafts.append(document)
    return {
        "case": loaded.case.id,
        "title": loaded.case.title,
        "sides": sides,
        "package_space": space_document(prefs) if prefs is not None else None,
        "shared_drafts": drafts,
        "notes": notes(workspace, loaded, viewer),
    }
