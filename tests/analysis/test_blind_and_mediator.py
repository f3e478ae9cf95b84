"""Blind bidding and the mediator's single negotiating text on the toy case (worked in test_deal.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargaining.analysis.blind import blind_bid
from bargaining.analysis.deal import analyze
from bargaining.analysis.mediator import mediate, react
from bargaining.inputs import load_case
from bargaining.model import Case, Preferences

CASES = Path(__file__).parent / "cases"


@pytest.fixture(scope="module")
def small() -> Case:
    case, errors = load_case(CASES / "small")
    assert case is not None and not errors
    return case


def test_blind_bid_settles_at_the_first_overlap() -> None:
    # Round 1: 2.0 < 3.5; round 2: 2.5 < 3.0; round 3: 3.0 >= 2.75 -> midpoint (3.0 + 2.75) / 2 = 2.875.
    result = blind_bid("raise", [2.0, 2.5, 3.0], [3.5, 3.0, 2.75])
    assert (result.settled, result.settled_in, result.value) == (True, 3, 2.875)
    assert "round 3" in result.describe() and "2.875" not in result.describe()


def test_blind_bid_without_overlap_reveals_nothing() -> None:
    result = blind_bid("raise", [2.0, 2.5], [3.5, 3.25, 3.0])  # employer stands on 2.5 in round 3
    assert (result.settled, result.rounds, result.value) == (False, 3, None)
    # The union bid three rounds, the employer two: saying "3 rounds" would tell the employer so.
    assert result.describe() == "raise: the bids did not overlap; no settlement"
    with pytest.raises(ValueError):
        blind_bid("raise", [], [1.0])


@given(
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=5),
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=5),
)
def test_blind_bid_settles_between_the_bids(employer: list[float], union: list[float]) -> None:
    result = blind_bid("x", employer, union)
    if result.settled:
        assert result.settled_in is not None and result.value is not None
        k = result.settled_in - 1
        most, least = employer[min(k, len(employer) - 1)], union[min(k, len(union) - 1)]
        assert least <= result.value <= most
    else:
        rounds = max(len(employer), len(union))
        assert all(employer[min(k, len(employer) - 1)] < union[min(k, len(union) - 1)] for k in range(rounds))


def test_reactions_come_from_each_sides_own_scores(small: Case) -> None:
    prefs = small.preferences
    assert isinstance(prefs, Preferences)
    deal = analyze(small, prefs)
    # Row 10 (3%, 5 counselors) scores (14, 65): the union (bottom line 25) accepts, the employer
    # (bottom line 40) does not. Its best one-step moves: 5 -> 0 counselors (+50), 3% -> 2% (+12).
    assert react(deal, "union", 10).accepts
    employer = react(deal, "employer", 10)
    assert not employer.accepts and employer.asks == (("counselors", -1), ("raise", -1))


def test_mediator_reaches_the_nash_package_when_both_share(small: Case) -> None:
    prefs = small.preferences
    assert isinstance(prefs, Preferences)
    deal = analyze(small, prefs)
    result = mediate(deal)
    # Opening: split the difference, (3%, 5) = (14, 65); the employer rejects asking fewer counselors.
    # Answer: texts with fewer counselors or a smaller raise that raise the employer's score and keep the
    # union at 25 or more. Smallest surplus over (40, 25): (76,30) 5, (64,45) 20, (52,60) 12, and below
    # 40 for the rest -> (64,45), 3% and no counselors: both accept, and nothing is better for both.
    rows = [step.package for step in result.steps]
    assert [deal.packages.values[r].tolist() for r in rows] == [[3, 5], [3, 0]]
    assert result.agreed and result.ending == "both_accept"
    assert np.allclose(deal.points()[result.final], [64, 45])


def test_mediator_without_the_unions_preferences_gives_it_less(small: Case) -> None:
    prefs = small.preferences
    assert isinstance(prefs, Preferences) and prefs.union is not None
    hidden = dataclasses.replace(prefs, union=dataclasses.replace(prefs.union, share_with_mediator=False))
    deal = analyze(small, hidden)
    result = mediate(deal)
    # The stand-in for the union scores closeness to its last offer (4%, 10): at (2%, 0) the distance is
    # (2/4 + 10/10) / 2 = 0.75 -> 25, smallest surplus min(76-40, 25-0) = 25, beating (3%, 0) at
    # min(64-40, 37.5) = 24. The union's true score there is 30, above its bottom line, so it accepts.
    assert result.agreed
    assert deal.packages.values[result.final].tolist() == [2, 0]


def test_mediator_reports_when_nothing_better_exists(small: Case) -> None:
    prefs = small.preferences
    assert isinstance(prefs, Preferences) and prefs.employer is not None and prefs.union is not None
    apart = dataclasses.replace(
        prefs,
        employer=dataclasses.replace(prefs.employer, reservation=70),
        union=dataclasses.replace(prefs.union, reservation=50),
    )
    deal = analyze(small, apart)
    assert deal.zopa_size == 0  # no package scores at least (70, 50): the best for the union at E>=70 is 30
    result = mediate(deal)
    assert not result.agreed and result.ending in ("nothing_better", "round_limit")
