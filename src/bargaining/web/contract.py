"""The contract's text in the workbench (issue 16): each article's status and one article's language in
every version the reader may see, with redlines. The current agreement and its side letters are public;
a proposal's language shows where the proposal does (``policy.proposal_visible``), an initialed article's
where its event does (``policy.event_visible``), and the statuses are read from what the reader sees."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bargaining.model import Contract
from bargaining.report import contract_document
from bargaining.web import policy, views
from bargaining.web.casedata import Loaded
from bargaining.web.context import Ctx, Refused, as_of_day, case_of, render
from bargaining.web.policy import Viewer

router = APIRouter()


def contract_view(loaded: Loaded, viewer: Viewer, as_of: str | None, article: str | None) -> dict[str, Any]:
    day = as_of_day(as_of)

    def build() -> dict[str, Any]:
        case = loaded.case
        record = views.public_record(loaded)
        proposals = tuple(views.visible_proposals(loaded, viewer))
        shown = {p.id for p in proposals}
        # The events kept are the current record's; their corrections are already applied, so the numbers
        # they name (in the whole list) must not be applied again to the shorter one.
        events = tuple(
            e.model_copy(update={"supersedes": None})
            for e in case.record
            if policy.event_visible(viewer, e, record)
        )
        text = case.contract
        contract = Contract(
            text.articles, tuple(p for p in text.proposed if p.proposal in shown), text.side_letters
        )
        seen = dataclasses.replace(case, proposals=proposals, events=events, contract=contract)
        try:
            return contract_document(seen, day, article, loaded.ctx)
        except KeyError:
            raise Refused(404, f"no article {article!r} in this case") from None

    return loaded.cached(("contract", (viewer.at_table, day, article)), build)


@router.get("/cases/{case_id}/contract", response_class=HTMLResponse, include_in_schema=False)
def contract_page(
    request: Request, case_id: str, ctx: Ctx, article: str | None = None, as_of: str | None = None
) -> HTMLResponse:
    loaded = case_of(request, ctx)
    doc = contract_view(loaded, ctx.as_viewer, as_of, article)
    return render(request, ctx, "contract.html", doc=doc)


@router.get("/api/cases/{case_id}/contract")
def contract_api(
    request: Request, case_id: str, ctx: Ctx, article: str | None = None, as_of: str | None = None
) -> dict[str, Any]:
    return contract_view(case_of(request, ctx), ctx.as_viewer, as_of, article)
