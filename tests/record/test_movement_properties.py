"""Invariants of movement over random exchanges of raise proposals."""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
from hypothesis import given, settings

from bargaining.model import Proposal
from bargaining.record import TOTAL, movement

START = dt.date(2020, 1, 1)
OFFERS = st.lists(
    st.tuples(st.sampled_from(["employer", "union"]), st.integers(0, 200), st.integers(0, 12)), max_size=12
)


def _price(proposal: Proposal) -> float:
    """$1,000 per raise point: a stand-in for the costing engine that is easy to check."""
    return 1000.0 * sum(getattr(t, "percent", 0.0) for t in proposal.terms)


@settings(max_examples=80, deadline=None)
@given(offers=OFFERS)
def test_the_gap_is_the_union_position_less_the_district_position(offers: list[tuple[str, int, int]]) -> None:
    proposals = [
        Proposal.model_validate(
            {
                "id": f"p{i}",
                "party": party,
                "date": START + dt.timedelta(days=day),
                "terms": [{"type": "raise", "percent": percent, "effective": "2020-07-01", "article": "2"}],
            }
        )
        for i, (party, day, percent) in enumerate(offers)
    ]
    as_of = START + dt.timedelta(days=250)
    found = movement(proposals, (), as_of, None, _price)
    if not proposals:
        assert [t.item for t in found.tracks] == [TOTAL] and found.projections == ()
        return
    track = found.track("2")
    ordered = sorted(enumerate(proposals), key=lambda item: (item[1].date, item[0]))
    for gap in track.gap_dollars:
        held = {}
        for _, p in ordered:
            if p.date <= gap.date:
                held[p.party] = _price(p)
        assert gap.employer == held.get("employer") and gap.union == held.get("union")
    # Movement toward the other side adds up to the change in each side's position.
    for side, sign in (("employer", 1.0), ("union", -1.0)):
        mine = [p for p in track.points if p.party == side]
        if len(mine) > 1:
            moved = sum(p.moved_dollars or 0.0 for p in mine)
            assert abs(moved - sign * ((mine[-1].dollars or 0.0) - (mine[0].dollars or 0.0))) < 1e-6
    contacts = len({p.date for p in proposals})
    assert 0 <= track.stalled_sessions <= contacts
    # Every term is on Art. 2, so the whole package moves with it.
    assert found.track(TOTAL).gap_dollars == track.gap_dollars
    # A projected closing lies ahead, unless the gap has already closed (then it is the day it did).
    for projection in found.projections:
        assert projection.closes is None or projection.closes >= as_of or abs(projection.gap) <= 0.5
