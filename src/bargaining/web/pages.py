"""The HTML pages: server-rendered with Jinja2, every one behind the policy's gate."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.background import BackgroundTask

from bargaining.report import cost_chart, movement_chart, write_costs_xlsx
from bargaining.storage import accounts, add_note, drafting
from bargaining.web import publicpage, tools, views
from bargaining.web.casedata import Workspace
from bargaining.web.context import (
    WEB,
    Context,
    Csrf,
    Ctx,
    Refused,
    as_of_day,
    blank_term_form,
    case_of,
    chart_data,
    check_csrf,
    redirect,
    remember_csrf,
    render,
    replay_day,
)
from bargaining.web.fields import form
from bargaining.web.reports import file_report

router = APIRouter()
STATIC = WEB / "static"
PLOTLY = Path(str(__import__("plotly").__file__)).parent / "package_data" / "plotly.min.js"


@router.get("/static/plotly.min.js", include_in_schema=False)
def plotly_js(ctx: Ctx) -> FileResponse:
    # Served from the installed plotly package: charts work offline, with no CDN.
    return FileResponse(
        PLOTLY, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
    )


@router.get("/static/{name}", include_in_schema=False)
def static(name: str, ctx: Ctx) -> FileResponse:
    files = {p.name: p for p in STATIC.iterdir()}
    if name not in files:
        raise Refused(404, f"no static file {name!r}")
    kind = {"css": "text/css", "js": "text/javascript"}.get(
        name.rsplit(".", 1)[-1], "application/octet-stream"
    )
    return FileResponse(files[name], media_type=kind, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/healthz", include_in_schema=False)
def healthz(ctx: Ctx) -> dict[str, str]:
    return {"status": "ok"}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, ctx: Ctx) -> HTMLResponse:
    workspace = request.app.state.workspace
    roles = accounts.roles_of(workspace.engine, ctx.account.id) if ctx.account else {}
    demo = request.app.state.settings.demo
    cases = [
        # Under --demo, each case opens on the day its file names (demo_as_of): a telling moment.
        dict(c, role=roles.get(c["id"], "observer"), opens_on=_demo_day(workspace, c["id"]) if demo else None)
        for c in workspace.case_list()
    ]
    return render(request, ctx, "home.html", cases=cases, demo=demo)


def _demo_day(workspace: Workspace, case_id: str) -> str | None:
    day = workspace.load(case_id).case.demo_as_of
    return day.isoformat() if day is not None else None


@router.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
def dashboard(request: Request, case_id: str, ctx: Ctx, as_of: str | None = None) -> HTMLResponse:
    doc = views.dashboard(case_of(request, ctx), ctx.as_viewer, as_of_day(as_of))
    return render(request, ctx, "dashboard.html", doc=doc)


@router.get("/cases/{case_id}/proposals", response_class=HTMLResponse, include_in_schema=False)
def proposals(
    request: Request,
    case_id: str,
    ctx: Ctx,
    a: str | None = None,
    b: str | None = None,
    as_of: str | None = None,
) -> HTMLResponse:
    doc = views.proposals(case_of(request, ctx), ctx.as_viewer, a or None, b or None, replay_day(as_of))
    return render(request, ctx, "proposals.html", doc=doc, chart=chart_data(cost_chart(doc)))


@router.get("/cases/{case_id}/proposals/{proposal_id}", response_class=HTMLResponse, include_in_schema=False)
def proposal(
    request: Request, case_id: str, proposal_id: str, ctx: Ctx, as_of: str | None = None
) -> HTMLResponse:
    doc = views.proposal_detail(case_of(request, ctx), ctx.as_viewer, proposal_id, replay_day(as_of))
    return render(request, ctx, "proposal.html", doc=doc)


@router.get("/cases/{case_id}/proposals/{proposal_id}/costs.xlsx", include_in_schema=False)
def proposal_xlsx(request: Request, case_id: str, proposal_id: str, ctx: Ctx) -> FileResponse:
    loaded = case_of(request, ctx)
    views.proposal_detail(loaded, ctx.as_viewer, proposal_id)  # refuses what this viewer may not see
    doc = views.proposals(loaded, ctx.as_viewer, proposal_id, proposal_id)
    doc["proposals"] = [p for p in doc["proposals"] if p["id"] == proposal_id]
    folder = Path(tempfile.mkdtemp(prefix="bargaining-xlsx-"))
    path = folder / f"{case_id}-{proposal_id}.xlsx"
    write_costs_xlsx([doc], path)
    return FileResponse(
        path,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=path.name,
        background=BackgroundTask(_remove, folder),
    )


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


@router.get("/cases/{case_id}/movement", response_class=HTMLResponse, include_in_schema=False)
def movement(request: Request, case_id: str, ctx: Ctx, as_of: str | None = None) -> HTMLResponse:
    doc = views.movement(case_of(request, ctx), as_of_day(as_of))
    return render(request, ctx, "movement.html", doc=doc, chart=chart_data(movement_chart(doc)))


@router.post("/cases/{case_id}/notes", include_in_schema=False)
def post_note(
    request: Request,
    case_id: str,
    ctx: Ctx,
    csrf: Csrf,
    text: Annotated[str, form("note")],
    visibility: Annotated[str, form("short")],
) -> Response:
    check_csrf(ctx, csrf)
    add_note(request.app.state.workspace.engine, case_id, ctx.as_viewer.role, visibility, text)  # type: ignore[arg-type]
    target = "team" if ctx.as_viewer.side else "record"
    return redirect(f"/cases/{case_id}/{target}")


@router.get("/cases/{case_id}/team", response_class=HTMLResponse, include_in_schema=False)
def team(request: Request, case_id: str, ctx: Ctx, as_of: str | None = None) -> HTMLResponse:
    loaded = case_of(request, ctx)
    doc = tools.team_room(request.app.state.workspace, loaded, ctx.as_viewer, replay_day(as_of))
    term_form = blank_term_form(loaded, doc["term_types"], "draft")
    return render(
        request, ctx, "team.html", doc=doc, errors=[], draft_title="", draft_terms="", term_form=term_form
    )


@router.post("/cases/{case_id}/drafts", include_in_schema=False)
def post_draft(
    request: Request,
    case_id: str,
    ctx: Ctx,
    csrf: Csrf,
    title: Annotated[str, form("title")],
    terms: Annotated[str, form("terms")],
    unit: Annotated[str, form("short")] = "",
) -> Response:
    check_csrf(ctx, csrf)
    workspace = request.app.state.workspace
    try:
        parsed = views.parse_terms(terms)
        if not title.strip():
            raise views.Invalid(["title: give the proposal a title"])
    except views.Invalid as refused:
        doc = tools.team_room(workspace, case_of(request, ctx), ctx.as_viewer)
        return render(
            request,
            ctx,
            "team.html",
            422,
            doc=doc,
            errors=refused.problems,
            draft_title=title,
            draft_terms=terms,
        )
    side = ctx.as_viewer.side
    assert side is not None
    user = ctx.as_viewer.user_id
    accounts.add_draft(workspace.engine, case_id, side, user, title.strip(), parsed, unit or None)
    return redirect(f"/cases/{case_id}/team#drafts")


def _yes(shared: str) -> bool:
    """A share switch's answer: yes or no, nothing else (a post without it changes nothing)."""
    if shared not in ("yes", "no"):
        raise Refused(422, "shared: expected yes or no")
    return shared == "yes"


@router.post("/cases/{case_id}/drafts/{draft_id}/share", include_in_schema=False)
def share_draft(
    request: Request,
    case_id: str,
    draft_id: str,
    ctx: Ctx,
    csrf: Csrf,
    shared: Annotated[str, form("short")] = "",
) -> Response:
    check_csrf(ctx, csrf)
    side = ctx.as_viewer.side
    assert side is not None
    if not drafting.share_draft(request.app.state.workspace.engine, case_id, side, draft_id, _yes(shared)):
        raise Refused(404, f"no draft {draft_id!r} of yours in {case_id}")
    return redirect(f"/cases/{case_id}/team#drafts")


@router.post("/cases/{case_id}/share", include_in_schema=False)
def share_preferences(
    request: Request, case_id: str, ctx: Ctx, csrf: Csrf, shared: Annotated[str, form("short")] = ""
) -> Response:
    check_csrf(ctx, csrf)
    side = ctx.as_viewer.side
    assert side is not None
    accounts.set_share(request.app.state.workspace.engine, case_id, side, "preferences", _yes(shared))
    return redirect(f"/cases/{case_id}/team")


@router.get("/cases/{case_id}/mediation", response_class=HTMLResponse, include_in_schema=False)
def mediation(
    request: Request, case_id: str, ctx: Ctx, as_of: str | None = None, unit: str | None = None
) -> HTMLResponse:
    workspace, loaded, day = request.app.state.workspace, case_of(request, ctx), replay_day(as_of)
    doc = tools.mediation_room(workspace, loaded, ctx.as_viewer, day, unit)
    chart = tools.deal_chart_data(workspace, loaded, day, doc["unit"])
    term_form = blank_term_form(loaded, doc["term_types"], "mp")
    return render(request, ctx, "mediation.html", doc=doc, errors=[], chart=chart, term_form=term_form)


@router.get("/cases/{case_id}/public", response_class=HTMLResponse, include_in_schema=False)
def public(
    request: Request, case_id: str, ctx: Ctx, reported: int | None = None, as_of: str | None = None
) -> HTMLResponse:
    doc = publicpage.public(
        request.app.state.workspace, case_of(request, ctx), ctx.as_viewer, as_of_day(as_of)
    )
    return render(request, ctx, "public.html", doc=doc, reported=reported)


def _require_account(ctx: Context) -> int:
    if ctx.account is None:
        raise Refused(401, "sign in to comment or report a comment")
    return ctx.account.id


@router.post("/cases/{case_id}/comments", include_in_schema=False)
def post_comment(
    request: Request,
    case_id: str,
    ctx: Ctx,
    csrf: Csrf,
    proposal: Annotated[str, form("id")],
    text: Annotated[str, form("comment")],
) -> Response:
    check_csrf(ctx, csrf)
    user_id = _require_account(ctx)
    loaded = case_of(request, ctx)
    public_ids = views.public_ids(loaded)
    if proposal not in public_ids:
        raise Refused(404, f"no public proposal {proposal!r} in {case_id}")
    accounts.add_comment(request.app.state.workspace.engine, case_id, proposal, user_id, text)
    return redirect(f"/cases/{case_id}/public#p-{proposal}")


@router.post("/cases/{case_id}/comments/{comment_id}/report", include_in_schema=False)
def report_comment(
    request: Request,
    case_id: str,
    comment_id: int,
    ctx: Ctx,
    csrf: Csrf,
    reason: Annotated[str, form("reason")] = "",
) -> Response:
    """Anyone may report a comment, with a reason (web.reports, as the API's route)."""
    check_csrf(ctx, csrf)
    file_report(request, ctx, case_id, comment_id, reason)
    return redirect(f"/cases/{case_id}/public?reported={comment_id}")


@router.get("/cases/{case_id}/moderation", response_class=HTMLResponse, include_in_schema=False)
def moderation(request: Request, case_id: str, ctx: Ctx) -> HTMLResponse:
    doc = views.moderation(request.app.state.workspace, case_of(request, ctx))
    return render(request, ctx, "moderation.html", doc=doc)


@router.post("/cases/{case_id}/moderation/{report_id}", include_in_schema=False)
def moderate(
    request: Request,
    case_id: str,
    report_id: int,
    ctx: Ctx,
    csrf: Csrf,
    action: Annotated[str, form("short")],
) -> Response:
    check_csrf(ctx, csrf)
    if action not in ("hide", "keep"):
        raise Refused(422, "action: expected hide or keep")
    if not accounts.moderate(request.app.state.workspace.engine, case_id, report_id, action == "hide"):
        raise Refused(404, f"no open report {report_id} in {case_id}")
    return redirect(f"/cases/{case_id}/moderation")


__all__ = ["remember_csrf", "router"]
