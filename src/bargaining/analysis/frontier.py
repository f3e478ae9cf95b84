"""The Pareto frontier of a set of utility points (larger is better in every coordinate).

A point is dominated when another is at least as good in every coordinate and strictly better in one.
Exact duplicates do not dominate each other, so every copy of a non-dominated point is kept.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

# Candidates compared at once on the general path: bounds the (frontier x block x k) temporaries.
_BLOCK_CELLS = 4_000_000


def as_points(points: ArrayLike) -> FloatArray:
    """Check and convert to an (n, k) float array; NaN has no order, so it is refused."""
    array = np.asarray(points, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError(f"points must be an (n, k) array, got shape {array.shape}")
    if np.isnan(array).any():
        raise ValueError("points contain NaN; utilities must be ordered numbers")
    return array


def pareto_mask(points: ArrayLike) -> BoolArray:
    """Mask of the non-dominated rows of an (n, k) array.

    Two coordinates take O(n log n) (one sort and a running maximum); more take a sorted block scan.
    """
    array = as_points(points)
    n, k = array.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    if k == 0:
        return np.ones(n, dtype=bool)
    if k == 1:
        return np.asarray(array[:, 0] == array[:, 0].max(), dtype=np.bool_)
    if k == 2:
        return _pareto_2d(array[:, 0], array[:, 1])
    return _pareto_nd(array)


def _pareto_2d(x: FloatArray, y: FloatArray) -> BoolArray:
    """Sort by x descending; a point survives when it has the best y among equal x and beats every y
    seen at a strictly larger x.

    Before sorting, a few linear passes drop the points a pivot (the best by x+y, by x, by y)
    dominates: typically most of them, so the sort runs on far fewer points. Removing points some pivot
    dominates is safe whether or not the pivot itself survives.
    """
    candidates = np.ones(x.size, dtype=bool)
    for score in (x + y, x, y):
        pivot = int(np.argmax(score))
        px, py = x[pivot], y[pivot]
        candidates &= (x > px) | (y > py) | ((x == px) & (y == py))
    index = np.flatnonzero(candidates)
    mask = np.zeros(x.size, dtype=bool)
    mask[index] = _pareto_2d_sorted(x[index], y[index])
    return mask


def _pareto_2d_sorted(x: FloatArray, y: FloatArray) -> BoolArray:
    order = np.argsort(-x)  # equal x form one group below, so the sort need not be stable
    xs, ys = x[order], y[order]
    n = xs.size
    is_start = np.empty(n, dtype=bool)
    is_start[0] = True
    np.not_equal(xs[1:], xs[:-1], out=is_start[1:])
    group_best = np.maximum.reduceat(ys, np.flatnonzero(is_start))
    # Best y among strictly larger x, for each group: running max of the groups before it.
    before = np.empty_like(group_best)
    before[0] = -np.inf
    np.maximum.accumulate(group_best[:-1], out=before[1:])
    group = np.cumsum(is_start) - 1
    keep_sorted = (ys == group_best[group]) & (ys > before[group])
    mask = np.empty(n, dtype=bool)
    mask[order] = keep_sorted
    return mask


def _pareto_nd(array: FloatArray) -> BoolArray:
    """General k: after a descending lexicographic sort a dominator always comes before the point it
    dominates, so one pass comparing each block against the frontier so far (and itself) suffices.
    Dominance is transitive, so testing against the block's own dominated points does no harm."""
    n, _ = array.shape
    order = np.lexsort(tuple(-array[:, j] for j in range(array.shape[1] - 1, -1, -1)))
    ordered = array[order]
    keep_sorted = np.zeros(n, dtype=bool)
    frontier = ordered[:0]
    start = 0
    while start < n:
        size = max(1, min(n - start, _BLOCK_CELLS // max(1, frontier.shape[0] + 1), 4096))
        block = ordered[start : start + size]
        alive = ~_dominated_by(block, frontier) & ~_dominated_by(block, block)
        keep_sorted[start : start + size] = alive
        frontier = np.concatenate((frontier, block[alive]))
        start += size
    mask = np.empty(n, dtype=bool)
    mask[order] = keep_sorted
    return mask


def _dominated_by(candidates: FloatArray, others: FloatArray) -> BoolArray:
    """(c,) True where some row of ``others`` dominates the candidate."""
    if others.shape[0] == 0:
        return np.zeros(candidates.shape[0], dtype=bool)
    geq = np.all(others[None, :, :] >= candidates[:, None, :], axis=2)
    gt = np.any(others[None, :, :] > candidates[:, None, :], axis=2)
    return np.asarray(np.any(geq & gt, axis=1), dtype=np.bool_)
