"""Who may see what: the one place that decides access in the web workbench.

Every route is classified in ``ROUTES`` by the gate it needs; a route missing from the table refuses to
serve (and the confidentiality test fails), so a new page cannot leak by being forgotten. Within a page,
the ``*_visible`` functions below decide item by item.

Roles per case: ``employer`` and ``union`` (the teams), ``mediator``, ``observer`` (the public; anyone
not signed in is an observer) and ``admin`` (moderates the public comments; sees what the public sees).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from bargaining.model import SIDES, TABLE, Proposal, Side, WebRole, is_side

Role = WebRole
Gate = Literal["anyone", "signed_in", "case_public", "case_table", "case_side", "case_mediator", "case_admin"]


# Each route (method, path template) and the gate it passes through. Keep in step with the routers.
ROUTES: dict[tuple[str, str], Gate] = {
    ("GET", "/"): "anyone",
    ("GET", "/login"): "anyone",
    ("POST", "/login"): "anyone",
    ("POST", "/logout"): "signed_in",
    ("GET", "/account/password"): "signed_in",
    ("POST", "/account/password"): "signed_in",
    ("GET", "/healthz"): "anyone",
    ("GET", "/static/plotly.min.js"): "anyone",
    ("GET", "/static/{name}"): "anyone",
    ("GET", "/cases/{case_id}"): "case_public",
    ("GET", "/cases/{case_id}/proposals"): "case_public",
    ("GET", "/cases/{case_id}/proposals/{proposal_id}"): "case_public",
    ("GET", "/cases/{case_id}/proposals/{proposal_id}/costs.xlsx"): "case_public",
    ("GET", "/cases/{case_id}/public"): "case_public",
    ("POST", "/cases/{case_id}/comments"): "case_public",
    ("POST", "/cases/{case_id}/comments/{comment_id}/report"): "case_public",
    ("GET", "/cases/{case_id}/movement"): "case_table",
    ("GET", "/cases/{case_id}/record"): "case_table",
    ("POST", "/cases/{case_id}/events"): "case_table",
    ("POST", "/cases/{case_id}/notes"): "case_table",
    ("GET", "/cases/{case_id}/simulation"): "case_table",
    ("POST", "/cases/{case_id}/simulation"): "case_table",
    ("GET", "/cases/{case_id}/team"): "case_side",
    ("POST", "/cases/{case_id}/drafts"): "case_side",
    ("POST", "/cases/{case_id}/drafts/{draft_id}/share"): "case_side",
    ("POST", "/cases/{case_id}/share"): "case_side",
    ("POST", "/cases/{case_id}/drafts/{draft_id}/pass"): "case_side",
    ("POST", "/cases/{case_id}/bids"): "case_side",
    ("GET", "/cases/{case_id}/mediation"): "case_mediator",
    ("POST", "/cases/{case_id}/mediation/proposals"): "case_mediator",
    ("POST", "/cases/{case_id}/mediation/blind-bid"): "case_mediator",
    ("GET", "/cases/{case_id}/moderation"): "case_admin",
    ("POST", "/cases/{case_id}/moderation/{report_id}"): "case_admin",
    ("GET", "/api/session"): "anyone",
    ("GET", "/api/cases"): "anyone",
    ("GET", "/api/cases/{case_id}"): "case_public",
    ("GET", "/api/cases/{case_id}/proposals"): "case_public",
    ("GET", "/api/cases/{case_id}/proposals/{proposal_id}"): "case_public",
    ("GET", "/api/cases/{case_id}/public"): "case_public",
    ("POST", "/api/cases/{case_id}/comments"): "case_public",
    ("GET", "/api/cases/{case_id}/movement"): "case_table",
    ("GET", "/api/cases/{case_id}/notes"): "case_table",
    ("POST", "/api/cases/{case_id}/notes"): "case_table",
    ("POST", "/api/cases/{case_id}/events"): "case_table",
    ("GET", "/api/cases/{case_id}/simulation"): "case_table",
    ("POST", "/api/cases/{case_id}/simulation"): "case_table",
    ("GET", "/api/cases/{case_id}/simulation/{run_id}"): "case_table",
    ("GET", "/api/cases/{case_id}/team"): "case_side",
    ("POST", "/api/cases/{case_id}/drafts"): "case_side",
    ("POST", "/api/cases/{case_id}/drafts/{draft_id}/pass"): "case_side",
    ("POST", "/api/cases/{case_id}/bids"): "case_side",
    ("GET", "/api/cases/{case_id}/mediation"): "case_mediator",
    ("POST", "/api/cases/{case_id}/mediation/proposals"): "case_mediator",
    ("POST", "/api/cases/{case_id}/mediation/blind-bid"): "case_mediator",
    ("GET", "/api/cases/{case_id}/moderation"): "case_admin",
    ("GET", "/openapi.json"): "anyone",
}

GATE_ROLES: dict[Gate, tuple[Role, ...]] = {
    "case_table": TABLE,
    "case_side": SIDES,
    "case_mediator": ("mediator",),
    "case_admin": ("admin",),
}

# The record the public may see (issue 6: statements, impasse, the public steps of the procedure, strike,
# settlement and what follows). Sessions, caucuses, proposals passed at the table, mediation sessions and
# waivers stay with the parties and the mediator.
PUBLIC_EVENTS = frozenset(
    {
        "statement",
        "impasse_declared",
        "impasse_certified",
        "impasse_rejected",
        "mediation_started",
        "mediation_ended",
        "factfinding_panel_appointed",
        "factfinding_report_public",
        "strike_notice",
        "strike_vote",
        "strike_started",
        "strike_ended",
        "imposed",
        "settlement",
        "ratified",
        "board_approved",
        "disclosure_published",
        "contract_expired",
    }
)
# Tentative agreements become public once released, i.e. when the whole contract is settled.
RELEASED_BY = frozenset({"settlement", "ratified", "board_approved", "imposed"})


@dataclass(frozen=True)
class Viewer:
    """Who is looking at one case: the signed-in person (None for the public) and their role on it."""

    user_id: int | None
    name: str | None
    role: Role

    @property
    def side(self) -> Side | None:
        return self.role if is_side(self.role) else None

    @property
    def at_table(self) -> bool:
        return self.role in TABLE

    @property
    def party(self) -> str | None:
        """The party whose notes this viewer reads as their own (storage.notes_for), None for the public."""
        return self.role if self.role in TABLE else None


def route_table(routes: Iterable[Any]) -> list[tuple[str, str]]:
    """(method, path) of every route, looking inside included routers (FastAPI may nest them)."""
    found: list[tuple[str, str]] = []
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            found += route_table(nested.routes)
            continue
        path = getattr(route, "path", None)
        for method in sorted(getattr(route, "methods", None) or ()):
            if path is not None and method != "HEAD":
                found.append((method, path))
    return found


def gate_allows(gate: Gate, viewer: Viewer) -> bool:
    roles = GATE_ROLES.get(gate)
    return roles is None or viewer.role in roles


def event_visible(viewer: Viewer, event_type: str, released: bool) -> bool:
    if viewer.at_table:
        return True
    if event_type == "tentative_agreement":
        return released
    return event_type in PUBLIC_EVENTS


def released(event_types: Iterable[str]) -> bool:
    return any(t in RELEASED_BY for t in event_types)


def public_proposal_ids(proposals: Iterable[Proposal], named_by_public_events: Iterable[str]) -> set[str]:
    """Initial proposals (answering nothing: presented at a public meeting, as EERA's sunshine rule
    requires) and every proposal a public event names (a settlement, a public factfinding report)."""
    found = {p.id for p in proposals if p.answers is None and p.party in SIDES}
    return found | set(named_by_public_events)


def proposal_visible(viewer: Viewer, proposal_id: str, public_ids: set[str]) -> bool:
    return viewer.at_table or proposal_id in public_ids


def preferences_visible(viewer: Viewer, side: str, shared: bool) -> bool:
    """A side's priorities and bottom lines: its own team, and the mediator when the side shared them."""
    return viewer.role == side or (viewer.role == "mediator" and shared)


def preferences_for_mediator(document: dict[str, Any]) -> dict[str, Any]:
    """A side's shared preferences as the mediator sees them: without its blind bids (bottom lines), which
    no one but the side ever sees; blind bidding reveals only its outcome."""
    return {k: v for k, v in document.items() if k != "bottom_lines"}


# Who the mediator may record events for: itself and the neutral actors (a settlement is both sides').
MEDIATOR_MAY_SIGN = frozenset({"mediator", "agency", "factfinder", "both"})


def event_refusal(
    viewer: Viewer, kind: str, by: str | None, named: Iterable[str], parties: dict[str, str]
) -> str | None:
    """Why ``viewer`` may not record this event, or None when it may.

    The record is append-only, so a false attribution could never be removed: a team records events in
    its own name only, and the mediator for itself and the neutral actors. An event the public sees makes
    the proposals it names public, so only the side that passed a proposal may name it in one; the
    mediator may name joint and mediator proposals, never a side's.
    """
    if viewer.role in SIDES and by not in (None, viewer.role):
        return f"a team records events in its own name: by must be {viewer.role!r}, not {by!r}"
    if viewer.role == "mediator" and by is not None and by not in MEDIATOR_MAY_SIGN:
        return f"the mediator records events for itself or neutral actors, not for the {by}"
    if viewer.role not in TABLE:
        return "only the parties at the table record events"
    if kind in PUBLIC_EVENTS or kind in RELEASED_BY:
        for proposal_id in named:
            owner = parties.get(proposal_id)
            allowed = {viewer.role} if viewer.role in SIDES else {"joint", "mediator"}
            if owner is not None and owner not in allowed:
                return (
                    f"a {kind} event is public and would publish proposal {proposal_id!r} of the {owner}; "
                    "only the side that passed a proposal may make it public"
                )
    return None


def draft_visible(viewer: Viewer, party: str, shared: bool) -> bool:
    return viewer.role == party or (viewer.role == "mediator" and shared)
