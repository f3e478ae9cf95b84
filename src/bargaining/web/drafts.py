"""Drafts and proposals built from forms, not YAML (issue 15, item 1).

A team builds a draft term by term (web/termforms.py generates the fields from the typed term models),
edits, duplicates and deletes its drafts; the mediator sends a proposal built the same way, or any
solution and the single negotiating text it sees, in one click. Every save is checked as passing at the
table checks it, and every problem is shown beside its field. Every route is in ``policy.ROUTES``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bargaining.model import Preferences
from bargaining.report import SOLUTION_WORDS, deal_chart
from bargaining.storage import StorageError, accounts, drafting
from bargaining.web import tools
from bargaining.web.casedata import Loaded, Workspace
from bargaining.web.context import (
    Context,
    Ctx,
    Refused,
    case_of,
    chart_data,
    check_csrf,
    redirect,
    render,
    replay_day,
)
from bargaining.web.draftcost import draft_day
from bargaining.web.fields import LENGTHS
from bargaining.web.termforms import (
    Errors,
    FormData,
    check_terms,
    form_terms,
    form_types,
    read_terms,
    unit_choices,
    unit_field_choices,
)
from bargaining.web.views import Invalid

router = APIRouter()
NEW_BLOCK: dict[str, Any] = {"type": "raise", "values": {}}
MAX_PAIRS = 2_000  # fields of one posted form: 40 terms of every kind's fields


async def _form(request: Request, ctx: Context) -> FormData:
    """The posted form, every value bounded as the API bounds it, with its CSRF token checked."""
    posted = await request.form(max_fields=MAX_PAIRS)
    pairs = [(k, v) for k, v in posted.multi_items() if isinstance(v, str)]
    too_long = [k for k, v in pairs if len(v) > LENGTHS["event_text"]]
    if too_long:
        raise Refused(422, f"{too_long[0]}: at most {LENGTHS['event_text']:,} characters")
    form = FormData(pairs)
    check_csrf(ctx, form.get("csrf_token"))
    return form


def _workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


def _editing(form: FormData) -> bool:
    """The form asked to add, remove or show a term's fields, not to save."""
    return form.get("action") in ("add", "refresh") or any(k.endswith("-remove") for k, _ in form.pairs)


def _read(form: FormData, loaded: Loaded) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]], Errors]:
    """The title, the checked terms, the blocks to show back and the problems; the unit is ``_unit``."""
    title = form.get("title")
    terms, blocks, errors = read_terms(form)
    if form.get("action") == "add":
        blocks.append(dict(NEW_BLOCK))
    if _editing(form):
        return title, [], blocks or [dict(NEW_BLOCK)], {}
    if not title:
        errors["title"] = "give the proposal a title"
    elif len(title) > LENGTHS["title"]:
        errors["title"] = f"at most {LENGTHS['title']} characters"
    if not errors:
        terms, errors = check_terms(loaded.case, terms, draft_day(loaded), _unit(form))
    return title, terms, blocks or [dict(NEW_BLOCK)], errors


def _unit(form: FormData) -> str | None:
    """The unit the draft is for (the form's chooser, shown in a case of several units)."""
    return form.get("unit") or None


def _team(request: Request, ctx: Context, status: int, **form: Any) -> HTMLResponse:
    loaded = case_of(request, ctx)
    doc = tools.team_room(_workspace(request), loaded, ctx.as_viewer)
    if form.get("draft_unit"):  # the term form's roles and schedules are the chosen unit's
        doc["term_types"] = tools.term_types(loaded, form["draft_unit"])
    return render(request, ctx, "team.html", status, doc=doc, errors=[], draft_terms="", **form)


@router.post("/cases/{case_id}/drafts/new", include_in_schema=False)
async def post_new_draft(request: Request, case_id: str, ctx: Ctx) -> Response:
    form = await _form(request, ctx)
    loaded = case_of(request, ctx)
    title, terms, blocks, errors = _read(form, loaded)
    if _editing(form) or errors:
        status = 200 if _editing(form) else 422
        return _team(
            request, ctx, status, draft_title=title, blocks=blocks, form_errors=errors, draft_unit=_unit(form)
        )
    side = ctx.as_viewer.side
    assert side is not None
    engine = _workspace(request).engine
    accounts.add_draft(engine, case_id, side, ctx.as_viewer.user_id, title, terms, _unit(form))
    return redirect(f"/cases/{case_id}/team#drafts")


def _own_draft(request: Request, ctx: Context, draft_id: str) -> accounts.Draft:
    side = ctx.as_viewer.side
    assert side is not None and ctx.case_id is not None
    draft = accounts.draft_by_ref(_workspace(request).engine, ctx.case_id, side, draft_id)
    if draft is None:
        raise Refused(404, f"no draft {draft_id!r} of yours in {ctx.case_id}")
    return draft


def _edit_page(request: Request, ctx: Context, draft_id: str, status: int, **form: Any) -> HTMLResponse:
    loaded = case_of(request, ctx)
    return render(
        request,
        ctx,
        "draft.html",
        status,
        case=loaded.case.id,
        draft_id=draft_id,
        types=form_types(loaded.case, form.get("draft_unit") or loaded.case.table_unit().name),
        units=unit_choices(loaded.case),
        unit_fields=unit_field_choices(loaded.case),  # the form follows the chosen unit
        **form,
    )


@router.get("/cases/{case_id}/drafts/{draft_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_draft(request: Request, case_id: str, draft_id: str, ctx: Ctx) -> HTMLResponse:
    draft = _own_draft(request, ctx, draft_id)
    blocks = form_terms(draft.terms) or [dict(NEW_BLOCK)]
    return _edit_page(
        request,
        ctx,
        draft_id,
        200,
        draft_title=draft.title,
        blocks=blocks,
        form_errors={},
        draft_unit=draft.unit,
    )


@router.post("/cases/{case_id}/drafts/{draft_id}/edit", include_in_schema=False)
async def post_edit_draft(request: Request, case_id: str, draft_id: str, ctx: Ctx) -> Response:
    form = await _form(request, ctx)
    _own_draft(request, ctx, draft_id)
    title, terms, blocks, errors = _read(form, case_of(request, ctx))
    if not _editing(form) and not errors:
        side = ctx.as_viewer.side
        assert side is not None
        try:
            engine = _workspace(request).engine
            drafting.update_draft(engine, case_id, side, draft_id, title, terms, _unit(form))
        except StorageError as refused:
            errors = {"": str(refused)}
        else:
            return redirect(f"/cases/{case_id}/team#drafts")
    status = 200 if _editing(form) else 422
    return _edit_page(
        request,
        ctx,
        draft_id,
        status,
        draft_title=title,
        blocks=blocks,
        form_errors=errors,
        draft_unit=_unit(form),
    )


@router.post("/cases/{case_id}/drafts/{draft_id}/duplicate", include_in_schema=False)
async def post_duplicate_draft(request: Request, case_id: str, draft_id: str, ctx: Ctx) -> Response:
    await _form(request, ctx)
    _own_draft(request, ctx, draft_id)
    side = ctx.as_viewer.side
    assert side is not None
    drafting.duplicate_draft(_workspace(request).engine, case_id, side, draft_id, ctx.as_viewer.user_id)
    return redirect(f"/cases/{case_id}/team#drafts")


@router.post("/cases/{case_id}/drafts/{draft_id}/delete", include_in_schema=False)
async def post_delete_draft(request: Request, case_id: str, draft_id: str, ctx: Ctx) -> Response:
    await _form(request, ctx)
    _own_draft(request, ctx, draft_id)
    side = ctx.as_viewer.side
    assert side is not None
    try:
        drafting.delete_draft(_workspace(request).engine, case_id, side, draft_id)
    except StorageError as refused:
        return _team(request, ctx, 409, draft_title="", errors_top=[str(refused)])
    return redirect(f"/cases/{case_id}/team#drafts")


# --- The mediator ---------------------------------------------------------------------------------------


def _mediation(request: Request, ctx: Context, status: int, problems: list[str], **form: Any) -> HTMLResponse:
    loaded = case_of(request, ctx)
    doc = tools.mediation_room(_workspace(request), loaded, ctx.as_viewer)
    spec = deal_chart(doc)
    chart = chart_data(spec) if spec else None
    return render(request, ctx, "mediation.html", status, doc=doc, errors=problems, chart=chart, **form)


def _day(text: str) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid([f"date: {text!r} is not a date (expected YYYY-MM-DD)"]) from None


@router.post("/cases/{case_id}/mediation/proposals/new", include_in_schema=False)
async def post_mediator_form(request: Request, case_id: str, ctx: Ctx) -> Response:
    form = await _form(request, ctx)
    loaded = case_of(request, ctx)
    title, terms, blocks, errors = _read(form, loaded)
    if not _editing(form) and not errors:
        try:
            day = _day(form.get("date"))
            workspace = _workspace(request)
            tools.send_mediator_proposal(workspace, loaded, ctx.as_viewer, title, terms, day, _unit(form))
        except Invalid as refused:
            errors = {"": "; ".join(refused.problems)}
        else:
            return redirect(f"/cases/{case_id}/mediation#sent")
    status = 200 if _editing(form) else 422
    return _mediation(
        request, ctx, status, [], draft_title=title, blocks=blocks, form_errors=errors, draft_unit=_unit(form)
    )


def package_terms(prefs: Preferences, issues: dict[str, Any]) -> list[dict[str, Any]]:
    """The terms of one package of the space: each template term with the package's value of its issues;
    a term an issue leaves at its "not in the proposal" value is left out."""
    out = []
    for name, term in prefs.space.terms:
        dumped = term.model_dump(mode="json", exclude_none=True)
        keep = True
        for issue in prefs.space.issues:
            if issue.term != name or issue.name not in issues:
                continue
            value = issues[issue.name]
            if issue.kind == "number" and float(value) == issue.none:
                keep = False
            dumped[issue.field] = value
        if keep:
            out.append(dumped)
    return out


@router.post("/cases/{case_id}/mediation/solutions/{name}", include_in_schema=False)
async def post_send_solution(request: Request, case_id: str, name: str, ctx: Ctx) -> Response:
    """Send a solution the mediator sees (or the single negotiating text's last text) as a proposal."""
    form = await _form(request, ctx)
    workspace, loaded = _workspace(request), case_of(request, ctx)
    # A replayed room sends what it showed: the solution found from the offers of its day, for the unit
    # whose table the tools looked at.
    as_of = replay_day(form.get("as_of"))
    table = tools.table_of(loaded, as_of, form.get("unit") or None)
    found = tools.mediator_tools(workspace, loaded, as_of, table.unit.name)
    unit = table.unit.name if loaded.case.other_units else None
    analysis, text = found.get("analysis") or {}, found.get("single_text") or {}
    package = (analysis.get("solutions") or {}).get(name)
    title = SOLUTION_WORDS.get(name, ("", ""))[0]
    if name == "single-text" and text.get("rounds"):
        package, title = text["rounds"][-1]["text"], "Single negotiating text"
    if package is None or loaded.preferences is None:
        raise Refused(404, f"no solution {name!r} in the mediation room of {case_id}")
    try:
        terms = package_terms(loaded.preferences, package["issues"])
        day = _day(form.get("date"))
        tools.send_mediator_proposal(workspace, loaded, ctx.as_viewer, title, terms, day, unit)
    except Invalid as refused:
        return _mediation(request, ctx, 422, refused.problems)
    return redirect(f"/cases/{case_id}/mediation#sent")
