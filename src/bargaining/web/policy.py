"""Who may see what: the one place that decides access in the web workbench.

Every route is classified in ``ROUTES`` by the gate it needs; a route missing from the table refuses to
serve (and the confidentiality test fails), so a new page cannot leak by being forgotten. Within a page,
the ``*_visible`` functions below decide item by item.

Roles per case: ``employer`` and ``union`` (the teams), ``mediator``, ``observer`` (the public; anyone
not signed in is an observer) and ``admin`` (moderates the public comments; sees what the public sees).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bargaining.model import SIDES, TABLE, Event, Pack, Proposal, Side, WebRole, is_side
from bargaining.process import entitled, run, step_problem

Role = WebRole
Gate = Literal[
    "anyone",
    "signed_in",
    "case_public",
    "case_table",
    "case_side",
    "case_mediator",
    "case_admin",
    "case_ballot",
]


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
    ("GET", "/cases/{case_id}/budget"): "case_public",  # what it shows: budget_visible
    ("GET", "/cases/{case_id}/pay"): "case_public",  # proposals shown: proposal_visible
    ("GET", "/cases/{case_id}/proposals/{proposal_id}/schedule"): "case_public",
    ("GET", "/cases/{case_id}/public"): "case_public",
    ("GET", "/cases/{case_id}/contract"): "case_public",  # what it shows: proposal_visible, event_visible
    ("POST", "/cases/{case_id}/comments"): "case_public",
    ("POST", "/cases/{case_id}/comments/{comment_id}/report"): "case_public",
    ("GET", "/cases/{case_id}/movement"): "case_table",
    ("GET", "/cases/{case_id}/record"): "case_table",
    ("POST", "/cases/{case_id}/events"): "case_table",
    ("POST", "/cases/{case_id}/pending/{step_id}/confirm"): "case_table",
    ("POST", "/cases/{case_id}/pending/{step_id}/decline"): "case_table",
    ("POST", "/cases/{case_id}/notes"): "case_table",
    ("GET", "/cases/{case_id}/simulation"): "case_table",
    ("POST", "/cases/{case_id}/simulation"): "case_table",
    ("GET", "/cases/{case_id}/team"): "case_side",
    ("POST", "/cases/{case_id}/drafts"): "case_side",
    ("POST", "/cases/{case_id}/drafts/{draft_id}/share"): "case_side",
    ("POST", "/cases/{case_id}/share"): "case_side",
    ("POST", "/cases/{case_id}/drafts/{draft_id}/pass"): "case_side",
    ("POST", "/cases/{case_id}/drafts/new"): "case_side",
    ("GET", "/cases/{case_id}/drafts/{draft_id}/edit"): "case_side",
    ("POST", "/cases/{case_id}/drafts/{draft_id}/edit"): "case_side",
    ("POST", "/cases/{case_id}/drafts/{draft_id}/duplicate"): "case_side",
    ("POST", "/cases/{case_id}/drafts/{draft_id}/delete"): "case_side",
    ("POST", "/cases/{case_id}/bids"): "case_side",
    ("GET", "/cases/{case_id}/mediation"): "case_mediator",
    ("POST", "/cases/{case_id}/mediation/proposals"): "case_mediator",
    ("POST", "/cases/{case_id}/mediation/blind-bid"): "case_mediator",
    ("POST", "/cases/{case_id}/mediation/proposals/new"): "case_mediator",
    ("POST", "/cases/{case_id}/mediation/solutions/{name}"): "case_mediator",
    ("GET", "/cases/{case_id}/moderation"): "case_admin",
    # The members' vote: a credential shows the ballot; district, mediator and admin accounts never see one.
    ("GET", "/cases/{case_id}/vote"): "case_ballot",
    ("POST", "/cases/{case_id}/vote"): "case_ballot",
    ("POST", "/cases/{case_id}/vote/cast"): "case_ballot",
    ("POST", "/cases/{case_id}/moderation/{report_id}"): "case_admin",
    ("GET", "/api/session"): "anyone",
    ("GET", "/api/cases"): "anyone",
    ("GET", "/api/cases/{case_id}"): "case_public",
    ("GET", "/api/cases/{case_id}/proposals"): "case_public",
    ("GET", "/api/cases/{case_id}/proposals/{proposal_id}"): "case_public",
    ("GET", "/api/cases/{case_id}/public"): "case_public",
    ("GET", "/api/cases/{case_id}/contract"): "case_public",  # as its page
    ("GET", "/api/cases/{case_id}/budget"): "case_public",  # what it shows: budget_visible
    ("GET", "/api/cases/{case_id}/pay"): "case_public",  # proposals shown: proposal_visible
    ("POST", "/api/cases/{case_id}/comments"): "case_public",
    ("POST", "/api/cases/{case_id}/comments/{comment_id}/report"): "case_public",  # anyone, as the form
    ("GET", "/api/cases/{case_id}/movement"): "case_table",
    ("GET", "/api/cases/{case_id}/notes"): "case_table",
    ("POST", "/api/cases/{case_id}/notes"): "case_table",
    ("POST", "/api/cases/{case_id}/events"): "case_table",
    ("GET", "/api/cases/{case_id}/pending"): "case_table",
    ("POST", "/api/cases/{case_id}/pending/{step_id}/confirm"): "case_table",
    ("POST", "/api/cases/{case_id}/pending/{step_id}/decline"): "case_table",
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
    "case_ballot": ("union", "observer"),  # members hold credentials, not accounts
}


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


def proposal_visible(viewer: Viewer, proposal_id: str, public_ids: set[str]) -> bool:
    return viewer.at_table or proposal_id in public_ids


def preferences_visible(viewer: Viewer, side: str, shared: bool) -> bool:
    """A side's priorities and bottom lines: its own team, and the mediator when the side shared them."""
    return viewer.role == side or (viewer.role == "mediator" and shared)


def preferences_for_mediator(document: dict[str, Any]) -> dict[str, Any]:
    """A side's shared preferences as the mediator sees them: without its blind bids (bottom lines), which
    no one but the side ever sees; blind bidding reveals only its outcome."""
    return {k: v for k, v in document.items() if k != "bottom_lines"}


def budget_visible(viewer: Viewer, public: bool, shared_with_mediator: bool) -> bool:
    """The case's budget: everyone's when it is the adopted (public) budget; otherwise the district's own
    assumptions, which its team sees, the mediator only when the district shared them, the union never."""
    return public or viewer.role == "employer" or (viewer.role == "mediator" and shared_with_mediator)


def draft_visible(viewer: Viewer, party: str, shared: bool) -> bool:
    return viewer.role == party or (viewer.role == "mediator" and shared)


# --- What the record publishes -------------------------------------------------------------------------

# The record the public may see (issue 6): statements, impasse, the public steps of the procedure, strike,
# settlement and what follows. Sessions, caucuses, proposals passed at the table, mediation sessions, the
# factfinding report until it is made public, and waivers stay with the parties and the mediator.
# A members' ballot (issue 10, decided): its published totals (``ballot_result``) and the strike vote are
# public. The totals enter the record only when the union publishes them (`bargain ballot results
# --publish`), which is its announcement, as a union announces a strike authorization; the rule packs let
# the union alone take the step, a survey's totals never enter the record, and who voted how is never
# stored (docs/ballots.md; tests/web/test_web_ballot_public.py).
PUBLIC_EVENTS = frozenset(
    {
        "statement",
        "impasse_declared",
        "impasse_request_filed",
        "impasse_certified",
        "impasse_rejected",
        "unfair_practice_charge",
        "procedures_exhausted",
        "mediation_started",
        "mediation_ended",
        "factfinding_panel_appointed",
        "factfinding_report_public",
        "strike_notice",
        "strike_vote",
        "ballot_result",
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
class PublicRecord:
    """What the public sees of a record: its events, the proposals it may read, whether the tentative
    agreements are released. Derived from the typed events by ``public_record`` only."""

    events: tuple[Event, ...]
    proposals: frozenset[str]
    released: bool


def public_record(events: Sequence[Event], proposals: Iterable[Proposal]) -> PublicRecord:
    """The one rule of what the public sees of a case (pages, API, dashboard, and the check of what a new
    step would publish all call it).

    Public: the events of ``PUBLIC_EVENTS``; tentative agreements once a ``RELEASED_BY`` step is recorded;
    initial proposals (answering nothing: presented at a public meeting, as EERA's sunshine rule requires);
    every proposal a public event names; and the recommendation of a factfinding report once a later
    ``factfinding_report_public`` makes that report public.
    """
    released = any(e.type in RELEASED_BY for e in events)
    shown = tuple(e for e in events if _public(e, released))
    named = {p for e in shown if (p := getattr(e, "proposal", None)) is not None}
    made_public = False
    # In date order (the record is read so): a report dated before the step that made it public.
    dated = sorted(enumerate(events), key=lambda item: (item[1].date, item[0]))
    for _, event in reversed(dated):
        if event.type == "factfinding_report_public":
            made_public = True
        elif event.type == "factfinding_report" and made_public and getattr(event, "proposal", None):
            named.add(str(event.proposal))
    initial = {p.id for p in proposals if p.answers is None and p.party in SIDES}
    return PublicRecord(shown, frozenset(initial | named), released)


def _public(event: Event, released: bool) -> bool:
    return event.type in PUBLIC_EVENTS or (released and event.type == "tentative_agreement")


def publishes(event_type: str) -> bool:
    """Whether a step of this type is public (or releases what is) once recorded."""
    return event_type in PUBLIC_EVENTS or event_type in RELEASED_BY


def event_visible(viewer: Viewer, event: Event, record: PublicRecord) -> bool:
    return viewer.at_table or _public(event, record.released)


# --- Who may take a step -------------------------------------------------------------------------------

NEUTRALS = ("agency", "mediator", "factfinder")


class StepRefused(Exception):
    """The viewer may not take this step (403): the message says who may."""


@dataclass(frozen=True)
class StepRuling:
    by: str  # the actor the event is recorded for
    confirm_by: Role | None  # the party that must confirm it before it is recorded (None: at once)


def step_actor(viewer: Viewer, pack: Pack, kind: str, by: str | None) -> str:
    """The actor a new step is recorded for, or StepRefused.

    A team records in its own name, or as ``both`` sides for a joint step (which then waits for the other
    side); the mediator records for itself and the neutrals (agency, factfinder). Either way the rule pack
    must entitle that actor to the step (``process.step_problem``, the rule the CLI applies too).
    """
    if viewer.role not in TABLE:
        raise StepRefused("only the parties at the table record events")
    whos = entitled(pack, kind)
    if viewer.side is not None:
        if by is None:
            own = step_problem(pack, kind, viewer.side) is None
            by = viewer.side if own or "both" not in whos else "both"
        if by not in (viewer.side, "both"):
            raise StepRefused(
                f"a team records events in its own name (or as both sides, confirmed by the other side): "
                f"by must be {viewer.side!r} or 'both', not {by!r}"
            )
    else:
        if by is None:
            by = next((who for who in whos if who in NEUTRALS), "mediator")
        if by not in NEUTRALS:
            raise StepRefused(
                "the mediator records events for itself or the neutral actors (agency, factfinder), not for "
                f"{by!r}: a side's step is the side's, and a joint step is asked by one side and confirmed "
                "by the other"
            )
    problem = step_problem(pack, kind, by)
    if problem is not None:
        raise StepRefused(problem)
    return by


def step_ruling(
    viewer: Viewer,
    by: str,
    before: PublicRecord,
    after: PublicRecord,
    owners: Mapping[str, str],
    corrects: str | None = None,
    out_of_turn: str | None = None,
) -> StepRuling:
    """Whose confirmation a step needs: the other side's for a joint step (or the correction of one,
    ``corrects`` naming the actor of the event it supersedes), and the owner's for any proposal it makes
    public or tentative agreements it releases (they carry both sides' notes). A public step the rule pack
    does not expect now (``out_of_turn`` says why) needs the other side too, so that no one plants a false
    public step alone; the mediator's is refused."""
    needed: set[str] = set()
    if out_of_turn is not None:
        if viewer.side is None:
            raise StepRefused(f"{out_of_turn}; record the steps before it first")
        needed |= set(SIDES)
    if "both" in (by, corrects):
        needed |= set(SIDES)
    for proposal_id in after.proposals - before.proposals:
        owner = owners.get(proposal_id, "mediator")
        needed |= set(SIDES) if owner == "joint" else {owner if owner in SIDES else "mediator"}
    if after.released and not before.released:
        needed |= set(SIDES)
    needed.discard(viewer.role)
    if len(needed) > 1:
        raise StepRefused(
            "this step would publish material of "
            + " and ".join(f"the {party}" for party in sorted(needed))
            + "; a team asks for it, and the other side confirms"
        )
    confirm = needed.pop() if needed else None
    return StepRuling(by, confirm)  # type: ignore[arg-type]


def out_of_turn(pack: Pack, events: Sequence[Event], expires: dt.date | None) -> str | None:
    """What the rule pack says against the last step of ``events``: a step it does not expect in the state
    of that day, or a guard it breaks (the engine's own warnings); None when it expects it."""
    new = len(events) - 1
    status = run(pack, events, events[new].date, expires)
    codes = {g.code for g in pack.rules.guards} | {"unexpected_event"}
    found = [w.message for w in status.warnings if w.index == new and w.code in codes]
    return found[0] if found else None


def correction_refusal(viewer: Viewer, corrected_by: str | None) -> str | None:
    """Why ``viewer`` may not correct (supersede) an event recorded for ``corrected_by``, or None.

    A team corrects its own events, the mediator the neutrals'; a joint event is corrected by a joint step
    (asked by one side, confirmed by the other). Events without an actor came from the case file and are
    corrected there (``bargain record --supersedes``)."""
    if viewer.side is not None and corrected_by in (viewer.side, "both"):
        return None
    if viewer.role == "mediator" and corrected_by in NEUTRALS:
        return None
    who = f"the {corrected_by}" if corrected_by else "no actor (it came from the case file)"
    return f"an event is corrected by whoever recorded it; this one was recorded for {who}"
