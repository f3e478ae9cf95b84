"""Movement, stalls, uncountered proposals and the projection, on the hand-worked case (see conftest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from bargaining.costing import CostContext, cost_proposal
from bargaining.inputs import load_case
from bargaining.model import Case, Proposal
from bargaining.model.events import Event
from bargaining.record import TOTAL, Movement, movement

D = dt.date.fromisoformat


def _load(folder: Path) -> tuple[Case, tuple[Event, ...]]:
    case, errors = load_case(folder)
    assert case is not None, [str(e) for e in errors]
    return case, case.record


def _moves(folder: Path, day: str) -> Movement:
    case, events = _load(folder)
    ctx = CostContext.of(case)

    def price(proposal: Proposal) -> float:
        return cost_proposal(ctx, proposal).total

    return movement(case.proposals, events, D(day), case.contract_expires, price)


def test_positions_gap_and_movement_in_dollars_and_percent(hand_case: Path) -> None:
    found = _moves(hand_case, "2018-11-10")
    salary = found.track("2")
    assert [(p.proposal, p.dollars, p.values["percent"]) for p in salary.points] == [
        ("u1", pytest.approx(33_000), pytest.approx(6.0)),
        ("d1", pytest.approx(11_000), pytest.approx(2.0)),
        ("d2", pytest.approx(22_000), pytest.approx(4.0)),
    ]
    # The district moved 2 points, $11,000, toward the union with d2; first positions are not movement.
    assert salary.points[2].moved_dollars == pytest.approx(11_000)
    assert salary.points[2].moved_values == {"percent": pytest.approx(2.0)}
    assert salary.points[0].moved_dollars is None
    # The gap: nothing until both sides hold a position, then 33,000 - 11,000 and 33,000 - 22,000.
    assert [(g.date, g.gap) for g in salary.gap_dollars] == [
        (D("2018-09-01"), None),
        (D("2018-09-10"), pytest.approx(22_000)),
        (D("2018-10-10"), pytest.approx(11_000)),
    ]
    assert [g.gap for g in salary.gap_values["percent"]][1:] == [pytest.approx(4.0), pytest.approx(2.0)]


def test_sessions_without_movement(hand_case: Path) -> None:
    found = _moves(hand_case, "2018-11-10")
    salary = found.track("2")
    # Last movement on 10 Oct; the sessions of 20 Oct, 30 Oct and 9 Nov moved nothing.
    assert (salary.last_moved, salary.stalled_sessions) == (D("2018-10-10"), 3)
    by_day = {s.date: s for s in found.sessions}
    assert by_day[D("2018-10-10")].employer == pytest.approx(11_000)
    assert by_day[D("2018-10-10")].items_moved == ("2",)
    assert by_day[D("2018-10-20")].employer == 0.0 and by_day[D("2018-10-20")].items_moved == ()


def test_proposals_without_a_counter(hand_case: Path) -> None:
    found = _moves(hand_case, "2018-11-10")
    # u1 was answered by d1; the union has passed nothing since d1 and d2.
    assert [(u.proposal, u.days_waiting) for u in found.uncountered] == [("d1", 61), ("d2", 31)]
    earlier = _moves(hand_case, "2018-09-05")
    assert [u.proposal for u in earlier.uncountered] == ["u1"]


def test_projection_at_the_current_pace(hand_case: Path) -> None:
    found = _moves(hand_case, "2018-11-10")
    total = next(p for p in found.projections if p.item == TOTAL)
    # Gap points (days from 10 Nov, dollars): (-61, 22000), (-31, 11000) and today (0, 11000).
    # Least squares: mean x = -92/3, mean y = 44000/3; Sxy = sum (x - mx)(y - my), Sxx = sum (x - mx)^2.
    xs, ys = [-61.0, -31.0, 0.0], [22_000.0, 11_000.0, 11_000.0]
    mx, my = sum(xs) / 3, sum(ys) / 3
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    assert slope == pytest.approx(-179.32, abs=0.01)
    assert total.pace_per_day == pytest.approx(slope)
    # 11,000 / 179.32 = 61.3 days, rounded up: 62 days after 10 Nov is 11 Jan 2019, 11 days after expiry.
    assert total.closes == D("2019-01-11")
    assert total.months_after_expiration == pytest.approx(11 / (365.25 / 12))


def test_a_gap_that_does_not_move_is_not_closing(make_case: Callable[[str, str], Path]) -> None:
    # The district repeats its 2% on 10 Oct: the gap stays at $22,000.
    folder = make_case("flat", "")
    text = (folder / "case.yaml").read_text().replace("percent: 4,", "percent: 2,")
    (folder / "case.yaml").write_text(text)
    found = _moves(folder, "2018-11-10")
    total = next(p for p in found.projections if p.item == TOTAL)
    assert (total.gap, total.pace_per_day, total.closes) == (pytest.approx(22_000), 0.0, None)
    salary = found.track("2")
    assert salary.last_moved == D("2018-09-10")  # d2 says what d1 said: no movement
    assert salary.points[2].moved is False


def test_the_record_names_the_proposals_passed(make_case: Callable[[str, str], Path]) -> None:
    # Once proposal_passed events exist, a proposal they never name (a draft, a variant) is no position.
    folder = make_case(
        "named",
        """
events:
  - {date: 2018-09-01, type: proposal_passed, proposal: u1, by: union}
  - {date: 2018-09-10, type: proposal_passed, proposal: d1, by: employer}
""",
    )
    found = _moves(folder, "2018-11-10")
    assert [p.proposal for p in found.track("2").points] == ["u1", "d1"]


def test_a_settlement_closes_the_gap(make_case: Callable[[str, str], Path]) -> None:
    folder = make_case(
        "settled",
        """
  - {id: ta, party: joint, date: 2018-11-01,
     terms: [{type: raise, percent: 4, effective: 2018-07-01, article: "2"}]}
events:
  - {date: 2018-11-01, type: settlement, by: both, proposal: ta}
""",
    )
    found = _moves(folder, "2018-11-10")
    assert found.track("2").gap_dollars[-1].gap == pytest.approx(0.0)
    assert found.uncountered == ()
