"""The mediator's tools and what the workbench adds to the record, as documents filtered by the policy.

The mediator runs `bargaining.analysis` on what each side shared (the frontier and the solutions only when
both shared, the single negotiating text only then too: its simulated answers come from the sides'
preferences). Blind bidding settles one issue from each side's confidential bids; what anyone sees of it
is the outcome (overlap or not, the midpoint on overlap), never a bid. Proposals the mediator sends and
drafts a side passes at the table join the case's proposals (storage.tablework).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from bargaining.analysis import (
    BlindBidResult,
    analysis_document,
    analyze,
    blind_bid,
    blind_bid_document,
    mediate,
    mediation_document,
)
from bargaining.model import SIDES, Case, Preferences, Side, parse_event, parse_proposal
from bargaining.report import deal_chart
from bargaining.storage import NewEvent, accounts, tablework, yaml_item
from bargaining.web.casedata import Loaded, Workspace, preferences_shared
from bargaining.web.context import Refused, chart_data
from bargaining.web.draftcost import draft_day
from bargaining.web.policy import Viewer
from bargaining.web.termforms import form_types, unit_choices, unit_field_choices
from bargaining.web.views import Invalid, mediation, team

WEB_MAX_PACKAGES = 250_000  # scored in full up to this many, else sampled: keeps a page under a few seconds
TEXT_ROUNDS = 20


def shared(workspace: Workspace, loaded: Loaded, side: Side) -> bool:
    """A side's preferences reach the mediator (views.preferences_shared)."""
    return preferences_shared(workspace, loaded, side)


def _effective(workspace: Workspace, loaded: Loaded) -> tuple[Preferences, tuple[bool, bool]] | None:
    prefs = loaded.preferences
    if prefs is None:
        return None
    flags = tuple(shared(workspace, loaded, side) for side in SIDES)
    parts = {
        side: dataclasses.replace(part, share_with_mediator=flag)
        for side, flag in zip(SIDES, flags, strict=True)
        if (part := prefs.of(side)) is not None
    }
    return dataclasses.replace(prefs, **parts), (flags[0], flags[1])  # type: ignore[arg-type]


def table_of(loaded: Loaded, as_of: dt.date | None = None, unit: str | None = None) -> Case:
    """The case at one unit's table (``Case.at_table``, as the CLI's ``--unit``: the latest proposal's
    unit when None), on ``as_of`` from the offers made by then; 422 naming the units for no such unit."""

    def build() -> Case:
        case = loaded.case if as_of is None else loaded.case.known_on(as_of)
        return case.at_table(unit or None)

    try:
        return loaded.cached(("table", (as_of, unit or None)), build)
    except KeyError as exc:
        raise Refused(422, f"unit: {exc.args[0]}") from None


def mediator_tools(
    workspace: Workspace, loaded: Loaded, as_of: dt.date | None = None, unit: str | None = None
) -> dict[str, Any]:
    """The analysis and the single negotiating text as the mediator may see them (cached per version of
    the record, per what is shared, per replayed day: on ``as_of``, from the offers made by then, and per
    unit's table: ``unit``, by default the latest proposal's)."""
    case = table_of(loaded, as_of, unit)
    found = _effective(workspace, loaded)
    if found is None:
        return {"analysis": None, "single_text": None, "why_not": ["the case has no preferences section"]}
    prefs, flags = found

    def build() -> dict[str, Any]:
        try:
            deal = analyze(case, prefs, max_packages=WEB_MAX_PACKAGES, seed=0)
        except ValueError as exc:  # e.g. a term the case cannot cost
            return {"analysis": None, "single_text": None, "why_not": [str(exc)]}
        document = analysis_document(deal, "mediator")
        why_not = []
        text = None
        if all(flags) and deal.two_sided:
            text = mediation_document(deal, mediate(deal, TEXT_ROUNDS), "mediator")
        else:
            why_not.append(
                "the single negotiating text needs both sides' answers, which come from their "
                "preferences: it runs once both sides share them with you"
            )
        return {"analysis": document, "single_text": text, "why_not": why_not}

    return loaded.cached(("mediator-tools", (flags, as_of, case.unit.name)), build)


def deal_chart_data(
    workspace: Workspace, loaded: Loaded, as_of: dt.date | None = None, unit: str | None = None
) -> str | None:
    """The mediation room's chart of the packages (report.deal_chart) as the page's JSON, once per version
    of the record, what is shared, replayed day and unit's table (the analysis's package cloud makes it
    the largest part of the page)."""
    found = _effective(workspace, loaded)
    flags = found[1] if found is not None else None
    table = table_of(loaded, as_of, unit).unit.name

    def build() -> str | None:
        spec = deal_chart({"tools": mediator_tools(workspace, loaded, as_of, table)})
        return chart_data(spec) if spec else None

    return loaded.cached(("deal-chart", (flags, as_of, table)), build)


def term_types(loaded: Loaded, unit: str | None = None) -> list[dict[str, Any]]:
    """The term form's types and the case's choices for ``unit`` (termforms.form_types), once per
    version; in a case of several units, by default the unit of the latest proposal's."""
    unit = unit or loaded.case.table_unit().name
    return loaded.cached(("term-types", unit), lambda: form_types(loaded.case, unit))


def bid_issues(loaded: Loaded) -> list[str]:
    """The numeric issues of the case's package space: what blind bidding may settle."""
    prefs = loaded.preferences
    return [i.name for i in prefs.space.issues if i.kind == "number"] if prefs is not None else []


def side_bids(workspace: Workspace, loaded: Loaded, side: Side) -> dict[str, list[float]]:
    """A side's own bids: submitted in the workbench, else its case file's bottom lines. Its eyes only."""
    prefs = loaded.preferences
    part = prefs.of(side) if prefs is not None else None
    found = {name: list(bids) for name, bids in (part.bottom_lines if part is not None else ())}
    found.update({k: list(v) for k, v in tablework.bids_of(workspace.engine, loaded.case.id, side).items()})
    return found


def outcomes(workspace: Workspace, loaded: Loaded) -> list[dict[str, Any]]:
    """Every blind-bidding outcome of the case: what was revealed, never the bids."""
    return [
        blind_bid_document(
            BlindBidResult(o.issue, o.rounds, o.settled, o.value, o.settled_in), "mediator", None
        )
        | {"run_at": o.created_at.isoformat()}
        for o in tablework.outcomes_of(workspace.engine, loaded.case.id)
    ]


def parse_bids(text: str) -> list[float]:
    try:
        bids = [float(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        raise Invalid([f"bids: {text!r} is not a list of numbers, e.g. 2.5, 3, 3.5 (one a round)"]) from None
    if not bids or len(bids) > 20 or not all(abs(b) < 1e15 for b in bids):
        raise Invalid(["bids: give between 1 and 20 finite numbers, one a round"])
    return bids


def submit_bids(workspace: Workspace, loaded: Loaded, viewer: Viewer, issue: str, text: str) -> None:
    if issue not in bid_issues(loaded):
        raise Invalid(
            [f"issue: {issue!r} is not a numeric issue of the case ({', '.join(bid_issues(loaded))})"]
        )
    assert viewer.side is not None
    _refuse_spent(workspace, loaded, issue)
    tablework.submit_bids(workspace.engine, loaded.case.id, viewer.side, issue, parse_bids(text))


def _refuse_spent(workspace: Workspace, loaded: Loaded, issue: str) -> None:
    """An issue is bid on once. After an outcome, new bids and runs would let a side probe the other's
    bid by moving its own and reading the new midpoint."""
    if any(o.issue == issue for o in tablework.outcomes_of(workspace.engine, loaded.case.id)):
        raise Invalid([f"issue: {issue} was already bid on; its outcome stands and the bids are closed"])


def run_blind_bidding(workspace: Workspace, loaded: Loaded, issue: str) -> dict[str, Any]:
    """Run the bidding on ``issue`` with each side's current bids and record the outcome."""
    if issue not in bid_issues(loaded):
        raise Invalid([f"issue: {issue!r} is not a numeric issue of the case"])
    _refuse_spent(workspace, loaded, issue)
    # Only bids each side submitted here count: a side agrees to bid by bidding, never by default from
    # the bottom lines in its case file.
    bids = {side: tablework.bids_of(workspace.engine, loaded.case.id, side).get(issue) for side in SIDES}
    missing = [side for side, found in bids.items() if not found]
    if missing:
        raise Invalid([f"issue: no bid from the {' or the '.join(missing)} on {issue} yet"])
    result = blind_bid(issue, bids["employer"] or (), bids["union"] or ())
    tablework.record_outcome(
        workspace.engine,
        loaded.case.id,
        issue,
        result.settled,
        result.value,
        result.rounds,
        result.settled_in,
    )
    return blind_bid_document(result, "mediator", None)


def blind_document(workspace: Workspace, loaded: Loaded, viewer: Viewer) -> dict[str, Any]:
    """Blind bidding as this viewer sees it: the issues, the outcomes, and a side's own bids."""
    doc: dict[str, Any] = {"issues": bid_issues(loaded), "outcomes": outcomes(workspace, loaded)}
    if viewer.side is not None:
        doc["your_bids"] = side_bids(workspace, loaded, viewer.side)
    elif viewer.role == "mediator":
        # Whether each side has bid (so the mediator knows when to run it), never what.
        bids = {side: tablework.bids_of(workspace.engine, loaded.case.id, side) for side in SIDES}
        doc["ready"] = {issue: [s for s in SIDES if issue in bids[s]] for issue in bid_issues(loaded)}
    return doc


def _unique_id(loaded: Loaded, stem: str) -> str:
    taken = {p.id for p in loaded.case.proposals}
    number = 1
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _refuse_problems(loaded: Loaded, content: dict[str, Any], event: dict[str, Any] | None) -> None:
    """Check the proposal (and its event) on the typed case, as `bargain validate` would; refuse what
    breaks it. Nothing is written to check it."""
    case: Case | None = loaded.case
    assert case is not None
    proposal, problems = parse_proposal(content, len(case.proposals))
    if proposal is not None:
        case, problems = case.with_proposal(proposal)
    if event is not None and case is not None:
        typed, problems = parse_event(event, len(case.events))
        if typed is not None:
            _, problems = case.with_event(typed)
    if problems:
        raise Invalid([f"{p.key}: {p.message}" for p in problems])


def send_mediator_proposal(
    workspace: Workspace,
    loaded: Loaded,
    viewer: Viewer,
    title: str,
    terms: list[dict[str, Any]],
    day: dt.date,
    unit: str | None = None,
) -> str:
    """The mediator's proposal to both sides: a proposal of the case with party ``mediator``, for ``unit``
    in a case of several."""
    content = {
        "id": _unique_id(loaded, f"mediator-{day.isoformat()}"),
        "party": "mediator",
        "date": day.isoformat(),
        "title": title,
        "terms": terms,
    }
    if unit:
        content["unit"] = unit
    _refuse_problems(loaded, content, None)
    tablework.add_proposal(workspace.engine, loaded.case.id, content, viewer.user_id)
    return str(content["id"])


def pass_draft(
    workspace: Workspace, loaded: Loaded, viewer: Viewer, draft_ref: str, day: dt.date, answers: str | None
) -> int:
    """Pass a side's draft at the table: it becomes a proposal of the case and a `proposal_passed` event
    (its note carries the sha256 of the proposal, so the hash chain covers what was passed)."""
    side = viewer.side
    assert side is not None
    draft = accounts.draft_by_ref(workspace.engine, loaded.case.id, side, draft_ref)
    if draft is None:
        raise Invalid([f"draft: no draft {draft_ref!r} of yours in {loaded.case.id}"])
    draft_id = draft.id
    passed = _passed_drafts(workspace, loaded)
    if draft_id in passed:
        raise Invalid([f"draft: draft {draft_ref} was already passed at the table as {passed[draft_id]}"])
    # Numbered within the case and side: a workspace-wide draft number would tell the other side how many
    # drafts this side (and every other case) has written.
    proposal_id = _unique_id(loaded, f"{side}-draft")
    content: dict[str, Any] = {
        "id": proposal_id,
        "party": side,
        "date": day.isoformat(),
        "title": draft.title,
        "terms": draft.terms,
    }
    if draft.unit is not None:
        content["unit"] = draft.unit
    # A proposal answering nothing is an initial proposal, public under the sunshine rule (policy.py): at
    # the table a passed draft answers the other side's latest unless the team names another.
    answers = answers or latest_of_other_side(loaded, side)
    if answers:
        content["answers"] = answers
    payload = {
        "proposal": proposal_id,
        "by": side,
        "note": f"passed from the workbench; proposal sha256 {tablework.digest(content)}",
    }
    event = NewEvent("proposal_passed", day, payload)
    item = yaml_item(event.type, event.date, event.payload_json(), None)
    _refuse_problems(loaded, content, item)
    return tablework.pass_proposal(workspace.engine, loaded.case.id, content, event, draft_id, viewer.user_id)


def latest_of_other_side(loaded: Loaded, side: Side, as_of: dt.date | None = None) -> str | None:
    """The other side's last offer (by ``as_of``): what a passed draft answers unless the team says
    otherwise."""
    found = loaded.case.last_offer("union" if side == "employer" else "employer", as_of)
    return found.id if found is not None else None


def mediation_room(
    workspace: Workspace,
    loaded: Loaded,
    viewer: Viewer,
    as_of: dt.date | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    """What each side shared (views.mediation), the mediator's tools, blind bidding and the proposals sent;
    replayed on ``as_of``, the tools work from the offers made by then and the proposals sent by then; in
    a case of several units, at ``unit``'s table (the latest proposal's when None)."""
    table = table_of(loaded, as_of, unit).unit.name
    doc: dict[str, Any] = mediation(workspace, loaded, viewer, draft_day(loaded, as_of))
    doc["tools"] = mediator_tools(workspace, loaded, as_of, table)
    doc["as_of"] = as_of.isoformat() if as_of is not None else None
    doc["unit"] = table  # the unit whose table the tools look at
    doc["blind"] = blind_document(workspace, loaded, viewer)
    doc["term_types"] = term_types(loaded, table)
    doc["units"] = unit_choices(loaded.case)  # a proposal's unit, in a case of several
    doc["unit_fields"] = unit_field_choices(loaded.case)  # the form follows the chosen unit
    doc["unit_default"] = table
    doc["sent"] = [
        {"id": p.id, "date": p.date.isoformat(), "title": p.title, "total": loaded.costs[p.id].total}
        for p in loaded.case.proposals
        if p.party == "mediator" and (as_of is None or p.date <= as_of)
    ]
    return doc


def team_room(
    workspace: Workspace, loaded: Loaded, viewer: Viewer, as_of: dt.date | None = None
) -> dict[str, Any]:
    """The team room (views.team) with the side's blind bids and the outcomes, and what passing a draft
    answers by default: the other side's last offer, on ``as_of`` in a replay (the day a draft is passed
    on by default then)."""
    day = draft_day(loaded, as_of)
    doc: dict[str, Any] = team(workspace, loaded, viewer, day)
    assert viewer.side is not None
    doc["blind"] = blind_document(workspace, loaded, viewer)
    doc["answers_default"] = latest_of_other_side(loaded, viewer.side, as_of)
    doc["today"] = day.isoformat()
    doc["as_of"] = as_of.isoformat() if as_of is not None else None
    doc["term_types"] = term_types(loaded)
    doc["units"] = unit_choices(loaded.case)  # a draft's unit, in a case of several
    doc["unit_fields"] = unit_field_choices(loaded.case)  # the form follows the chosen unit
    doc["unit_default"] = loaded.case.table_unit().name
    passed = _passed_drafts(workspace, loaded)
    refs = {d.ref: d.id for d in accounts.drafts_of(workspace.engine, loaded.case.id, viewer.side)}
    for draft in doc["drafts"]:
        draft["passed_as"] = passed.get(refs[draft["draft_id"]])
    return doc


def _passed_drafts(workspace: Workspace, loaded: Loaded) -> dict[int, str]:
    """Draft id -> the proposal it was passed as."""
    made = tablework.proposals_of(workspace.engine, loaded.case.id)
    return {p.draft_id: p.proposal_id for p in made if p.draft_id is not None}
