"""What a proposal means for one teacher (issue 11): "my pay" by fiscal year from a cell of the salary
schedule, and a proposal's schedule before and after, changed cells marked. Only the proposals the reader
may open are shown (``views.visible_proposals``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from bargaining.costing import MembersPay, grid_views, members_pay
from bargaining.model import Grid, Proposal
from bargaining.web import views
from bargaining.web.casedata import Loaded
from bargaining.web.context import Ctx, Refused, case_of, render, replay_day
from bargaining.web.policy import Viewer

router = APIRouter()


def _grids(loaded: Loaded) -> tuple[Grid, ...]:
    schedules = loaded.case.unit.schedules
    return schedules.grids if schedules is not None else ()


@dataclass(frozen=True)
class CellQuery:
    """A cell of the salary schedule as asked in the query string, not yet checked."""

    schedule: str | None = None
    step: str | None = None
    lane: str | None = None


Asked = Annotated[CellQuery, Depends()]


def _cell(loaded: Loaded, asked: CellQuery) -> tuple[str, int, str]:
    """The cell asked for, checked against the case's schedules; Refused (422) names what is wrong."""
    schedule, step, lane = asked.schedule, asked.step, asked.lane
    grid = next((g for g in _grids(loaded) if g.name == schedule), None)
    if grid is None:
        raise Refused(422, f"schedule: choose one of {', '.join(g.name for g in _grids(loaded))}")
    try:
        number = int(step or "")
    except ValueError:
        raise Refused(422, f"step: a whole number from 1 to {grid.steps}") from None
    if not 1 <= number <= grid.steps:
        raise Refused(422, f"step: a whole number from 1 to {grid.steps}")
    if lane not in grid.lanes:
        raise Refused(422, f"lane: one of {', '.join(grid.lanes)}")
    return grid.name, number, lane


def _members(loaded: Loaded, proposal: Proposal) -> MembersPay:
    key = ("members_pay", proposal.id)
    if key not in loaded.memo:
        loaded.memo[key] = members_pay(loaded.ctx, proposal)
    found: MembersPay = loaded.memo[key]
    return found


def common_cells(loaded: Loaded, proposal: Proposal) -> list[dict[str, Any]]:
    """Where a parent would look on each salary schedule: the cell new teachers start in (step 1, first
    lane), the cell holding the most FTE and the top (last step, last lane); each with a teacher's full-time
    pay in the last fiscal year, starting there and moving a step a year, before and under ``proposal``.
    Empty for a case paid from a roster of salaries."""
    grids = _grids(loaded)
    if not grids:
        return []
    pay = _members(loaded, proposal)
    found: list[dict[str, Any]] = []
    for grid in grids:
        cells = {(c.step, c.lane): c for c in pay.cells if c.schedule == grid.name}
        if not cells:
            continue
        most = max(cells.values(), key=lambda c: c.fte)
        seen: set[tuple[int, str]] = set()
        for why, key in (
            ("entry", (1, grid.lanes[0])),
            ("most", (most.step, most.lane)),
            ("top", (grid.steps, grid.lanes[-1])),
        ):
            if key in seen or key not in cells:
                continue
            seen.add(key)
            cell = cells[key]
            found.append(
                {
                    "schedule": grid.name if len(grids) > 1 else None,
                    "step": cell.step,
                    "lane": cell.lane,
                    "why": why,
                    "before": cell.status_quo[-1],
                    "after": cell.proposal[-1],
                }
            )
    return found


def my_pay(
    loaded: Loaded, viewer: Viewer, schedule: str, step: int, lane: str, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Full-time pay by fiscal year of a teacher starting the horizon in the cell, moving a step a year,
    under the status quo and each visible proposal (made by ``as_of`` in a replay), with the change."""
    rows: list[dict[str, Any]] = []
    status_quo: tuple[float, ...] | None = None
    for proposal in views.visible_proposals(loaded, viewer, as_of):
        pay = _members(loaded, proposal)
        cell = next(c for c in pay.cells if (c.schedule, c.step, c.lane) == (schedule, step, lane))
        if status_quo is None:
            status_quo = cell.status_quo
            rows.append({"proposal": None, "name": "Status quo (no agreement)", "pay": list(status_quo)})
        rows.append(
            {
                "proposal": proposal.id,
                "name": f"{proposal.title or proposal.id} ({proposal.id})",
                "pay": list(cell.proposal),
                "change": [after - before for before, after in zip(status_quo, cell.proposal, strict=True)],
            }
        )
    return {
        "case": loaded.case.id,
        "schedule": schedule,
        "step": step,
        "lane": lane,
        "fiscal_years": list(loaded.case.calendar.labels),
        "rows": rows,
    }


def _choices(loaded: Loaded) -> list[dict[str, Any]]:
    return [{"name": g.name, "steps": g.steps, "lanes": list(g.lanes)} for g in _grids(loaded)]


@router.get("/cases/{case_id}/pay", response_class=HTMLResponse, include_in_schema=False)
def pay_page(
    request: Request, case_id: str, ctx: Ctx, asked: Asked, as_of: str | None = None
) -> HTMLResponse:
    loaded = case_of(request, ctx)
    doc, error, status = None, None, 200
    day = replay_day(as_of)
    if _grids(loaded) and asked.schedule is not None:
        try:
            doc = my_pay(loaded, ctx.as_viewer, *_cell(loaded, asked), day)
        except Refused as refused:
            error, status = refused.message, 422
    return render(
        request, ctx, "pay.html", status, doc=doc, error=error, choices=_choices(loaded), asked=asked
    )


@router.get("/api/cases/{case_id}/pay")
def pay_api(
    request: Request, case_id: str, ctx: Ctx, asked: Asked, as_of: str | None = None
) -> dict[str, Any]:
    loaded = case_of(request, ctx)
    if not _grids(loaded):
        raise Refused(404, "this case pays from a roster of salaries, not a salary schedule")
    return my_pay(loaded, ctx.as_viewer, *_cell(loaded, asked), replay_day(as_of))


@router.get(
    "/cases/{case_id}/proposals/{proposal_id}/schedule", response_class=HTMLResponse, include_in_schema=False
)
def schedule_page(
    request: Request,
    case_id: str,
    proposal_id: str,
    ctx: Ctx,
    day: str | None = None,
    as_of: str | None = None,
) -> HTMLResponse:
    loaded = case_of(request, ctx)
    # Refuses what this viewer may not open (or, replayed, a proposal not yet made).
    views.proposal_detail(loaded, ctx.as_viewer, proposal_id, replay_day(as_of))
    if not _grids(loaded):
        raise Refused(404, "this case pays from a roster of salaries, not a salary schedule")
    calendar = loaded.case.calendar
    try:
        on = dt.date.fromisoformat(day) if day else calendar.year_start(calendar.years[-1])
        shown = grid_views(loaded.ctx, loaded.proposal(proposal_id), on)
    except ValueError as exc:
        raise Refused(422, f"day: {exc}" if day else str(exc)) from None
    grids = [
        {
            "schedule": v.schedule,
            "lanes": list(v.lanes),
            "rows": [
                {
                    "step": s + 1,
                    "cells": [
                        {
                            "before": v.before[s][i] if s < len(v.before) else None,
                            "after": v.after[s][i],
                            "changed": s >= len(v.before) or abs(v.after[s][i] - v.before[s][i]) >= 0.005,
                        }
                        for i in range(len(v.lanes))
                    ],
                }
                for s in range(len(v.after))
            ],
        }
        for v in shown
    ]
    proposal = loaded.proposal(proposal_id)
    return render(
        request, ctx, "schedule.html", proposal=proposal, day=on.isoformat(), grids=grids, years=calendar
    )
