"""A bargaining survey's results: totals, and answers by group only for groups of at least five respondents
(domain notes E.8: vendors hide groups under 5 and any group that total-minus-the-rest would expose).
The shares of the answers can become the union's priority weights in the deal tools.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select

from bargaining.storage.ballots import BallotRefused, ballot_group_counts, results
from bargaining.storage.database import reading

MIN_GROUP = 5  # respondents a group needs before its answers are shown (E.8: vendors use 5, never under 3)


@dataclass(frozen=True)
class SurveyResult:
    question: str
    choices: tuple[str, ...]
    respondents: int
    totals: tuple[int, ...] | None  # None when fewer than MIN_GROUP answered at all
    groups: dict[str, tuple[int, ...]]  # shown groups only
    hidden: tuple[str, ...]  # groups not shown: too few respondents, or their absence would expose one


def survey_results(
    engine: Engine, ballot_id: int, at: dt.datetime, min_group: int = MIN_GROUP
) -> SurveyResult:
    """The survey's totals and its groups of at least ``min_group`` respondents, once it has closed."""
    if min_group < 3:
        raise BallotRefused("min_group: at least 3 respondents per group shown")
    result = results(engine, ballot_id, at)
    ballot = result.ballot
    if ballot.kind != "survey":
        raise BallotRefused(f"ballot {ballot_id} is a {ballot.kind}, not a survey")
    counts = {g: [0] * len(ballot.choices) for g in ballot.groups}
    with reading(engine) as connection:
        for row in connection.execute(
            select(ballot_group_counts).where(ballot_group_counts.c.ballot_id == ballot_id)
        ):
            counts[ballot.groups[row.group_index]][row.choice] = int(row.votes)
    size = {g: sum(v) for g, v in counts.items()}
    hidden = {g for g, n in size.items() if n < min_group}
    # Complementary suppression: if the hidden groups together are fewer than min_group, the totals minus
    # the shown groups would give them away; hide the next smallest shown group too, until they are not.
    while 0 < sum(size[g] for g in hidden) < min_group and len(hidden) < len(size):
        hidden.add(min((g for g in size if g not in hidden), key=lambda g: (size[g], g)))
    shown = result.cast >= min_group
    return SurveyResult(
        ballot.question,
        ballot.choices,
        result.cast,
        result.votes if shown else None,
        {g: tuple(v) for g, v in counts.items() if g not in hidden and shown},
        tuple(g for g in ballot.groups if g in hidden or not shown),
    )


def priority_weights(choices: tuple[str, ...], votes: tuple[int, ...]) -> dict[str, int]:
    """Each choice's share of the answers as a weight out of 100 (largest remainders, so they sum to 100)."""
    cast = sum(votes)
    if cast == 0:
        raise BallotRefused("no answers: no weights")
    exact = [100 * v / cast for v in votes]
    weights = [int(x) for x in exact]
    order = sorted(range(len(votes)), key=lambda i: (weights[i] - exact[i], i))
    for i in order[: 100 - sum(weights)]:
        weights[i] += 1
    return dict(zip(choices, weights, strict=True))


def survey_weights(engine: Engine, ballot_id: int, case_id: str, at: dt.datetime) -> dict[str, int]:
    """A closed survey of ``case_id`` as the union's priority weights out of 100; BallotRefused when it is
    another case's, not a survey, still open, or has too few respondents to show anything."""
    found = survey_results(engine, ballot_id, at)
    if results(engine, ballot_id, at).ballot.case_id != case_id:
        raise BallotRefused(f"ballot {ballot_id} is not a survey of {case_id}")
    if found.totals is None:
        raise BallotRefused(
            f"survey {ballot_id} has fewer than {MIN_GROUP} respondents: its answers are not shown"
        )
    return priority_weights(found.choices, found.totals)
