"""What each viewpoint may see, as plain JSON-ready documents.

A side sees public facts (the package space, the offers and their costs) and its own scores; never the
other side's. The mediator sees the scores of the sides that chose to share them, and the frontier and the
solutions only when both did (they are functions of both sides' preferences). The public sees costs only.
Every command renders these documents and nothing else, so what a viewpoint is not given it cannot print.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bargaining.analysis.blind import BlindBidResult
from bargaining.analysis.deal import SOLUTIONS, DealSpace
from bargaining.analysis.mediator import Mediation, Step
from bargaining.analysis.valuation import Valued, within_limits
from bargaining.model import SIDES, Issue, Side, Viewpoint

FRONTIER_SHOWN = 30  # frontier packages listed (evenly spaced along it); the chart shows all
CLOUD_SHOWN = 5_000  # packages drawn in the chart's cloud


def visible_sides(deal: DealSpace, viewpoint: Viewpoint) -> tuple[Side, ...]:
    """Sides whose scores this viewpoint may see."""
    if viewpoint in SIDES:
        return (viewpoint,) if deal.prefs.of(viewpoint) is not None else ()
    if viewpoint == "mediator":
        return tuple(s for s in SIDES if (p := deal.prefs.of(s)) is not None and p.share_with_mediator)
    return ()


def issue_value(issue: Issue, value: float) -> float | str:
    """A number for numeric issues, ISO text for dates, a label for fiscal years."""
    return float(value) if issue.kind == "number" else issue.show(value)


def _package(deal: DealSpace, valued: Valued, row: int, sides: tuple[Side, ...]) -> dict[str, Any]:
    issues = deal.prefs.space.issues
    return {
        "issues": {i.name: issue_value(i, valued.values[row, k]) for k, i in enumerate(issues)},
        "cost": float(valued.cost[row]),
        "ongoing_cost": float(valued.ongoing_cost[row]),
        "pay_per_member": float(valued.pay_per_member[row]),
        "staffing_cost": float(valued.staffing_cost[row]),
        "me_too_cost": float(valued.me_too_cost[row]),
        "scores": {side: float(valued.utility[side][row]) for side in sides},
    }


def analysis_document(deal: DealSpace, viewpoint: Viewpoint) -> dict[str, Any]:
    sides = visible_sides(deal, viewpoint)
    both = len(sides) == 2
    space = deal.prefs.space
    doc: dict[str, Any] = {
        "case": deal.case.id,
        "viewpoint": viewpoint,
        "valued_on": deal.valuer.valued_on.isoformat(),
        "fiscal_years": list(deal.case.calendar.labels),
        "space": {
            "issues": [
                {
                    "name": i.name,
                    "options": len(i.options),
                    "first": issue_value(i, i.options[0]),
                    "last": issue_value(i, i.options[-1]),
                }
                for i in space.issues
            ],
            "size": space.size,
            "scored": int(deal.choice.shape[0]),
            "sampled": deal.sampled,
        },
        "offers": [
            {
                "id": p.id,
                "party": p.party,
                "date": p.date.isoformat(),
                **_package(deal, deal.offer_values, i, sides),
            }
            for i, p in enumerate(deal.offers)
        ],
        "withheld": [],
    }
    last = {side: deal.last_offer(side) for side in SIDES}
    if last["employer"] is not None and last["union"] is not None:
        e, u = (
            _package(deal, deal.offer_values, last["employer"], ()),
            _package(deal, deal.offer_values, last["union"], ()),
        )
        doc["gap"] = {
            "employer_offer": deal.offers[last["employer"]].id,
            "union_offer": deal.offers[last["union"]].id,
            "cost": u["cost"] - e["cost"],
            "ongoing_cost": u["ongoing_cost"] - e["ongoing_cost"],
            "pay_per_member": u["pay_per_member"] - e["pay_per_member"],
            "me_too_cost": u["me_too_cost"] - e["me_too_cost"],
            "issues": {name: [e["issues"][name], u["issues"][name]] for name in e["issues"]},
        }
    split = deal.solutions.get("split_the_difference", -1)
    doc["split_the_difference"] = _package(deal, deal.packages, split, sides) if split >= 0 else None
    if viewpoint in SIDES and sides:
        own = deal.prefs.of(sides[0])
        assert own is not None
        mine = deal.packages.utility[sides[0]]
        doc["own"] = {
            "side": sides[0],
            "reservation": own.reservation,
            # Against this side's own limits only: the joint feasibility would tell it the other's.
            "packages_meeting_bottom_line": int(
                ((mine >= own.reservation) & within_limits(own, deal.packages.measures())).sum()
            ),
        }
    if both and deal.two_sided:
        doc.update(_mediator_part(deal, sides))
    else:
        doc["withheld"].append(
            "the frontier, the Nash and Kalai-Smorodinsky points, the joint gain and the zone of agreement "
            "depend on both sides' confidential preferences: only the mediator sees them, and only when "
            "both sides share them"
        )
    return doc


def _mediator_part(deal: DealSpace, sides: tuple[Side, ...]) -> dict[str, Any]:
    frontier = deal.frontier
    shown = (
        frontier[
            np.unique(
                np.linspace(0, frontier.size - 1, min(frontier.size, FRONTIER_SHOWN)).round().astype(int)
            )
        ]
        if frontier.size
        else frontier
    )
    rng = np.random.default_rng(np.random.SeedSequence(0))
    cloud = rng.choice(deal.choice.shape[0], size=min(CLOUD_SHOWN, deal.choice.shape[0]), replace=False)
    points = deal.points()
    return {
        "frontier_size": int(frontier.size),
        "frontier": [_package(deal, deal.packages, int(r), sides) for r in shown],
        "solutions": {
            name: (_package(deal, deal.packages, row, sides) if row >= 0 else None)
            for name, row in deal.solutions.items()
            if name in SOLUTIONS
        },
        "reservations": {side: deal.prefs.of(side).reservation for side in sides},  # type: ignore[union-attr]
        "zopa": {"exists": deal.zopa_size > 0, "packages": deal.zopa_size},
        "last_offers": {
            side: {
                "proposal": pos.proposal.id,
                "distance_to_frontier": pos.distance,
                "gain_for_both": pos.improvement,
                "better_for_both": (
                    _package(deal, deal.packages, pos.better_package, sides)
                    if pos.better_package >= 0
                    else None
                ),
            }
            for side, pos in deal.positions.items()
        },
        "chart": {
            "cloud": points[cloud].tolist(),
            "frontier": points[frontier].tolist(),
        },
    }


def mediation_document(deal: DealSpace, mediation: Mediation, viewpoint: Viewpoint) -> dict[str, Any]:
    sides = visible_sides(deal, viewpoint)
    offers = {side: deal.last_offer(side) for side in SIDES}
    return {
        "case": deal.case.id,
        "viewpoint": viewpoint,
        "valued_on": deal.valuer.valued_on.isoformat(),
        "last_offers": {
            side: _package(deal, deal.offer_values, row, sides) | {"id": deal.offers[row].id}
            for side, row in offers.items()
            if row is not None
        },
        "own_reservation": _own_reservation(deal, viewpoint),
        "rounds": [_step(deal, step, viewpoint, sides) for step in mediation.steps],
        "agreed": mediation.agreed,
        "ending": mediation.ending,
        "final": _package(deal, deal.packages, mediation.final, sides),
    }


def _own_reservation(deal: DealSpace, viewpoint: Viewpoint) -> float | None:
    if viewpoint == "employer" or viewpoint == "union":
        party = deal.prefs.of(viewpoint)
        return party.reservation if party is not None else None
    return None


def _step(deal: DealSpace, step: Step, viewpoint: Viewpoint, sides: tuple[Side, ...]) -> dict[str, Any]:
    # The mediator hears every answer; a side hears only its own; the public hears none.
    heard = SIDES if viewpoint == "mediator" else ((viewpoint,) if viewpoint in SIDES else ())
    return {
        "round": step.number,
        "why": step.why,
        "moved": list(step.moved),
        "text": _package(deal, deal.packages, step.package, sides),
        "reactions": {
            side: {
                "accepts": r.accepts,
                "asks": [{"issue": name, "direction": "more" if d > 0 else "less"} for name, d in r.asks],
                "keeps_agreed": r.keeps_agreed,
            }
            for side, r in step.reactions.items()
            if side in heard
        },
    }


def blind_bid_document(
    result: BlindBidResult, viewpoint: Viewpoint, own_bids: tuple[float, ...] | None
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "issue": result.issue,
        "viewpoint": viewpoint,
        "settled": result.settled,
        "value": result.value,
        "settled_in_round": result.settled_in,
        # No count of rounds held: after a failed run it is the longer side's number of bids.
        "summary": result.describe(),
    }
    if viewpoint in SIDES and own_bids is not None:
        doc["your_bids"] = list(own_bids)
    return doc
