"""Summaries of many runs that merge exactly, so 10^8 runs on a cluster need not travel back whole.

Counts and histograms are integers: they add up the same in any order. Means, variances and the
correlations of the sensitivity table are floating point, whose sums depend on their order; so they are
computed per fixed block of ``BLOCK`` runs (block b is always runs ``b*BLOCK`` to ``(b+1)*BLOCK - 1``,
whatever the batch) and the blocks are merged in block order. The same seed therefore gives the same
summary, bit for bit, for any batch size (a multiple of BLOCK) and any number of workers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargaining.simulate.dispute import PHASES, DisputeModel
from bargaining.simulate.engine import RunTable
from bargaining.simulate.protocol import FloatArray

BLOCK = 4096
# Costs are binned on a signed log scale: 50 bins a decade from $1 to $10^12, so a quantile read from the
# histogram is within 2.4% of the exact one.
BINS_PER_DECADE = 50
DECADES = 12
_HALF = BINS_PER_DECADE * DECADES + 1
COST_BINS = 2 * _HALF + 1

Counts = NDArray[np.int64]


def cost_bin(x: FloatArray) -> NDArray[np.intp]:
    magnitude = np.floor(BINS_PER_DECADE * np.log10(np.maximum(np.abs(x), 1.0))).astype(np.intp) + 1
    magnitude = np.where(np.abs(x) < 1.0, 0, np.minimum(magnitude, _HALF))
    index: NDArray[np.intp] = _HALF + np.sign(x).astype(np.intp) * magnitude
    return index


def bin_value(index: int) -> float:
    """The geometric middle of a cost bin."""
    magnitude = abs(index - _HALF)
    if magnitude == 0:
        return 0.0
    return float(np.sign(index - _HALF) * 10 ** ((magnitude - 0.5) / BINS_PER_DECADE))


@dataclass(frozen=True)
class Moments:
    """Counts, means and centred sums for outcomes y (M of them, each with its own valid runs) and their
    co-moments with the inputs' quantiles u (K of them), over the same valid runs."""

    n: FloatArray  # (M,)
    y_mean: FloatArray  # (M,)
    y_m2: FloatArray  # (M,)
    u_mean: FloatArray  # (K, M)
    u_m2: FloatArray  # (K, M)
    co: FloatArray  # (K, M)

    @classmethod
    def of(cls, y: FloatArray, valid: NDArray[np.bool_], u: FloatArray) -> Moments:
        """Two-pass sums over one block; y (B, M), valid (B, M), u (B, K)."""
        w = valid.astype(np.float64)
        n = w.sum(axis=0)
        safe = np.maximum(n, 1.0)
        y_mean = (np.where(valid, y, 0.0)).sum(axis=0) / safe
        dy = np.where(valid, y - y_mean, 0.0)
        u_mean = (u[:, :, None] * w[:, None, :]).sum(axis=0) / safe
        du = (u[:, :, None] - u_mean[None, :, :]) * w[:, None, :]
        return cls(
            n, y_mean, (dy * dy).sum(axis=0), u_mean, (du * du).sum(axis=0), (du * dy[:, None, :]).sum(axis=0)
        )

    def merge(self, other: Moments) -> Moments:
        """Chan et al.'s pairwise update."""
        n = self.n + other.n
        safe = np.maximum(n, 1.0)
        share = other.n / safe
        weight = self.n * other.n / safe
        dy = other.y_mean - self.y_mean
        du = other.u_mean - self.u_mean
        return Moments(
            n=n,
            y_mean=self.y_mean + dy * share,
            y_m2=self.y_m2 + other.y_m2 + dy * dy * weight,
            u_mean=self.u_mean + du * share,
            u_m2=self.u_m2 + other.u_m2 + du * du * weight,
            co=self.co + other.co + du * dy * weight,
        )

    def correlation(self) -> FloatArray:
        """Pearson correlation of each input's quantile with each outcome (NaN where either is constant)."""
        denominator = np.sqrt(self.u_m2 * self.y_m2[None, :])
        with np.errstate(invalid="ignore", divide="ignore"):
            result: FloatArray = np.where(denominator > 0, self.co / denominator, np.nan)
        return result


@dataclass(frozen=True)
class Tally:
    """Everything the summary needs from a set of runs."""

    runs: int
    phases: Counts
    strike_days: Counts
    settle_days: Counts
    terms: tuple[Counts, ...]  # per issue: settled runs at each of its levels
    struck_terms: tuple[Counts, ...]  # the same, over the settled runs that had a strike
    union_cost: Counts
    district_cost: Counts
    blocks: tuple[tuple[int, Moments], ...]

    @classmethod
    def of(cls, model: DisputeModel, table: RunTable) -> Tally:
        if table.first_run % BLOCK:
            raise ValueError(
                f"a batch must start at a multiple of {BLOCK} runs, not at run {table.first_run}"
            )
        settled = table.outcome >= 0
        struck = table.strike_days > 0
        last_day = model.timetable.offset(model.timetable.strike_days[-1])
        y, valid = outcome_matrix(model, table)
        blocks = []
        for start in range(0, len(table), BLOCK):
            part = slice(start, start + BLOCK)
            moments = Moments.of(y[part], valid[part], table.quantiles[part])
            blocks.append(((table.first_run + start) // BLOCK, moments))
        return cls(
            runs=len(table),
            phases=np.bincount(table.phase, minlength=len(PHASES)).astype(np.int64),
            strike_days=np.bincount(table.strike_days, minlength=len(model.timetable.strike_days) + 1).astype(
                np.int64
            ),
            settle_days=np.bincount(table.settle_day[settled], minlength=last_day + 1).astype(np.int64),
            terms=tuple(
                np.bincount(index[table.outcome[settled]], minlength=levels.size).astype(np.int64)
                for index, levels in zip(model.outcomes.level_index.T, model.outcomes.levels, strict=True)
            ),
            struck_terms=tuple(
                np.bincount(index[table.outcome[settled & struck]], minlength=levels.size).astype(np.int64)
                for index, levels in zip(model.outcomes.level_index.T, model.outcomes.levels, strict=True)
            ),
            union_cost=np.bincount(cost_bin(table.union_cost[struck]), minlength=COST_BINS).astype(np.int64),
            district_cost=np.bincount(cost_bin(table.district_cost[struck]), minlength=COST_BINS).astype(
                np.int64
            ),
            blocks=tuple(blocks),
        )

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            runs=self.runs + other.runs,
            phases=self.phases + other.phases,
            strike_days=self.strike_days + other.strike_days,
            settle_days=self.settle_days + other.settle_days,
            terms=tuple(a + b for a, b in zip(self.terms, other.terms, strict=True)),
            struck_terms=tuple(a + b for a, b in zip(self.struck_terms, other.struck_terms, strict=True)),
            union_cost=self.union_cost + other.union_cost,
            district_cost=self.district_cost + other.district_cost,
            blocks=self.blocks + other.blocks,
        )

    def moments(self) -> Moments:
        """All blocks merged in block order (whatever order the tallies were added in)."""
        ordered = sorted(self.blocks, key=lambda item: item[0])
        if not ordered:
            raise ValueError("no runs")
        total = ordered[0][1]
        for _, block in ordered[1:]:
            total = total.merge(block)
        return total


def outcome_names(model: DisputeModel) -> tuple[str, ...]:
    return (
        "strike",
        "strike_days",
        "days_to_settlement",
        "union_cost",
        "district_cost",
        *model.outcomes.names,
    )


def outcome_matrix(model: DisputeModel, table: RunTable) -> tuple[FloatArray, NDArray[np.bool_]]:
    """(runs, M) outcomes and where each is defined (settlement terms and days only for settled runs)."""
    settled = table.outcome >= 0
    terms = model.outcomes.values[np.maximum(table.outcome, 0)]
    y = np.column_stack(
        (
            (table.strike_days > 0).astype(np.float64),
            table.strike_days.astype(np.float64),
            table.settle_day.astype(np.float64),
            table.union_cost,
            table.district_cost,
            terms,
        )
    )
    valid = np.ones(y.shape, dtype=bool)
    valid[:, 2] = settled
    valid[:, 5:] = settled[:, None]
    return y, valid
