"""Blind bidding on one money gap (in the manner of Cybersettle's double-blind rounds).

Each side submits a confidential bottom line per round: the employer the most it will give, the union the
least it will take. In the first round where they overlap the gap settles at the midpoint; if no round
overlaps, all anyone learns is that they did not. Bids never leave this function: the result carries only
the outcome. (A side that knows its own bid can work out the other's from a midpoint settlement; that is
in the nature of splitting the difference, and the docs say so.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BlindBidResult:
    issue: str
    rounds: int  # rounds held (up to and including the settling round)
    settled: bool
    value: float | None = None  # the settlement (midpoint), when settled
    settled_in: int | None = None  # 1-based round that settled

    def describe(self) -> str:
        if self.settled and self.value is not None:
            return f"{self.issue}: the bids overlapped in round {self.settled_in}; settled at the midpoint"
        # Not how many rounds were held: that is the longer side's count, which the other side must not learn.
        return f"{self.issue}: the bids did not overlap; no settlement"


def blind_bid(issue: str, employer: Sequence[float], union: Sequence[float]) -> BlindBidResult:
    """Settle ``issue`` at the midpoint of the first round in which the employer's bid reaches the union's.

    A side with fewer bids than the other stands on its last bid in the remaining rounds.
    """
    if not employer or not union:
        raise ValueError("each side must submit at least one bid")
    if not all(math.isfinite(b) for b in (*employer, *union)):
        raise ValueError("bids must be finite numbers")
    rounds = max(len(employer), len(union))
    for k in range(rounds):
        most = employer[min(k, len(employer) - 1)]
        least = union[min(k, len(union) - 1)]
        if most >= least:
            return BlindBidResult(issue, k + 1, True, (most + least) / 2.0, k + 1)
    return BlindBidResult(issue, rounds, False)
