"""Taking a step in the record from the workbench: who may (``policy.step_actor``, reading the rule pack),
whose confirmation it needs (``policy.step_ruling``, comparing what the public sees before and after), and
the other side's confirmation or refusal of a step waiting for it.

HTML forms and the JSON API call the same functions; every route is in policy.ROUTES.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ValidationError

from bargaining.model import EVENT_TYPES, parse_events
from bargaining.storage import (
    CaseRefused,
    NewEvent,
    StorageError,
    append_event,
    check_new_event,
    event_as_yaml,
    read_events,
    yaml_item,
)
from bargaining.storage import pending as pending_store
from bargaining.web import fields, policy, views
from bargaining.web.api import EventIn, Saved
from bargaining.web.casedata import Loaded, Workspace
from bargaining.web.context import (
    Context,
    Csrf,
    CsrfHeader,
    Ctx,
    Refused,
    check_csrf,
    check_csrf_header,
    redirect,
    render,
    replay_day,
)

router = APIRouter()


@dataclass(frozen=True)
class Taken:
    """A step taken: recorded as event ``seq``, or waiting (request ``pending``) for ``confirm_by``."""

    seq: int | None = None
    pending: int | None = None
    confirm_by: str | None = None


def take_step(
    workspace: Workspace, loaded: Loaded, viewer: policy.Viewer, kind: str, date: str, fields: dict[str, Any]
) -> Taken:
    """Record a step the viewer may take, or keep it for the other side's confirmation.

    Refused (403) when the viewer may not take it; invalid (422) when ``bargain record`` would refuse it.
    """
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise views.Invalid([f"date: {date!r} is not a date (expected YYYY-MM-DD)"]) from None
    payload = {k: v for k, v in fields.items() if v not in (None, "") and k != "supersedes"}
    supersedes = fields.get("supersedes") or None
    case_id = loaded.case.id
    engine = workspace.engine
    stored = read_events(engine, case_id)
    corrects: str | None = None
    if supersedes is not None:
        if not isinstance(supersedes, int) or not 1 <= supersedes <= len(stored):
            raise views.Invalid([f"supersedes: no event {supersedes!r} in the record (1 to {len(stored)})"])
        corrects = stored[supersedes - 1].payload.get("by")
        refusal = policy.correction_refusal(viewer, corrects)
        if refusal is not None:
            raise Refused(403, refusal)
    pack = loaded.resolved[0]
    try:
        payload["by"] = policy.step_actor(viewer, pack, kind, payload.get("by"))
    except policy.StepRefused as refused:
        raise Refused(403, str(refused)) from None
    event = NewEvent(kind, day, payload, supersedes)
    try:
        check_new_event(engine, case_id, event)
    except CaseRefused as refused:
        raise views.Invalid([f"{e.key}: {e.message}" for e in refused.errors]) from None
    except StorageError as refused:
        raise views.Invalid([str(refused)]) from None
    raw = [event_as_yaml(e) for e in stored]
    try:
        before = parse_events(raw)
        after = parse_events([*raw, yaml_item(kind, day, event.payload_json(), supersedes)])
    except ValidationError:  # the check above loads the case with the event, so this is not expected
        raise views.Invalid([f"{kind}: the record with this event does not load"]) from None
    proposals = loaded.case.proposals
    owners = {p.id: p.party for p in proposals}
    expires = loaded.case.contract_expires
    out_of_turn = policy.out_of_turn(pack, after, expires) if policy.publishes(kind) else None
    try:
        ruling = policy.step_ruling(
            viewer,
            payload["by"],
            policy.public_record(before, proposals),
            policy.public_record(after, proposals),
            owners,
            corrects,
            out_of_turn,
        )
    except policy.StepRefused as refused:
        raise Refused(403, str(refused)) from None
    if ruling.confirm_by is None:
        return Taken(seq=append_event(engine, case_id, event).seq)
    asked = pending_store.ask(engine, case_id, event, viewer.role, ruling.confirm_by, viewer.user_id)
    return Taken(pending=asked, confirm_by=ruling.confirm_by)


def pending_document(workspace: Workspace, loaded: Loaded, viewer: policy.Viewer) -> list[dict[str, Any]]:
    """The steps waiting for a confirmation at this case's table (the parties and the mediator see them:
    a step names nothing they cannot already read at the table)."""
    return [
        {
            "id": step.id,
            "type": step.event.type,
            "date": step.event.date.isoformat(),
            "fields": dict(step.event.payload),
            "supersedes": step.event.supersedes,
            "asked_by": step.asked_by,
            "confirm_by": step.confirm_by,
            "yours_to_confirm": step.confirm_by == viewer.role,
        }
        for step in pending_store.steps_of(workspace.engine, loaded.case.id)
    ]


def decide(workspace: Workspace, loaded: Loaded, viewer: policy.Viewer, step_id: int, confirm: bool) -> Taken:
    """The party asked confirms (the step is checked again, then recorded) or declines it."""
    engine = workspace.engine
    waiting = {s.id: s for s in pending_store.steps_of(engine, loaded.case.id)}
    step = waiting.get(step_id)
    if step is None or step.confirm_by != viewer.role:
        raise Refused(404, f"no step {step_id} waits for your confirmation in case {loaded.case.id!r}")
    if confirm:
        try:  # the record may have moved since it was asked
            check_new_event(engine, loaded.case.id, step.event)
        except CaseRefused as refused:
            raise views.Invalid([f"{e.key}: {e.message}" for e in refused.errors]) from None
        except StorageError as refused:
            raise views.Invalid([str(refused)]) from None
    try:
        decided = pending_store.decide(engine, loaded.case.id, step_id, viewer.role, confirm)
    except StorageError as refused:
        raise Refused(409, str(refused)) from None
    return Taken(seq=decided.event_seq)


def _parts(request: Request, ctx: Context) -> tuple[Workspace, Loaded]:
    assert ctx.case_id is not None
    workspace: Workspace = request.app.state.workspace
    return workspace, workspace.load(ctx.case_id)


def _decide_form(request: Request, ctx: Context, case_id: str, step_id: int, confirm: bool) -> Response:
    workspace, loaded = _parts(request, ctx)
    try:
        taken = decide(workspace, loaded, ctx.as_viewer, step_id, confirm)
    except views.Invalid as refused:
        raise Refused(422, "; ".join(refused.problems)) from None
    saved = f"saved={taken.seq}" if taken.seq is not None else f"declined={step_id}"
    return redirect(f"/cases/{case_id}/record?{saved}")


@router.post("/cases/{case_id}/pending/{step_id}/confirm", include_in_schema=False)
def post_confirm(request: Request, case_id: str, step_id: int, ctx: Ctx, csrf: Csrf) -> Response:
    check_csrf(ctx, csrf)
    return _decide_form(request, ctx, case_id, step_id, True)


@router.post("/cases/{case_id}/pending/{step_id}/decline", include_in_schema=False)
def post_decline(request: Request, case_id: str, step_id: int, ctx: Ctx, csrf: Csrf) -> Response:
    check_csrf(ctx, csrf)
    return _decide_form(request, ctx, case_id, step_id, False)


class Decided(BaseModel):
    event: int | None


@router.get("/api/cases/{case_id}/pending")
def api_pending(request: Request, case_id: str, ctx: Ctx) -> list[dict[str, Any]]:
    """Steps waiting for a party's confirmation before they enter the record."""
    workspace, loaded = _parts(request, ctx)
    return pending_document(workspace, loaded, ctx.as_viewer)


@router.post("/api/cases/{case_id}/pending/{step_id}/confirm")
def api_confirm(
    request: Request, case_id: str, step_id: int, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> Decided:
    """Confirm a step the other party asked for: it is recorded (its event number is returned)."""
    check_csrf_header(ctx, x_csrf_token)
    workspace, loaded = _parts(request, ctx)
    return Decided(event=decide(workspace, loaded, ctx.as_viewer, step_id, True).seq)


@router.post("/api/cases/{case_id}/pending/{step_id}/decline")
def api_decline(
    request: Request, case_id: str, step_id: int, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> Decided:
    """Decline a step the other party asked for: it never enters the record."""
    check_csrf_header(ctx, x_csrf_token)
    workspace, loaded = _parts(request, ctx)
    return Decided(event=decide(workspace, loaded, ctx.as_viewer, step_id, False).seq)


def _actors(ctx: Context) -> list[str]:
    """The actors this role may record a step for (policy.step_actor): a team itself or both sides (a joint
    step the other side confirms), the mediator itself or a neutral."""
    side = ctx.as_viewer.side
    return [side, "both"] if side is not None else list(policy.NEUTRALS)


def _record_page(
    request: Request,
    ctx: Context,
    status: int = 200,
    errors: list[str] | None = None,
    as_of: dt.date | None = None,
    **shown: Any,
) -> HTMLResponse:
    workspace, loaded = _parts(request, ctx)
    story = views.timeline(loaded, ctx.as_viewer)  # the record with the state each step led to
    if as_of is not None:
        story = [row for row in story if row["date"] <= as_of.isoformat()]
    return render(
        request,
        ctx,
        "record.html",
        status,
        case=loaded.case,
        event_types=EVENT_TYPES,
        actors=_actors(ctx),
        errors=errors or [],
        notes=views.notes(workspace, loaded, ctx.as_viewer),
        pending=pending_document(workspace, loaded, ctx.as_viewer),
        today=(as_of or dt.date.today()).isoformat(),  # a replayed day dates a new step on that day
        story=story,
        as_of=as_of.isoformat() if as_of is not None else None,
        **shown,
    )


@router.get("/cases/{case_id}/record", response_class=HTMLResponse, include_in_schema=False)
def record_form(
    request: Request,
    case_id: str,
    ctx: Ctx,
    saved: int | None = None,
    pending: int | None = None,
    declined: int | None = None,
    as_of: str | None = None,
) -> HTMLResponse:
    day = replay_day(as_of)
    return _record_page(request, ctx, as_of=day, saved=saved, asked=pending, declined=declined)


@router.post("/cases/{case_id}/events", include_in_schema=False)
def post_event(
    request: Request,
    case_id: str,
    ctx: Ctx,
    csrf: Csrf,
    type: Annotated[str, fields.form("short")],
    date: Annotated[str, fields.form("date")],
    by: Annotated[str, fields.form("short")] = "",
    proposal: Annotated[str, fields.form("id")] = "",
    article: Annotated[str, fields.form("article")] = "",
    text: Annotated[str, fields.form("article_text")] = "",
    note: Annotated[str, fields.form("event_text")] = "",
    supersedes: Annotated[str, fields.form("short")] = "",
) -> Response:
    check_csrf(ctx, csrf)
    workspace, loaded = _parts(request, ctx)
    fields: dict[str, Any] = {"by": by, "proposal": proposal, "article": article, "text": text, "note": note}
    try:
        if supersedes.strip():
            if not supersedes.strip().isdigit() or len(supersedes.strip()) > 9:
                raise views.Invalid([f"supersedes: {supersedes[:20]!r} is not the number of an event"])
            fields["supersedes"] = int(supersedes.strip())
        taken = take_step(workspace, loaded, ctx.as_viewer, type, date, fields)
    except views.Invalid as refused:
        typed = {"type": type, "date": date, "supersedes": supersedes, **fields}
        return _record_page(
            request, ctx, 422, refused.problems, saved=None, asked=None, declined=None, typed=typed
        )
    if taken.pending is not None:
        return redirect(f"/cases/{case_id}/record?pending={taken.pending}")
    return redirect(f"/cases/{case_id}/record?saved={taken.seq}")


class Asked(BaseModel):
    pending: int
    confirm_by: str


@router.post(
    "/api/cases/{case_id}/events",
    status_code=201,
    response_model=Saved,
    responses={202: {"model": Asked, "description": "waiting for the other party's confirmation"}},
)
def api_event(
    request: Request, case_id: str, body: EventIn, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> Saved | JSONResponse:
    """Take a step in the record, validated like `bargain record`: 201 with its number once committed, or
    202 when it waits for the other party's confirmation (a joint step, or one that would publish the
    other party's material)."""
    check_csrf_header(ctx, x_csrf_token)
    workspace, loaded = _parts(request, ctx)
    fields = body.model_dump(exclude={"type", "date"})
    taken = take_step(workspace, loaded, ctx.as_viewer, body.type, body.date, fields)
    if taken.pending is not None:
        assert taken.confirm_by is not None
        return JSONResponse(Asked(pending=taken.pending, confirm_by=taken.confirm_by).model_dump(), 202)
    assert taken.seq is not None
    return Saved(id=taken.seq)
