"""Find the deal: cost and score the package space, then the frontier, the solutions and the offers."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from bargaining.analysis.frontier import pareto_mask
from bargaining.analysis.solutions import (
    frontier_distance,
    joint_improvement,
    kalai_smorodinsky,
    max_joint_gain,
    nash_point,
    zopa_mask,
)
from bargaining.analysis.space import (
    FloatArray,
    IntArray,
    encode,
    enumerate_choices,
    radices,
    sample_choices,
    split_the_difference,
)
from bargaining.analysis.valuation import DEFAULT_CHUNK, Valued, Valuer, value_offers, value_packages
from bargaining.model import SIDES, Case, PartyPreferences, Preferences, Proposal, Side

SOLUTIONS = {
    "nash": "Nash point: the largest product of both sides' gains over their bottom lines",
    "kalai_smorodinsky": "Kalai-Smorodinsky: each side gets the same share of the most it could hope for",
    "max_joint_gain": "maximum joint gain: the largest sum of both scores, both above their bottom lines",
    "split_the_difference": "split the difference: each issue halfway between the two last offers",
}


@dataclass(frozen=True)
class OfferPosition:
    """Where one side's last offer stands against the frontier (in the mediator's view only)."""

    proposal: Proposal
    distance: float  # Euclidean distance in score points to the nearest frontier package
    improvement: float  # the most both sides could gain at once over the offer, in score points
    better_package: int  # the package achieving it (-1 if none)


@dataclass(frozen=True, eq=False)
class DealSpace:
    case: Case
    prefs: Preferences
    valuer: Valuer
    choice: IntArray  # (V, I) option indices of every package scored
    packages: Valued
    sampled: bool  # True when the space was too large to enumerate and was sampled
    offers: tuple[Proposal, ...]  # every proposal of the case, by date
    offer_values: Valued
    frontier: IntArray  # package rows on the frontier, best for the employer first (empty if one-sided)
    solutions: dict[str, int]  # name -> package row, -1 when there is none
    zopa_size: int  # packages both sides prefer to no agreement
    positions: dict[Side, OfferPosition]

    @property
    def two_sided(self) -> bool:
        return all(side in self.packages.utility for side in SIDES)

    def points(self, valued: Valued | None = None) -> FloatArray:
        """(V, 2) employer and union scores."""
        valued = valued or self.packages
        return np.column_stack([valued.utility[side] for side in SIDES])

    @property
    def disagreement(self) -> FloatArray:
        return np.array([self._party(side).reservation for side in SIDES])

    def _party(self, side: Side) -> PartyPreferences:
        party = self.prefs.of(side)
        assert party is not None
        return party

    def last_offer(self, side: Side) -> int | None:
        """Row in ``offers`` of the side's last offer (the rule of ``Case.last_offer``: ``offers`` is
        sorted by date, stably, so the last row of a side is its latest, the later in the list on a tie)."""
        rows = [i for i, p in enumerate(self.offers) if p.party == side]
        return rows[-1] if rows else None


def analyze(
    case: Case,
    prefs: Preferences,
    *,
    max_packages: int = 1_000_000,
    seed: int = 0,
    chunk: int = DEFAULT_CHUNK,
) -> DealSpace:
    """Enumerate the package space (or sample ``max_packages`` of it), price and score every package and
    every offer, and locate the frontier, the solutions and the zone of possible agreement."""
    valuer = Valuer.of(case, prefs)
    space = prefs.space
    sampled = space.size > max_packages
    choice = sample_choices(space, max_packages, seed) if sampled else enumerate_choices(space, 0, space.size)
    # Every proposal is priced and scored (fact-finder, mediator and joint texts too, for comparison);
    # only the two sides' own proposals count as their offers.
    offers = tuple(sorted(case.proposals, key=lambda p: p.date))
    offer_values = value_offers(valuer, offers)
    last = {side: max((i for i, p in enumerate(offers) if p.party == side), default=None) for side in SIDES}
    split_row = -1
    if last["employer"] is not None and last["union"] is not None:
        values = offer_values.values
        split = split_the_difference(space, values[last["employer"]], values[last["union"]])[None, :]
        if sampled:  # not necessarily drawn: score it too
            choice = np.concatenate((choice, split))
            split_row = choice.shape[0] - 1
        else:  # enumerated: the package's number is its row
            split_row = int(encode(split, radices(space))[0])
    packages = value_packages(valuer, choice, chunk)
    deal = DealSpace(
        case=case,
        prefs=prefs,
        valuer=valuer,
        choice=choice,
        packages=packages,
        sampled=sampled,
        offers=offers,
        offer_values=offer_values,
        frontier=np.zeros(0, dtype=np.int32),
        solutions={"split_the_difference": split_row},
        zopa_size=0,
        positions={},
    )
    if not deal.two_sided:
        return deal
    return _solve(deal, last)


def _solve(deal: DealSpace, last: dict[Side, int | None]) -> DealSpace:
    feasible = np.flatnonzero(deal.packages.feasible)
    points = deal.points()[feasible]
    d = deal.disagreement
    mask = pareto_mask(points)
    frontier = feasible[mask]
    frontier = frontier[np.argsort(-deal.packages.utility["employer"][frontier], kind="stable")]

    def pick(index: int) -> int:
        return int(feasible[index]) if index >= 0 else -1

    solutions = {
        "nash": pick(nash_point(points, d)),
        "kalai_smorodinsky": pick(kalai_smorodinsky(points, d)),
        "max_joint_gain": pick(max_joint_gain(points, d)),
        **deal.solutions,
    }
    front = deal.points()[frontier]
    offer_points = deal.points(deal.offer_values)
    positions = {}
    for side in SIDES:
        row = last[side]
        if row is None:
            continue
        best, amount = joint_improvement(front, offer_points[row])
        positions[side] = OfferPosition(
            proposal=deal.offers[row],
            distance=frontier_distance(front, offer_points[row]),
            improvement=amount,
            better_package=int(frontier[best]) if best >= 0 and amount > 0 else -1,
        )
    return dataclasses.replace(
        deal,
        frontier=frontier.astype(np.int32),
        solutions=solutions,
        zopa_size=int(zopa_mask(points, d).sum()),
        positions=positions,
    )
