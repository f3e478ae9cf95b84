"""The public page's document: the public record, public proposals in plain words with their costs, comments
under them, the conduct rules and the record's head as of its last public row. What is public is decided in
``policy`` (through ``views.public_record``); this module only assembles it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bargaining.model import Proposal
from bargaining.report import budget_share_summary, proposal_summary, teacher_pay_summary, terms_document
from bargaining.storage import accounts, public_head, record_head
from bargaining.web.budget import ability_to_pay
from bargaining.web.casedata import Loaded, Workspace
from bargaining.web.pay import common_cells
from bargaining.web.policy import Viewer
from bargaining.web.views import notes, public_ids, public_process, public_seqs, timeline, visible_proposals


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def public(workspace: Workspace, loaded: Loaded, viewer: Viewer, as_of: dt.date) -> dict[str, Any]:
    """The public page: the public record, public proposals with their costs, comments under them."""
    observer = Viewer(viewer.user_id, viewer.name, "observer")
    comments = accounts.comments_on(workspace.engine, loaded.case.id)
    process = public_process(loaded, as_of)
    return {
        "case": loaded.case.id,
        "title": loaded.case.title,
        "state": process.label if process else None,
        "contract_expires": _iso(loaded.case.contract_expires),
        "as_of": as_of.isoformat(),
        "record": [row for row in timeline(loaded, observer) if row["date"] <= as_of.isoformat()],
        "proposals": [
            {
                **item,
                "comments": [
                    {"id": c.id, "author": c.author, "text": c.text, "created_at": c.created_at.isoformat()}
                    for c in comments
                    if c.proposal_id == item["id"]
                ],
            }
            # Replayed on an earlier day, the page shows what was public on that day.
            for item in loaded.cached(
                ("public_proposals", as_of), lambda: _public_proposals(loaded, observer, as_of)
            )
        ],
        "notes": [n for n in notes(workspace, loaded, observer)],
        "conduct": CONDUCT_RULES,
        # The record's head as of its last public row (storage.public_head): kept outside the database, it
        # proves the record up to there later, and a private row after it does not move it (no dating).
        "head": loaded.cached(
            ("public_head", record_head(workspace.engine, loaded.case.id)),
            lambda: public_head(workspace.engine, loaded.case.id, public_seqs(loaded), public_ids(loaded)),
        ),
    }


def public_summary(proposal: Proposal, cost: Any, members: int, as_of: dt.date) -> str:
    yearly = [(label, cost.year_total(i)) for i, label in enumerate(cost.fiscal_years)]
    return proposal_summary(proposal.party, proposal.date, len(proposal.terms), yearly, members, as_of)


def budget_shares(budget: dict[str, Any] | None, proposal_id: str) -> str:
    """The proposal's cost in each budget year it costs something, as a share of the district's spending
    before it (the status quo's outgo in ``bargain budget``'s projection); nothing without a budget the
    public may see."""
    if budget is None:
        return ""
    spending = {y["fiscal_year"]: y["expenditures"] for y in budget["scenarios"][0]["years"]}
    scenario = next((s for s in budget["scenarios"] if s["proposal"] == proposal_id), None)
    if scenario is None:
        return ""
    years = [(y["fiscal_year"], y["added_cost"], spending[y["fiscal_year"]]) for y in scenario["years"]]
    return budget_share_summary(budget["fund"], [y for y in years if abs(y[1]) >= 0.5])


def teacher_pay(loaded: Loaded, proposal: Proposal) -> str:
    """What a teacher at common places on the salary schedule is paid under the proposal; nothing for a case
    paid from a roster of salaries."""
    labels = loaded.case.calendar.labels
    return teacher_pay_summary(labels[0], labels[-1], common_cells(loaded, proposal))


def _public_proposals(loaded: Loaded, observer: Viewer, as_of: dt.date) -> list[dict[str, Any]]:
    budget = ability_to_pay(loaded, observer, as_of)  # None unless the budget is public
    return [
        {
            "id": p.id,
            "party": p.party,
            "date": p.date.isoformat(),
            "title": p.title,
            "described": terms_document(p.terms),
            "summary": public_summary(p, loaded.costs[p.id], loaded.status_quo.members, as_of),
            "teacher_pay": teacher_pay(loaded, p),
            "budget_share": budget_shares(budget, p.id),
            "total": loaded.costs[p.id].total,
            "years": [
                {"fiscal_year": label, "total": loaded.costs[p.id].year_total(i)}
                for i, label in enumerate(loaded.costs[p.id].fiscal_years)
            ],
        }
        for p in visible_proposals(loaded, observer, as_of)
    ]


CONDUCT_RULES = (
    "Be civil: criticise proposals, not people.",
    "No personal information about students, staff or families.",
    "No threats, harassment or hate speech; no advertising.",
    "Say where a figure comes from. Comments that break these rules are hidden by the case's moderators.",
)
