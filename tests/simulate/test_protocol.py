"""alternating_offers and the strategies, on small examples worked by hand, plus invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bargaining.simulate import (
    NegotiationState,
    OfferTable,
    alternating_offers,
    boulware,
    conceder,
    linear,
    reservation_aware,
    time_dependent,
    tit_for_tat,
)

# Three packages: A's favourite, a split, B's favourite.
A3 = [1.0, 0.5, 0.0]
B3 = [0.0, 0.5, 1.0]


def test_linear_against_linear_on_three_outcomes() -> None:
    # rounds=5, so t = k/4 and a linear target is 1 - t.
    # k=0, A proposes at target 1: only outcome 0 qualifies. B's target is 1; u_b(0)=0: rejected.
    # k=1, B proposes at 0.75: only outcome 2 (u_b=1). A's target 0.75; u_a(2)=0: rejected.
    # k=2, A proposes at 0.5: outcomes 0 and 1 qualify; B prefers 1 (u_b=0.5). B's target 0.5: accepted.
    result = alternating_offers(A3, B3, linear(), linear(), rounds=5)
    assert result.outcome.tolist() == [1]
    assert result.round.tolist() == [2]


def test_conceder_against_boulware_on_three_outcomes() -> None:
    # A concedes as 1 - t**0.5, B as 1 - t**2; t = k/4.
    # k=0 A offers 0 (target 1); B (target 1) rejects.
    # k=1 B at 1-1/16=0.9375 offers 2; A at 1-0.5=0.5 rejects (u_a=0).
    # k=2 A at 1-0.7071=0.2929 offers 1 (best for B among u_a>=0.29); B at 1-0.25=0.75 rejects (0.5).
    # k=3 B at 1-0.5625=0.4375 offers 1 (best for A among u_b>=0.44); A at 1-0.866=0.134 accepts.
    result = alternating_offers(A3, B3, conceder(2.0), boulware(0.5), rounds=5)
    assert (result.outcome[0], result.round[0]) == (1, 3)


def test_reserved_values_with_no_overlap_mean_no_agreement() -> None:
    # Outcome 1 gives each side 0.5 < 0.6 reserved; the others give one side 0: nothing is acceptable to both.
    result = alternating_offers(A3, B3, linear(), linear(), rounds=7, reserved=(0.6, 0.6))
    assert (result.outcome[0], result.round[0]) == (-1, -1)


def test_a_reserved_value_holds_a_side_to_its_floor() -> None:
    # A's floor 0.6: its target is 0.6 + 0.4 (1 - t), so it only ever offers outcome 0 (the only u_a >= 0.6).
    # k=3 B offers 1 (u_a=0.5 < 0.6): rejected. k=4 (t=1) A offers 0 and B's linear target is 0: accepted.
    result = alternating_offers(A3, B3, linear(), linear(), rounds=5, reserved=(0.6, 0.0))
    assert (result.outcome[0], result.round[0]) == (0, 4)


def test_tit_for_tat_mirrors_a_linear_opponent() -> None:
    a = [1.0, 0.75, 0.5, 0.25, 0.0]
    b = a[::-1]
    # rounds=9: t = k/8; B (linear) aims 1 - t. A (tit for tat) aims 1 - (its utility of B's latest offer
    # - its utility of B's first offer).
    # k=0 A offers 0; B at 1 rejects.           k=1 B at 0.875 offers 4 (u_a=0): A's opening; A at 1 rejects.
    # k=2 A at 1 offers 0; B at 0.75 rejects.   k=3 B at 0.625 offers 3 (u_a=0.25): A aims 0.75, rejects.
    # k=4 A at 0.75 offers 1; B at 0.5 rejects (u_b=0.25).
    # k=5 B at 0.375 offers 2 (u_a=0.5): A aims 1 - 0.5 = 0.5 and accepts.
    result = alternating_offers(a, b, tit_for_tat(), linear(), rounds=9)
    assert (result.outcome[0], result.round[0]) == (2, 5)


def test_two_reciprocators_wait_for_ever_unless_they_concede_a_little() -> None:
    stuck = alternating_offers(A3, B3, tit_for_tat(), tit_for_tat(), rounds=20)
    assert stuck.outcome[0] == -1
    # With 0.1 a round each: at k=5 the proposer (B) aims 1 - 0.5 and offers 1; A aims 0.5 too and accepts.
    moving = alternating_offers(
        A3, B3, tit_for_tat(min_concession=0.1), tit_for_tat(min_concession=0.1), rounds=20
    )
    assert (moving.outcome[0], moving.round[0]) == (1, 5)


def test_strategy_targets_by_hand() -> None:
    state = NegotiationState(
        round=1, rounds=5, time=0.25, runs=1, best=1.0, reserved=0.2, cost=0.3,
        target=1.0, offered=np.nan, opening=np.nan,
    )  # fmt: skip
    rng = np.random.default_rng(0)
    # Boulware e=0.5: 0.2 + 0.8 (1 - 0.25**2) = 0.95. Conceder e=2: 0.2 + 0.8 (1 - 0.5) = 0.6.
    assert boulware(0.5)(state, rng) == pytest.approx(0.95)
    assert conceder(2.0)(state, rng) == pytest.approx(0.6)
    assert linear()(state, rng) == pytest.approx(0.8)
    # Reservation-aware, linear: the floor is 0.2 - 0.3 = -0.1, so -0.1 + 1.1 * 0.75 = 0.725.
    assert reservation_aware(1.0)(state, rng) == pytest.approx(0.725)
    # A saving (negative cost) raises the floor: 0.5 + 0.5 * 0.75 = 0.875.
    assert reservation_aware(1.0)(state._replace(cost=-0.3), rng) == pytest.approx(0.875)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), [[1.0]]])
def test_exponents_must_be_positive(bad: object) -> None:
    with pytest.raises(ValueError, match="exponent"):
        time_dependent(bad)  # type: ignore[arg-type]


def test_bad_inputs_are_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="same n"):
        alternating_offers([1.0, 0.0], [0.0], linear(), linear(), rounds=3)
    with pytest.raises(ValueError, match="rounds"):
        alternating_offers(A3, B3, linear(), linear(), rounds=0)
    with pytest.raises(ValueError, match="one per run"):
        alternating_offers(A3, B3, linear(), linear(), rounds=3, reserved=([0.1, 0.2], 0.0), runs=3)


def test_a_single_round_is_the_deadline() -> None:
    # With one round t=1: A (linear, floor 0) offers B's favourite among u_a >= 0, and B accepts.
    result = alternating_offers(A3, B3, linear(), linear(), rounds=1)
    assert (result.outcome[0], result.round[0]) == (2, 0)


utilities = arrays(np.float64, st.integers(1, 30), elements=st.floats(0, 1))


@settings(max_examples=60, deadline=None)
@given(utilities, st.data())
def test_offers_are_the_opponents_best_among_what_the_proposer_accepts(
    own: np.ndarray, data: st.DataObject
) -> None:
    other = data.draw(arrays(np.float64, own.size, elements=st.floats(0, 1)))
    target = data.draw(st.floats(-0.5, 1.5))
    pick = int(OfferTable.of(own, other).offer(target))
    allowed = own >= target - 1e-9
    if allowed.any():
        assert allowed[pick]
        assert other[pick] == other[allowed].max()
    else:
        assert own[pick] == own.max()


@settings(max_examples=30, deadline=None)
@given(utilities, st.data())
def test_batched_runs_equal_one_at_a_time(a: np.ndarray, data: st.DataObject) -> None:
    b = data.draw(arrays(np.float64, a.size, elements=st.floats(0, 1)))
    runs = data.draw(st.integers(1, 6))
    ea = np.array(data.draw(st.lists(st.floats(0.05, 10), min_size=runs, max_size=runs)))
    eb = np.array(data.draw(st.lists(st.floats(0.05, 10), min_size=runs, max_size=runs)))
    ra = np.array(data.draw(st.lists(st.floats(0, 0.8), min_size=runs, max_size=runs)))
    rounds = data.draw(st.integers(1, 25))
    batch = alternating_offers(a, b, time_dependent(ea), time_dependent(eb), rounds, (ra, 0.1), runs=runs)
    for i in range(runs):
        one = alternating_offers(a, b, time_dependent(ea[i]), time_dependent(eb[i]), rounds, (ra[i], 0.1))
        assert (batch.outcome[i], batch.round[i]) == (one.outcome[0], one.round[0])
        if batch.outcome[i] >= 0:  # an agreement is worth at least each side's reserved value
            assert a[batch.outcome[i]] >= ra[i] - 1e-9 and b[batch.outcome[i]] >= 0.1 - 1e-9


def test_the_public_api() -> None:
    import inspect

    import bargaining.simulate as simulate

    modules = {"dispute", "draws", "engine", "lawful", "montecarlo", "protocol", "strategies", "strike"}
    modules |= {"summary", "tally", "timetable", "forecast", "outlook", "positions", "anchor", "reserved"}
    modules |= {"used", "pressure", "discretion"}
    modules -= {"montecarlo"}  # offered as a namespace (montecarlo.simulate, montecarlo.simulate_on_dask)
    public = sorted(name for name in dir(simulate) if not name.startswith("_") and name not in modules)
    assert sorted(simulate.__all__) == public
    parameters = list(inspect.signature(simulate.alternating_offers).parameters.values())
    assert [(p.name, p.default) for p in parameters] == [
        ("utilities_a", inspect.Parameter.empty),
        ("utilities_b", inspect.Parameter.empty),
        ("strategy_a", inspect.Parameter.empty),
        ("strategy_b", inspect.Parameter.empty),
        ("rounds", inspect.Parameter.empty),
        ("reserved", (0.0, 0.0)),
        ("runs", 1),
        ("seed", None),
    ]
