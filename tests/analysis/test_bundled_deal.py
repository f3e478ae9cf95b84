"""The figures of docs/validation.md, "Finding the deal", on the two bundled cases.

The preferences in the cases are assumptions; what is held here is that the machinery reproduces the page:
the scores of the real proposals, the mediator's texts, and blind bidding's answers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bargaining.analysis.blind import blind_bid
from bargaining.analysis.deal import DealSpace, analyze
from bargaining.analysis.mediator import mediate
from bargaining.inputs import load_case
from bargaining.model import Preferences

CASES = Path(__file__).resolve().parents[2] / "cases"


def deal_of(name: str) -> DealSpace:
    case, errors = load_case(CASES / name)
    assert case is not None and not errors, errors
    prefs = case.extra["preferences"]
    assert isinstance(prefs, Preferences)
    return analyze(case, prefs)


def offer(deal: DealSpace, proposal_id: str) -> tuple[float, float, float, float]:
    """(cost $M, last-year cost $M, employer score, union score) of a proposal, as the page rounds them."""
    row = next(i for i, p in enumerate(deal.offers) if p.id == proposal_id)
    v = deal.offer_values
    e, u = deal.points(v)[row]
    return (
        round(v.cost[row] / 1e6, 1),
        round(v.ongoing_cost[row] / 1e6, 1),
        round(float(e), 1),
        round(float(u), 1),
    )


def shown(deal: DealSpace, row: int) -> list[str]:
    space = deal.prefs.space
    return [issue.show(value) for issue, value in zip(space.issues, deal.packages.values[row], strict=True)]


@pytest.fixture(scope="module")
def lausd() -> DealSpace:
    return deal_of("lausd-2019")


@pytest.fixture(scope="module")
def denver() -> DealSpace:
    return deal_of("denver-2025")


def test_lausd_proposals_as_the_page_shows_them(lausd: DealSpace) -> None:
    assert lausd.prefs.space.size == 302_400 and not lausd.sampled
    assert offer(lausd, "utla-2018-08") == (1145.2, 200.2, 55.8, 50.0)
    assert offer(lausd, "lausd-2019-01-11") == (947.3, 187.6, 64.6, 43.6)
    assert offer(lausd, "settlement-2019-01-22") == (1260.7, 428.4, 34.2, 58.9)
    # Consistent with history under the assumed bottom lines (30, 50): the union struck rather than take
    # the last offer; both sides can live with the settlement.
    assert offer(lausd, "lausd-2019-01-11")[3] < 50 <= offer(lausd, "settlement-2019-01-22")[3]
    assert offer(lausd, "settlement-2019-01-22")[2] >= 30
    assert lausd.zopa_size == 116_293


def test_lausd_mediation(lausd: DealSpace) -> None:
    result = mediate(lausd)
    assert result.agreed and [s.why for s in result.steps] == ["opening", "improve"]
    opening, final = result.steps[0].package, result.final
    assert shown(lausd, opening) == ["4.5", "2016-07-01", "1.5", "300", "2020-06-30", "1", "1"]
    assert shown(lausd, final) == ["4.5", "2016-07-01", "0", "1,400", "2020-06-30", "3", "0"]
    assert np.round(lausd.points()[final], 1).tolist() == [58.7, 59.0]
    assert round(lausd.packages.cost[final] / 1e6, 1) == 1095.4
    assert round(lausd.packages.ongoing_cost[final] / 1e6, 1) == 189.0
    prefs = lausd.prefs
    assert prefs.employer is not None and prefs.union is not None
    bids = blind_bid("raise_1", *(p.bottom_line("raise_1") or () for p in (prefs.employer, prefs.union)))
    assert not bids.settled and bids.rounds == 2


def test_denver_proposals_and_mediation(denver: DealSpace) -> None:
    assert denver.prefs.space.size == 617_400
    assert offer(denver, "dcta-2025-04-21") == (139.6, 54.2, 5.1, 95.0)
    assert offer(denver, "dps-2025-04-28") == (42.0, 16.0, 75.9, 31.7)
    assert offer(denver, "settlement-2025-06-24") == (68.2, 28.2, 47.6, 57.7)
    result = mediate(denver)
    assert result.agreed
    assert shown(denver, result.steps[0].package) == [
        "1.5",
        "750",
        "750",
        "500",
        "0",
        "32",
        "2025-09-01",
        "22",
    ]
    assert shown(denver, result.final) == ["0.5", "250", "0", "0", "2,000", "30", "2026-09-01", "20"]
    assert round(denver.packages.cost[result.final] / 1e6, 1) == 81.0
    nash = denver.solutions["nash"]
    assert shown(denver, nash) == ["0", "0", "0", "0", "2,000", "32", "2026-09-01", "20"]
    assert round(denver.packages.cost[nash] / 1e6, 1) == 68.0
    prefs = denver.prefs
    assert prefs.employer is not None and prefs.union is not None
    bids = blind_bid("cola_1", *(p.bottom_line("cola_1") or () for p in (prefs.employer, prefs.union)))
    assert (bids.settled, bids.settled_in, bids.value) == (True, 3, 1000.0)
