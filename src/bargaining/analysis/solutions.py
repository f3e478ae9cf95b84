"""Bargaining solutions over a finite set of utility points: Nash, Kalai–Smorodinsky, maximum joint gain,
the zone of possible agreement and how far an offer sits from the frontier.

Every chooser takes an (n, k) array (larger is better) and the disagreement point (each side's
reservation value) and returns a row index, or -1 when no row qualifies. Ties go to the lowest index.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from bargaining.analysis.frontier import BoolArray, FloatArray, as_points


def _gains(points: ArrayLike, disagreement: ArrayLike) -> FloatArray:
    array = as_points(points)
    d = np.asarray(disagreement, dtype=np.float64).reshape(-1)
    if d.size != array.shape[1]:
        raise ValueError(f"disagreement has {d.size} coordinates, points have {array.shape[1]}")
    if np.isnan(d).any():
        raise ValueError("disagreement contains NaN")
    gains: FloatArray = array - d[None, :]
    return gains


def _best(score: FloatArray, eligible: BoolArray) -> int:
    if not eligible.any():
        return -1
    return int(np.argmax(np.where(eligible, score, -np.inf)))


def nash_point(points: ArrayLike, disagreement: ArrayLike) -> int:
    """Index of the point maximising the product of gains over ``disagreement`` among the points that
    strictly beat it in every coordinate; -1 when none does.

    With every gain positive, a point that dominates another has a larger product, so the answer is
    always on the Pareto frontier.
    """
    gains = _gains(points, disagreement)
    if gains.shape[0] == 0:
        return -1
    beats = gains[:, 0] > 0
    product = gains[:, 0].copy()
    for j in range(1, gains.shape[1]):
        beats &= gains[:, j] > 0
        product *= gains[:, j]
    return _best(product, beats)


def kalai_smorodinsky(points: ArrayLike, disagreement: ArrayLike) -> int:
    """Index of the point giving every side the same share of its best attainable gain, as near as the
    finite set allows: maximise the smallest gain / ideal gain among points that strictly beat the
    disagreement point. Among equal minima the larger total share wins (so a dominated point never does)."""
    gains = _gains(points, disagreement)
    beats = np.asarray(np.all(gains > 0, axis=1), dtype=np.bool_)
    if not beats.any():
        return -1
    ideal = gains[beats].max(axis=0)
    shares = gains / ideal[None, :]
    worst = np.where(beats, shares.min(axis=1), -np.inf)
    tied = worst == worst.max()
    return _best(shares.sum(axis=1), tied)


def max_joint_gain(points: ArrayLike, disagreement: ArrayLike) -> int:
    """Index of the acceptable point (every coordinate at least the disagreement value) with the largest
    sum: the utilitarian solution, meaningful when the utilities share a scale (here 0-100 points)."""
    gains = _gains(points, disagreement)
    acceptable = np.asarray(np.all(gains >= 0, axis=1), dtype=np.bool_)
    return _best(gains.sum(axis=1), acceptable)


def zopa_mask(points: ArrayLike, reservation: ArrayLike) -> BoolArray:
    """The zone of possible agreement: points every side likes at least as much as walking away."""
    return np.asarray(np.all(_gains(points, reservation) >= 0, axis=1), dtype=np.bool_)


def frontier_distance(frontier: ArrayLike, offer: ArrayLike) -> float:
    """Euclidean distance from ``offer`` to the nearest point of ``frontier`` (the rows pareto_mask kept).

    Zero when the offer is itself a frontier point. NaN when the frontier is empty.
    """
    front = as_points(frontier)
    if front.shape[0] == 0:
        return float("nan")
    delta = front - np.asarray(offer, dtype=np.float64).reshape(1, -1)
    return float(np.sqrt((delta * delta).sum(axis=1)).min())


def joint_improvement(points: ArrayLike, offer: ArrayLike) -> tuple[int, float]:
    """The point that raises the worst-off side's utility most over ``offer`` and by how much.

    A positive amount means some package gives every side at least that much more than the offer
    ("value left on the table"); zero or less means no package improves everyone.
    """
    gains = _gains(points, offer)
    if gains.shape[0] == 0:
        return -1, float("nan")
    worst = gains.min(axis=1)
    index = int(np.argmax(worst))
    return index, float(worst[index])
