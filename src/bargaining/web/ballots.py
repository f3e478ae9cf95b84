"""The members' voting page (issue 16 item 3): a member votes with the one-time credential the union gave
them, on a page that fits a phone.

Who may reach it: the gate ``case_ballot`` lets in the union's accounts and anyone not on a team (members
have no accounts; they hold a credential). District and mediator accounts are refused every ballot route,
and nobody sees a ballot's question or choices without a credential of that case. The page never stores
anything of its own: the vote goes through ``storage.ballots.cast_vote`` (one transaction, no link from
credential to choice), and the receipt is shown once.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from bargaining.storage import BallotRefused, ballot_for_credential, cast_vote
from bargaining.web.context import Csrf, Ctx, check_csrf, render
from bargaining.web.fields import LENGTHS

router = APIRouter()

Credential = Annotated[str, Form(min_length=1, max_length=LENGTHS["id"])]
Choice = Annotated[str, Form(min_length=1, max_length=LENGTHS["short"])]
Group = Annotated[str | None, Form(max_length=LENGTHS["short"])]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)  # the web is a face: it reads the clock and passes it in


def _page(request: Request, ctx: Ctx, status: int = 200, **data: object) -> HTMLResponse:
    defaults: dict[str, object] = {"ballot": None, "credential": "", "receipt": None, "error": None}
    return render(request, ctx, "vote.html", status, **(defaults | data))


@router.get("/cases/{case_id}/vote", response_class=HTMLResponse, include_in_schema=False)
def vote_start(request: Request, ctx: Ctx, case_id: str) -> HTMLResponse:
    """Ask for the credential; nothing of any ballot is shown before it."""
    return _page(request, ctx)


@router.post("/cases/{case_id}/vote", response_class=HTMLResponse, include_in_schema=False)
def vote_ballot(request: Request, ctx: Ctx, case_id: str, credential: Credential, csrf: Csrf) -> HTMLResponse:
    """The ballot a valid, unused credential of this case belongs to."""
    check_csrf(ctx, csrf)
    found = ballot_for_credential(request.app.state.workspace.engine, case_id, credential)
    if found is None:
        return _page(request, ctx, 404, error="This credential is not one of this case's ballots.")
    ballot, used = found
    if used:
        return _page(
            request, ctx, 409, error="This credential has already voted; if not by you, tell the union."
        )
    now = _now()
    if not ballot.opens_at <= now < ballot.closes_at:
        when = f"opens {ballot.opens_at:%Y-%m-%d %H:%M}" if now < ballot.opens_at else "has closed"
        return _page(request, ctx, 409, error=f"This ballot {when} (UTC).")
    return _page(request, ctx, ballot=ballot, credential=credential)


@router.post("/cases/{case_id}/vote/cast", response_class=HTMLResponse, include_in_schema=False)
def vote_cast(
    request: Request,
    ctx: Ctx,
    case_id: str,
    credential: Credential,
    choice: Choice,
    csrf: Csrf,
    group: Group = None,
) -> HTMLResponse:
    """Count the vote and show the receipt once."""
    check_csrf(ctx, csrf)
    engine = request.app.state.workspace.engine
    found = ballot_for_credential(engine, case_id, credential)
    if found is None:
        return _page(request, ctx, 404, error="This credential is not one of this case's ballots.")
    ballot, _ = found
    try:
        receipt = cast_vote(engine, ballot.id, credential, choice, _now(), group)
    except BallotRefused as refused:
        return _page(request, ctx, 409, error=f"Nothing was counted: {refused}")
    return _page(request, ctx, receipt=receipt)
