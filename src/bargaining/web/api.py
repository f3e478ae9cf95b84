"""The JSON API: every page's data under /api/..., behind the same gate and the same views as the pages.

Writes need the session's CSRF token in the ``X-CSRF-Token`` header (``GET /api/session`` returns it).
Errors are JSON ``{"detail": "what was wrong"}`` with a 4xx status.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from bargaining.storage import accounts, add_note, fairuse
from bargaining.web import publicpage, tools, views
from bargaining.web.context import (
    CsrfHeader,
    Ctx,
    Refused,
    as_of_day,
    case_of,
    check_csrf_header,
    remember_csrf,
    replay_day,
)
from bargaining.web.fields import body as bounded
from bargaining.web.reports import file_report

router = APIRouter(prefix="/api")

Document = dict[str, Any]
CaseId = Annotated[str, Field(max_length=64)]  # storage: cases.id is String(64)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoteIn(_Body):
    text: str = bounded("note", description="the note")
    visibility: Literal["private", "mediator", "public"] = Field(
        description="who may read it besides its side"
    )


TERMS_HELP = (
    'a list of term objects, e.g. [{"type": "raise", "percent": 3, "effective": "2019-07-01"}] (the fields '
    "of each term type are in docs/case-format.md), or the same terms as YAML text as in case.yaml"
)


class DraftIn(_Body):
    title: str = bounded("title")
    terms: str | list[dict[str, Any]] = bounded("terms", description=TERMS_HELP)
    unit: str | None = bounded(
        "short", required=False, description="the bargaining unit, in a case of several"
    )


class EventIn(_Body):
    type: str = bounded("short", description="event type, e.g. session")
    date: str = bounded("date", description="YYYY-MM-DD")
    by: str | None = bounded("short", required=False)
    proposal: str | None = bounded("id", required=False)
    article: str | None = bounded("article", required=False)
    text: str | None = bounded("article_text", required=False, description="a tentative agreement's language")
    note: str | None = bounded("event_text", required=False)
    summary: str | None = bounded("event_text", required=False, description="what a statement says")
    answers: str | None = bounded("id", required=False, description="the proposal a counter answers")
    supersedes: int | None = Field(
        None, ge=1, le=1_000_000_000, description="number of an event you recorded that this one corrects"
    )


class CommentIn(_Body):
    proposal: str = bounded("id")
    text: str = bounded("comment")


class ReportIn(_Body):
    reason: str = bounded("reason", description="which conduct rule the comment breaks")


class Reported(BaseModel):
    reported: int  # the comment's number, as the public document gives it


class Saved(BaseModel):
    id: int | str  # notes and drafts: an opaque id (storage.fairuse.opaque_id), never a row number


@router.get("/session")
def session(request: Request, ctx: Ctx, response: Response) -> Document:
    """Who is signed in, their roles per case, and the CSRF token for writes (for a visitor not signed in,
    the token of the writes anyone may make: a report of a comment)."""
    if ctx.account is None:
        remember_csrf(request, ctx, response)  # the visitor's signed double-submit cookie
        return {"signed_in": False, "name": None, "roles": {}, "csrf_token": ctx.csrf}
    roles = accounts.roles_of(request.app.state.workspace.engine, ctx.account.id)
    return {"signed_in": True, "name": ctx.account.name, "roles": roles, "csrf_token": ctx.csrf}


@router.get("/cases")
def case_list(request: Request, ctx: Ctx) -> list[dict[str, str]]:
    """Every case in the workspace."""
    result: list[dict[str, str]] = request.app.state.workspace.case_list()
    return result


@router.get("/cases/{case_id}")
def dashboard(request: Request, case_id: CaseId, ctx: Ctx, as_of: str | None = None) -> Document:
    """Where the case stands; the team and mediator also see next moves and impasse risk."""
    return views.dashboard(case_of(request, ctx), ctx.as_viewer, as_of_day(as_of))


@router.get("/cases/{case_id}/proposals")
def proposals(
    request: Request,
    case_id: CaseId,
    ctx: Ctx,
    a: str | None = None,
    b: str | None = None,
    as_of: str | None = None,
) -> Document:
    """The proposals this viewer may see (made by ``as_of``, YYYY-MM-DD, in a replay), costed by year, and
    the gap between two (B minus A; by default the last offers)."""
    return views.proposals(case_of(request, ctx), ctx.as_viewer, a, b, replay_day(as_of))


@router.get("/cases/{case_id}/proposals/{proposal_id}")
def proposal(
    request: Request, case_id: CaseId, proposal_id: str, ctx: Ctx, as_of: str | None = None
) -> Document:
    """One proposal's costs with the disclosure table (404 in a replay before it was made)."""
    return views.proposal_detail(case_of(request, ctx), ctx.as_viewer, proposal_id, replay_day(as_of))


@router.get("/cases/{case_id}/public")
def public(request: Request, case_id: CaseId, ctx: Ctx, as_of: str | None = None) -> Document:
    """The public record, public proposals with costs and comments, and the conduct rules."""
    return publicpage.public(
        request.app.state.workspace, case_of(request, ctx), ctx.as_viewer, as_of_day(as_of)
    )


@router.post("/cases/{case_id}/comments", status_code=201)
def comment(
    request: Request, case_id: CaseId, body: CommentIn, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> Saved:
    """Comment under a public proposal (signed in)."""
    check_csrf_header(ctx, x_csrf_token)
    assert ctx.account is not None
    if body.proposal not in views.public_ids(case_of(request, ctx)):
        raise Refused(404, f"no public proposal {body.proposal!r} in {case_id}")
    return Saved(
        id=accounts.add_comment(
            request.app.state.workspace.engine, case_id, body.proposal, ctx.account.id, body.text
        )
    )


@router.post("/cases/{case_id}/comments/{comment_id}/report", status_code=201)
def report(
    request: Request,
    case_id: CaseId,
    comment_id: int,
    body: ReportIn,
    ctx: Ctx,
    x_csrf_token: CsrfHeader = None,
) -> Reported:
    """Report a public comment to the case's moderators, with a reason; anyone may, signed in or not (the
    token from GET /api/session). Throttled with the Report form: 429 names the wait."""
    check_csrf_header(ctx, x_csrf_token, anyone=True)
    file_report(request, ctx, case_id, comment_id, body.reason)
    return Reported(reported=comment_id)


@router.get("/cases/{case_id}/movement")
def movement(request: Request, case_id: CaseId, ctx: Ctx, as_of: str | None = None) -> Document:
    """Movement of each side's package over time (the parties and the mediator)."""
    return views.movement(case_of(request, ctx), as_of_day(as_of))


@router.get("/cases/{case_id}/notes")
def notes(request: Request, case_id: CaseId, ctx: Ctx) -> list[Document]:
    """The notes this viewer may read."""
    return views.notes(request.app.state.workspace, case_of(request, ctx), ctx.as_viewer)


@router.post("/cases/{case_id}/notes", status_code=201)
def add(request: Request, case_id: CaseId, body: NoteIn, ctx: Ctx, x_csrf_token: CsrfHeader = None) -> Saved:
    """Write a note as your side (private, shared with the mediator, or public)."""
    check_csrf_header(ctx, x_csrf_token)
    note = add_note(
        request.app.state.workspace.engine, case_id, ctx.as_viewer.role, body.visibility, body.text
    )
    return Saved(id=fairuse.opaque_id(request.app.state.workspace.engine, "note", note.id))


@router.get("/cases/{case_id}/team")
def team(request: Request, case_id: CaseId, ctx: Ctx, as_of: str | None = None) -> Document:
    """Your side's priorities, bottom lines, drafts (costed) and notes."""
    workspace = request.app.state.workspace
    return tools.team_room(workspace, case_of(request, ctx), ctx.as_viewer, replay_day(as_of))


@router.post("/cases/{case_id}/drafts", status_code=201)
def draft(
    request: Request, case_id: CaseId, body: DraftIn, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> Saved:
    """Add a draft proposal for your side (private until shared with the mediator)."""
    check_csrf_header(ctx, x_csrf_token)
    terms = views.read_terms(body.terms)
    side = ctx.as_viewer.side
    assert side is not None
    engine = request.app.state.workspace.engine
    user = ctx.as_viewer.user_id
    return Saved(id=accounts.add_draft(engine, case_id, side, user, body.title, terms, body.unit))


@router.get("/cases/{case_id}/mediation")
def mediation(
    request: Request, case_id: CaseId, ctx: Ctx, as_of: str | None = None, unit: str | None = None
) -> Document:
    """The mediation room: what each side shared with the mediator (the tools on ``as_of``'s offers, at
    ``unit``'s table: by default the latest proposal's unit)."""
    workspace = request.app.state.workspace
    return tools.mediation_room(workspace, case_of(request, ctx), ctx.as_viewer, replay_day(as_of), unit)


@router.get("/cases/{case_id}/moderation")
def moderation(request: Request, case_id: CaseId, ctx: Ctx) -> Document:
    """Reported comments awaiting the case admins."""
    return views.moderation(request.app.state.workspace, case_of(request, ctx))
