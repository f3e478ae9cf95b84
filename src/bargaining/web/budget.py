"""Ability to pay: the district's multiyear budget under each proposal the viewer may see (issue 13).

Whether the viewer may see the budget at all is ``policy.budget_visible``; which proposals are projected is
``views.visible_proposals``, so a page never projects a proposal its reader could not open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bargaining.budget import project
from bargaining.report import budget_document, reserve_chart
from bargaining.web import policy, views
from bargaining.web.casedata import Loaded
from bargaining.web.context import Ctx, case_of, chart_data, render, replay_day
from bargaining.web.policy import Viewer

router = APIRouter()


def ability_to_pay(loaded: Loaded, viewer: Viewer, as_of: dt.date | None = None) -> dict[str, Any] | None:
    """The ``bargain budget`` document for the status quo and each visible proposal, with each scenario's
    name in words; None when the case has no budget this viewer may see (the two are not told apart, so
    the union cannot learn that the district keeps a private budget). Replayed on ``as_of``, the proposals
    made by then."""
    budget = loaded.case.budget
    if budget is None or not policy.budget_visible(viewer, budget.public, budget.share_with_mediator):
        return None
    proposals = tuple(views.visible_proposals(loaded, viewer, as_of))
    key = ("ability_to_pay", tuple(p.id for p in proposals))
    if key not in loaded.memo:
        document = budget_document(loaded.case, budget, project(loaded.case, budget, proposals))
        titles = {p.id: p.title or p.id for p in proposals}
        for scenario in document["scenarios"]:
            scenario["name"] = (
                "Status quo (no agreement)"
                if scenario["proposal"] is None
                else f"{titles[scenario['proposal']]} ({scenario['proposal']})"
            )
        loaded.memo[key] = document
    found: dict[str, Any] = loaded.memo[key]
    return found


@router.get("/cases/{case_id}/budget", response_class=HTMLResponse, include_in_schema=False)
def budget_page(request: Request, case_id: str, ctx: Ctx, as_of: str | None = None) -> HTMLResponse:
    doc = ability_to_pay(case_of(request, ctx), ctx.as_viewer, replay_day(as_of))
    chart = None
    if doc is not None:
        chart = chart_data(reserve_chart(doc, {s["proposal"]: s["name"] for s in doc["scenarios"]}))
    return render(request, ctx, "budget.html", doc=doc, chart=chart)


@router.get("/api/cases/{case_id}/budget")
def budget_api(request: Request, case_id: str, ctx: Ctx, as_of: str | None = None) -> dict[str, Any]:
    """The projection as JSON (``{"budget": null}`` when there is none the caller may see)."""
    return {"budget": ability_to_pay(case_of(request, ctx), ctx.as_viewer, replay_day(as_of))}
