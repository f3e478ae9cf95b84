"""What a fact-finder weighs beside ability to pay: peer districts' pay and the cost of living."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Comparable:
    """One published figure of one district: a benchmark (e.g. "BA step 1") in one fiscal year."""

    district: str
    fiscal_year: str
    benchmark: str
    value: float
    moves_with_raise: bool  # a salary on the schedule moves with on-schedule raises; work days do not
    source: str
    line: int = 0  # where the row is in the comparables file (for messages)


@dataclass(frozen=True)
class PriceIndex:
    """A consumer price index by calendar year (annual averages), with where it comes from."""

    name: str
    by_year: tuple[tuple[int, float], ...]
    source: str

    def fiscal_year(self, start_year: int) -> float | None:
        """A July-June fiscal year's index: the mean of the two calendar years it spans, when both exist."""
        values = dict(self.by_year)
        if start_year in values and start_year + 1 in values:
            return (values[start_year] + values[start_year + 1]) / 2.0
        return None
