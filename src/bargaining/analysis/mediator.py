"""The mediator's single negotiating text.

The mediator drafts one package; each side answers in confidence, from its own preferences: it accepts
(the text meets its bottom line) or names the items it would change and which way. The mediator revises the
text and asks again, until both accept and no package is better for both, or nothing better exists.

What the mediator knows of a side is what the side chose to share: its full preferences when it set
``share_with_mediator``; otherwise only its public last offer and its answers, from which the mediator
builds a stand-in (closeness to the side's last offer, weighting the items the side keeps asking about).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from bargaining.analysis.deal import DealSpace
from bargaining.analysis.space import FloatArray, option_table
from bargaining.analysis.valuation import BoolArray, value_packages
from bargaining.model import SIDES, Side

MAX_ROUNDS = 20
ASKS = 2  # items a side names when it rejects a text
EPS = 1e-9


@dataclass(frozen=True)
class Reaction:
    """A side's confidential answer to a text: accept, or the items it would change (+1 more, -1 less)."""

    side: Side
    accepts: bool
    asks: tuple[tuple[str, int], ...] = ()
    keeps_agreed: bool = False  # rejects a proposed improvement: prefers the text already agreed


@dataclass(frozen=True)
class Step:
    """One text and the answers to it. ``moved`` lists the issues changed from the previous text."""

    number: int
    package: int  # row in deal.packages
    why: Literal["opening", "answer", "improve"]
    moved: tuple[str, ...]
    reactions: dict[Side, Reaction]


@dataclass(frozen=True)
class Mediation:
    steps: tuple[Step, ...]
    agreed: bool
    final: int  # row of the last text
    ending: Literal["both_accept", "nothing_better", "round_limit"]


def react(deal: DealSpace, side: Side, row: int, agreed: int | None = None) -> Reaction:
    """The side's answer to the text in ``row``, worked out from its own preferences only. When a text
    was already agreed, the side also refuses anything it likes less than that text."""
    party = deal.prefs.of(side)
    assert party is not None, f"{side} stated no preferences"
    scores = deal.packages.utility[side]
    within = bool(deal.packages.feasible[row])
    if agreed is not None and scores[row] < scores[agreed] - EPS:
        return Reaction(side, False, keeps_agreed=True)
    if within and scores[row] >= party.reservation - EPS:
        return Reaction(side, True)
    return Reaction(side, False, _asks(deal, side, row))


def _asks(deal: DealSpace, side: Side, row: int) -> tuple[tuple[str, int], ...]:
    """The items whose one-step move raises the side's own score most, best first."""
    space = deal.prefs.space
    base = deal.choice[row]
    radix = [len(issue.options) for issue in space.issues]
    moves, rows = [], []
    for column in range(len(radix)):
        for direction in (1, -1):
            if 0 <= base[column] + direction < radix[column]:
                neighbour = base.copy()
                neighbour[column] += direction
                moves.append((column, direction))
                rows.append(neighbour)
    if not rows:
        return ()
    scores = value_packages(deal.valuer, np.array(rows, dtype=np.int32)).utility[side]
    gain = scores - deal.packages.utility[side][row]
    order = np.argsort(-gain, kind="stable")
    asks: list[tuple[str, int]] = []
    for index in order:
        column, direction = moves[index]
        name = space.issues[column].name
        if gain[index] > EPS and all(name != n for n, _ in asks):
            asks.append((name, direction))
        if len(asks) == ASKS:
            break
    return tuple(asks)


class _Model:
    """What the mediator believes each side's score of every package to be."""

    def __init__(self, deal: DealSpace) -> None:
        self.deal = deal
        table = option_table(deal.prefs.space)
        self.spans = np.array([max(float(t.max() - t.min()), EPS) for t in table])
        self.scaled = deal.packages.values / self.spans[None, :]
        self.weights: dict[Side, FloatArray] = {side: np.ones(len(table)) for side in SIDES}
        self.floor: dict[Side, float] = {side: -np.inf for side in SIDES}

    def shared(self, side: Side) -> bool:
        party = self.deal.prefs.of(side)
        return party is not None and party.share_with_mediator

    def scores(self, side: Side) -> FloatArray:
        """The side's own scores when shared; else 100 at its last offer, falling with the weighted
        distance (each item scaled to its range) to 0 at the far end of every range."""
        if self.shared(side):
            return self.deal.packages.utility[side]
        row = self.deal.last_offer(side)
        if row is None:
            return np.zeros(self.scaled.shape[0])
        target = self.deal.offer_values.values[row] / self.spans
        weights = self.weights[side] / self.weights[side].sum()
        distance = np.abs(self.scaled - target[None, :]) @ weights
        result: FloatArray = 100.0 * (1.0 - np.minimum(distance, 1.0))
        return result

    def reservation(self, side: Side) -> float:
        party = self.deal.prefs.of(side)
        if self.shared(side) and party is not None:
            return party.reservation
        return self.floor[side]

    def learn(self, reaction: Reaction, row: int) -> None:
        """A stand-in learns from answers: named items weigh more, and a rejected text marks a score the
        side's bottom line lies above."""
        if self.shared(reaction.side):
            return
        names = self.deal.prefs.space.issue_names
        for name, _ in reaction.asks:
            self.weights[reaction.side][names.index(name)] += 1.0
        if not reaction.accepts:
            self.floor[reaction.side] = max(self.floor[reaction.side], float(self.scores(reaction.side)[row]))


def mediate(deal: DealSpace, max_rounds: int = MAX_ROUNDS) -> Mediation:
    """Run the single-negotiating-text procedure over the scored package space."""
    for side in SIDES:
        if deal.prefs.of(side) is None:
            raise ValueError(f"the {side} stated no preferences: the mediator has no one to ask")
    model = _Model(deal)
    text = _opening(deal, model)
    steps: list[Step] = []
    visited = np.zeros(deal.choice.shape[0], dtype=bool)
    why: Literal["opening", "answer", "improve"] = "opening"
    previous = text
    agreed: int | None = None
    for number in range(1, max_rounds + 1):
        visited[text] = True
        reactions = {side: react(deal, side, text, agreed) for side in SIDES}
        steps.append(Step(number, text, why, _moved(deal, previous, text), reactions))
        accepted = all(r.accepts for r in reactions.values())
        if agreed is not None and not accepted:
            # Post-settlement: an improvement both do not accept leaves the agreed text standing.
            return Mediation(tuple(steps), True, agreed, "both_accept")
        for reaction in reactions.values():
            model.learn(reaction, text)
        previous = text
        if accepted:
            agreed = text
            better = _improvement(deal, model, text, visited)
            if better < 0:
                return Mediation(tuple(steps), True, text, "both_accept")
            text, why = better, "improve"
        else:
            revised = _revision(deal, model, text, reactions, visited)
            if revised < 0:
                return Mediation(tuple(steps), False, text, "nothing_better")
            text, why = revised, "answer"
    if agreed is not None:
        return Mediation(tuple(steps), True, agreed, "both_accept")
    return Mediation(tuple(steps), False, previous, "round_limit")


def _opening(deal: DealSpace, model: _Model) -> int:
    """Split the difference between the last offers; with no offers, the most balanced package."""
    split = deal.solutions.get("split_the_difference", -1)
    if split >= 0:
        return split
    return _best(deal, model, np.ones(deal.choice.shape[0], dtype=bool))


def _best(deal: DealSpace, model: _Model, candidates: BoolArray) -> int:
    """The candidate with the largest smallest surplus over the sides' bottom lines (as the mediator
    believes them); ties go to the larger total, then the lower row."""
    if not candidates.any():
        return -1
    surplus = np.column_stack([model.scores(s) - _finite(model.reservation(s)) for s in SIDES])
    worst = np.where(candidates, surplus.min(axis=1), -np.inf)
    tied = candidates & (worst >= worst.max() - EPS)
    return int(np.argmax(np.where(tied, surplus.sum(axis=1), -np.inf)))


def _finite(value: float) -> float:
    return 0.0 if not np.isfinite(value) else value


def _improvement(deal: DealSpace, model: _Model, text: int, visited: BoolArray) -> int:
    """A package no side (as modelled) likes less and some side likes more, or -1."""
    scores = [model.scores(s) for s in SIDES]
    no_worse = np.all([s >= s[text] - EPS for s in scores], axis=0)
    better = np.any([s > s[text] + 1e-6 for s in scores], axis=0)
    candidates = no_worse & better & deal.packages.feasible & ~visited
    if not candidates.any():
        return -1
    gains = np.column_stack([s - s[text] for s in scores])
    worst = np.where(candidates, gains.min(axis=1), -np.inf)
    tied = candidates & (worst >= worst.max() - EPS)
    return int(np.argmax(np.where(tied, gains.sum(axis=1), -np.inf)))


def _revision(
    deal: DealSpace, model: _Model, text: int, reactions: dict[Side, Reaction], visited: BoolArray
) -> int:
    """A new text that moves an item each rejecting side named its way (and raises its score, when the
    side shared it), keeps every accepting side above its bottom line as far as the mediator knows it, and
    is the most balanced such package."""
    names = deal.prefs.space.issue_names
    candidates = deal.packages.feasible & ~visited
    for side, reaction in reactions.items():
        scores = model.scores(side)
        if reaction.accepts:
            floor = model.reservation(side)
            candidates &= scores >= floor - EPS if model.shared(side) else scores > floor + 1e-6
            continue
        if model.shared(side):
            candidates &= scores > scores[text] + 1e-6
        if not reaction.asks:
            continue
        asked = np.zeros_like(candidates)
        for name, direction in reaction.asks:
            column = names.index(name)
            asked |= np.sign(deal.choice[:, column] - deal.choice[text, column]) == direction
        candidates &= asked
    return _best(deal, model, candidates)


def _moved(deal: DealSpace, before: int, after: int) -> tuple[str, ...]:
    changed = deal.choice[before] != deal.choice[after]
    return tuple(name for name, moved in zip(deal.prefs.space.issue_names, changed, strict=True) if moved)
