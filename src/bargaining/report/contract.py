"""The contract's text as the table sees it on a day: each article's status, and for one article every
version of its language (the current agreement, each proposal's, each initialed tentative agreement) with
its redline against the current agreement and against the version before it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bargaining.costing import CostContext, cost_proposal
from bargaining.model import Case, Proposal, TentativeAgreement, redline
from bargaining.record import ledger
from bargaining.report.terms import day_words, term_words

STATUS_WORDS = {"open": "open", "tentatively_agreed": "tentatively agreed", "withdrawn": "withdrawn"}
NOT_AT_TABLE = "not at the table"


def _edits(old: str | None, new: str) -> list[dict[str, str]] | None:
    return None if old is None else [{"kind": e.kind, "text": e.text} for e in redline(old, new)]


def _side(case: Case, party: str) -> str:
    return {"employer": case.employer.short, "union": case.union.short}.get(party, "Joint")


def _agreed_terms(case: Case, ta: TentativeAgreement, ctx: CostContext) -> dict[str, Any]:
    """The costed terms that came with an initialed article: the named proposal's terms for it."""
    proposal = next((p for p in case.proposals if p.id == ta.proposal), None)
    terms = tuple(t for t in proposal.terms if t.article == ta.article) if proposal else ()
    if proposal is None or not terms:
        return {"terms": [], "cost": None}
    part = Proposal(id=proposal.id, party=proposal.party, date=proposal.date, terms=terms)
    return {"terms": [term_words(t) for t in terms], "cost": cost_proposal(ctx, part).total}


def _versions(case: Case, name: str, as_of: dt.date, ctx: CostContext) -> list[dict[str, Any]]:
    contract = case.contract
    current = contract.article(name)
    dated: list[tuple[dt.date, int, dict[str, Any]]] = []
    proposals = {p.id: p for p in case.proposals}
    for order, item in enumerate(contract.proposed_for(name)):
        proposal = proposals[item.proposal]
        if proposal.date <= as_of:
            side = _side(case, proposal.party)
            label = f"{side} proposal of {day_words(proposal.date)} ({proposal.id})"
            version: dict[str, Any] = {"kind": "proposal", "label": label, "proposal": proposal.id}
            version["side"] = proposal.party
            dated.append(
                (proposal.date, order, {**version, "date": proposal.date.isoformat(), "text": item.text})
            )
    for order, event in enumerate(case.record):
        if isinstance(event, TentativeAgreement) and event.article == name and event.date <= as_of:
            if event.text is None:
                continue
            who = " and ".join(event.initialed_by) or "both sides"
            version = {
                "kind": "tentative_agreement",
                "label": f"Tentative agreement initialed {day_words(event.date)} by {who}",
                "date": event.date.isoformat(),
                "text": event.text,
                "initialed_by": list(event.initialed_by),
                **_agreed_terms(case, event, ctx),
            }
            dated.append((event.date, len(proposals) + order, version))
    base = current.text if current is not None else None
    versions: list[dict[str, Any]] = []
    if base is not None:
        versions.append({"kind": "current", "label": "Current agreement", "date": None, "text": base})
    previous = base
    for _, _, version in sorted(dated, key=lambda item: (item[0], item[1])):
        version["against_current"] = _edits(base, version["text"])
        version["against_previous"] = _edits(previous, version["text"])
        previous = version["text"]
        versions.append(version)
    return versions


def contract_document(
    case: Case, as_of: dt.date, article: str | None = None, ctx: CostContext | None = None
) -> dict[str, Any]:
    """Every article with its status on ``as_of``; with ``article``, that article's versions and redlines
    (``ctx``: the case's costing context, when the caller has it). KeyError when the case names no such
    article."""
    status = {a.name: a for a in ledger(case.proposals, case.record, as_of).articles}
    names = [a.name for a in case.contract.articles]
    names += sorted(n for n in status if n not in names)

    def row(name: str) -> dict[str, Any]:
        found, listed = status.get(name), case.contract.article(name)
        return {
            "name": name,
            "number": listed.number if listed is not None else None,
            "status": STATUS_WORDS[found.status] if found is not None else NOT_AT_TABLE,
            "since": found.since.isoformat() if found is not None and found.since else None,
            "current_text": listed is not None and listed.text is not None,
            "proposals_with_text": [
                p.proposal
                for p in case.contract.proposed_for(name)
                if next(q for q in case.proposals if q.id == p.proposal).date <= as_of
            ],
        }

    document: dict[str, Any] = {
        "case": case.id,
        "as_of": as_of.isoformat(),
        "articles": [row(name) for name in names],
        "side_letters": [
            {"title": s.title, "date": s.date.isoformat() if s.date else None, "text": s.text}
            for s in case.contract.side_letters
            if s.date is None or s.date <= as_of
        ],
    }
    if article is not None:
        if article not in names:
            raise KeyError(article)
        versions = _versions(case, article, as_of, ctx or CostContext.of(case))
        document["article"] = {**row(article), "versions": versions}
    return document


def redline_text(edits: list[dict[str, str]]) -> str:
    """A redline for a terminal or a plain-text file: [-struck-] and {+inserted+}, as word-diff tools do."""
    marks = {"same": "{}", "deleted": "[-{}-]", "inserted": "{{+{}+}}"}
    return "".join(marks[e["kind"]].format(e["text"]) for e in edits)
