"""Pareto frontier and bargaining solutions, against hand-worked sets and a brute-force oracle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bargaining.analysis import (
    frontier_distance,
    joint_improvement,
    kalai_smorodinsky,
    max_joint_gain,
    nash_point,
    pareto_mask,
    zopa_mask,
)


def brute_pareto(points: np.ndarray) -> np.ndarray:
    """O(n^2) definition: dominated when another row is >= everywhere and > somewhere."""
    n = points.shape[0]
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        for j in range(n):
            if np.all(points[j] >= points[i]) and np.any(points[j] > points[i]):
                keep[i] = False
                break
    return keep


def brute_nash_value(points: np.ndarray, d: np.ndarray) -> float | None:
    best = None
    for row in points:
        if np.all(row > d):
            value = float(np.prod(row - d))
            best = value if best is None else max(best, value)
    return best


# Small integer grids make exact ties and duplicates common, which is where frontier code goes wrong.
small_ints = st.integers(min_value=0, max_value=4).map(float)


def point_sets(k: int) -> st.SearchStrategy[np.ndarray]:
    return st.integers(0, 40).flatmap(lambda n: arrays(np.float64, (n, k), elements=small_ints))


@settings(max_examples=300, deadline=None)
@given(point_sets(2))
def test_pareto_2d_matches_brute_force(points: np.ndarray) -> None:
    assert np.array_equal(pareto_mask(points), brute_pareto(points))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(point_sets))
def test_pareto_any_k_matches_brute_force(points: np.ndarray) -> None:
    assert np.array_equal(pareto_mask(points), brute_pareto(points))


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, (120, 3), elements=st.floats(-1e6, 1e6, allow_nan=False)))
def test_pareto_3d_continuous_matches_brute_force(points: np.ndarray) -> None:
    assert np.array_equal(pareto_mask(points), brute_pareto(points))


def test_pareto_hand_worked_ties_and_duplicates() -> None:
    points = np.array(
        [
            [3, 1],  # 0 kept: best x
            [3, 1],  # 1 kept: duplicate of a frontier point
            [3, 0],  # 2 dropped: same x as 0, lower y
            [2, 2],  # 3 kept
            [1, 2],  # 4 dropped: same y as 3, lower x
            [0, 3],  # 5 kept: best y
            [2, 1],  # 6 dropped by 0 and by 3
        ],
        dtype=float,
    )
    assert pareto_mask(points).tolist() == [True, True, False, True, False, True, False]


def test_pareto_rejects_nan_and_wrong_shape() -> None:
    with pytest.raises(ValueError, match="NaN"):
        pareto_mask([[1.0, float("nan")]])
    with pytest.raises(ValueError, match=r"\(n, k\)"):
        pareto_mask([1.0, 2.0])
    assert pareto_mask(np.zeros((0, 2))).shape == (0,)


@settings(max_examples=300, deadline=None)
@given(point_sets(2), st.tuples(small_ints, small_ints))
def test_nash_matches_brute_force(points: np.ndarray, d: tuple[float, float]) -> None:
    disagreement = np.array(d)
    index = nash_point(points, disagreement)
    best = brute_nash_value(points, disagreement)
    if best is None:
        assert index == -1
    else:
        assert np.all(points[index] > disagreement)
        assert float(np.prod(points[index] - disagreement)) == best
        assert pareto_mask(points)[index]


def test_nash_hand_worked() -> None:
    # Gains over d=(1,1): (3,1)->2*0=0 does not beat d; (2,3)->1*2=2; (3,2)->2*1=2; (2.5,2.5)->1.5^2=2.25.
    points = np.array([[4, 1], [2, 3], [3, 2], [2.5, 2.5]])
    assert nash_point(points, [1, 1]) == 3
    assert nash_point(points, [5, 0]) == -1
    # Ties go to the lowest index: (2,3) and (3,2) both give 2 over (1,1).
    assert nash_point(points[:3], [1, 1]) == 1


def test_kalai_smorodinsky_hand_worked() -> None:
    # d=(0,0); ideal gains (10, 5). Shares: A (10,1)->min(1,.2)=.2; B (6,3)->min(.6,.6)=.6;
    # C (8,2)->min(.8,.4)=.4; D (4,4)->min(.4,.8)=.4. KS picks B.
    points = np.array([[10, 1], [6, 3], [8, 2], [4, 4]])
    assert kalai_smorodinsky(points, [0, 0]) == 1
    assert kalai_smorodinsky(points, [10, 10]) == -1
    # A dominated point tied on the minimum share loses to the point that dominates it.
    tied = np.array([[6, 3], [6, 5], [12, 5]])  # ideal (12,5): shares .5/.6, .5/1, 1/1
    assert kalai_smorodinsky(tied, [0, 0]) == 2


def test_max_joint_gain_and_zopa() -> None:
    points = np.array([[10, 1], [6, 3], [8, 2], [4, 4]])
    # Reservation (5, 2): acceptable rows are 1 (6,3) and 2 (8,2); sums 9 and 10.
    assert zopa_mask(points, [5, 2]).tolist() == [False, True, True, False]
    assert max_joint_gain(points, [5, 2]) == 2
    assert max_joint_gain(points, [11, 0]) == -1
    assert not zopa_mask(points, [9, 3]).any()


def test_frontier_distance_and_joint_improvement() -> None:
    frontier = np.array([[0.0, 10.0], [6.0, 8.0], [10.0, 0.0]])
    # From (3, 4): to (6,8) is sqrt(9+16)=5, to (0,10) sqrt(9+36)=6.7, to (10,0) sqrt(49+16)=8.06.
    assert frontier_distance(frontier, [3.0, 4.0]) == pytest.approx(5.0)
    assert frontier_distance(frontier, [6.0, 8.0]) == 0.0
    index, amount = joint_improvement(frontier, [3.0, 4.0])
    assert (index, amount) == (1, 3.0)  # (6,8) gives both at least +3 (min of +3, +4)
    assert joint_improvement(frontier, [6.0, 8.0])[1] == 0.0


def test_public_api_is_exactly_all() -> None:
    import bargaining.analysis as analysis

    exported = {name for name in dir(analysis) if not name.startswith("_")}
    modules = {
        "blind",
        "derive",
        "positions",
        "deal",
        "frontier",
        "mediator",
        "reference",
        "solutions",
        "space",
        "valuation",
        "views",
    }
    assert exported - modules == set(analysis.__all__)
    assert callable(analysis.pareto_mask) and callable(analysis.nash_point)
