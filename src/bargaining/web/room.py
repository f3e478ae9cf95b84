"""The mediation room's actions and the table's: the mediator's proposals to both sides, blind bidding
(each side bids from its team room, the mediator runs it), and a side passing a draft at the table.

HTML forms and the JSON API call the same functions (web/tools.py); every route is in policy.ROUTES.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from bargaining.report import deal_chart
from bargaining.web import tools, views
from bargaining.web.casedata import Loaded, Workspace
from bargaining.web.context import (
    Context,
    Csrf,
    CsrfHeader,
    Ctx,
    chart_data,
    check_csrf,
    check_csrf_header,
    redirect,
    render,
)
from bargaining.web.fields import body, form

router = APIRouter()


def _parts(request: Request, ctx: Context) -> tuple[Workspace, Loaded]:
    assert ctx.case_id is not None
    workspace: Workspace = request.app.state.workspace
    return workspace, workspace.load(ctx.case_id)


def _day(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise views.Invalid([f"date: {text!r} is not a date (expected YYYY-MM-DD)"]) from None


def _mediation_page(request: Request, ctx: Context, status: int, errors: list[str]) -> Response:
    workspace, loaded = _parts(request, ctx)
    doc = tools.mediation_room(workspace, loaded, ctx.as_viewer)
    spec = deal_chart(doc)
    chart = chart_data(spec) if spec else None
    return render(request, ctx, "mediation.html", status, doc=doc, errors=errors, chart=chart)


@router.post("/cases/{case_id}/mediation/proposals", include_in_schema=False)
def post_mediator_proposal(
    request: Request,
    case_id: str,
    ctx: Ctx,
    csrf: Csrf,
    title: Annotated[str, form("title")],
    terms: Annotated[str, form("terms")],
    date: Annotated[str, form("date")] = "",
) -> Response:
    check_csrf(ctx, csrf)
    workspace, loaded = _parts(request, ctx)
    try:
        if not title.strip():
            raise views.Invalid(["title: give the proposal a title"])
        tools.send_mediator_proposal(
            workspace, loaded, ctx.as_viewer, title.strip(), views.parse_terms(terms), _day(date)
        )
    except views.Invalid as refused:
        return _mediation_page(request, ctx, 422, refused.problems)
    return redirect(f"/cases/{case_id}/mediation#sent")


@router.post("/cases/{case_id}/mediation/blind-bid", include_in_schema=False)
def post_blind_bid(
    request: Request, case_id: str, ctx: Ctx, csrf: Csrf, issue: Annotated[str, form("id")]
) -> Response:
    check_csrf(ctx, csrf)
    workspace, loaded = _parts(request, ctx)
    try:
        tools.run_blind_bidding(workspace, loaded, issue)
    except views.Invalid as refused:
        return _mediation_page(request, ctx, 422, refused.problems)
    return redirect(f"/cases/{case_id}/mediation#blind")


def _team_page(request: Request, ctx: Context, errors: list[str]) -> Response:
    workspace, loaded = _parts(request, ctx)
    doc = tools.team_room(workspace, loaded, ctx.as_viewer)
    return render(request, ctx, "team.html", 422, doc=doc, errors=errors, draft_title="", draft_terms="")


@router.post("/cases/{case_id}/bids", include_in_schema=False)
def post_bids(
    request: Request,
    case_id: str,
    ctx: Ctx,
    csrf: Csrf,
    issue: Annotated[str, form("id")],
    bids: Annotated[str, form("bids")],
) -> Response:
    check_csrf(ctx, csrf)
    workspace, loaded = _parts(request, ctx)
    try:
        tools.submit_bids(workspace, loaded, ctx.as_viewer, issue, bids)
    except views.Invalid as refused:
        return _team_page(request, ctx, refused.problems)
    return redirect(f"/cases/{case_id}/team#blind")


@router.post("/cases/{case_id}/drafts/{draft_id}/pass", include_in_schema=False)
def post_pass(
    request: Request,
    case_id: str,
    draft_id: str,
    ctx: Ctx,
    csrf: Csrf,
    date: Annotated[str, form("date")],
    answers: Annotated[str, form("id")] = "",
) -> Response:
    check_csrf(ctx, csrf)
    workspace, loaded = _parts(request, ctx)
    try:
        tools.pass_draft(workspace, loaded, ctx.as_viewer, draft_id, _day(date), answers or None)
    except views.Invalid as refused:
        return _team_page(request, ctx, refused.problems)
    return redirect(f"/cases/{case_id}/team#drafts")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MediatorProposalIn(_Body):
    title: str = body("title")
    terms: str | list[dict[str, Any]] = body(
        "terms", description="a list of term objects, or the same terms as YAML text as in case.yaml"
    )
    date: str | None = body("date", required=False, description="YYYY-MM-DD (default: today)")


class BlindRunIn(_Body):
    issue: str = body("id", description="a numeric issue of the package space")


class BidsIn(_Body):
    issue: str = body("id")
    bids: str = body("bids", description="one bid a round, e.g. '2.5, 3, 3.5'")


class PassIn(_Body):
    date: str = body("date", description="YYYY-MM-DD, the day it was passed")
    answers: str | None = body("id", required=False, description="the proposal it answers, if any")


class Sent(BaseModel):
    proposal: str


class BidsSaved(BaseModel):
    issue: str


class Passed(BaseModel):
    event: int


@router.post("/api/cases/{case_id}/mediation/proposals", status_code=201)
def api_mediator_proposal(
    request: Request, case_id: str, body: MediatorProposalIn, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> Sent:
    """The mediator sends a proposal to both sides (not the public, until a public event names it)."""
    check_csrf_header(ctx, x_csrf_token)
    workspace, loaded = _parts(request, ctx)
    terms = views.read_terms(body.terms)
    day = _day(body.date)
    return Sent(
        proposal=tools.send_mediator_proposal(workspace, loaded, ctx.as_viewer, body.title, terms, day)
    )


@router.post("/api/cases/{case_id}/mediation/blind-bid")
def api_blind_bid(
    request: Request, case_id: str, body: BlindRunIn, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> dict[str, Any]:
    """Run blind bidding on one issue: the outcome only (overlap or not, the midpoint on overlap)."""
    check_csrf_header(ctx, x_csrf_token)
    workspace, loaded = _parts(request, ctx)
    return tools.run_blind_bidding(workspace, loaded, body.issue)


@router.post("/api/cases/{case_id}/bids", status_code=201)
def api_bids(
    request: Request, case_id: str, body: BidsIn, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> BidsSaved:
    """Submit your side's confidential blind bids on one issue (the latest submission counts)."""
    check_csrf_header(ctx, x_csrf_token)
    workspace, loaded = _parts(request, ctx)
    tools.submit_bids(workspace, loaded, ctx.as_viewer, body.issue, body.bids)
    return BidsSaved(issue=body.issue)


@router.post("/api/cases/{case_id}/drafts/{draft_id}/pass", status_code=201)
def api_pass(
    request: Request, case_id: str, draft_id: str, body: PassIn, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> Passed:
    """Pass one of your drafts at the table: a proposal of the case and a `proposal_passed` event."""
    check_csrf_header(ctx, x_csrf_token)
    workspace, loaded = _parts(request, ctx)
    seq = tools.pass_draft(workspace, loaded, ctx.as_viewer, draft_id, _day(body.date), body.answers)
    return Passed(event=seq)
