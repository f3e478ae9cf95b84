"""Invariants of the costing engine, checked over generated rosters and proposals."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.costing import CostContext, cost_batch, cost_proposal, stack
from bargaining.model import Calendar, Case, DatedRate, Party, Proposal, Raise, Roster, Unit
from bargaining.model.terms import OneTime

CAL = Calendar(first_year=2020, last_year=2023)


def make_case(salaries: list[float], rate: float, drift: float) -> Case:
    n = len(salaries)
    roster = Roster(
        ids=tuple(f"m{i}" for i in range(n)),
        roles=tuple("teacher" if i % 3 else "nurse" for i in range(n)),
        fte=np.ones(n),
        salary=np.array(salaries, dtype=np.float64),
    )
    unit = Unit(roster, DatedRate(((dt.date(2020, 7, 1), rate),)), 10000.0, drift, 50000.0)
    party = Party(name="x", short="x")
    return Case("p", "p", "generic", CAL, party, party, None, unit, ())


rosters = st.lists(st.floats(30000, 150000), min_size=1, max_size=30)
rates = st.floats(0, 0.3)
drifts = st.floats(0, 0.04)
days = st.dates(dt.date(2020, 7, 1), dt.date(2024, 6, 30))


def proposal(*terms: object) -> Proposal:
    return Proposal(id="p", party="union", date=dt.date(2020, 6, 1), terms=terms)  # type: ignore[arg-type]


@given(rosters, rates, drifts, st.floats(0, 20), st.floats(0, 20), days)
def test_cost_rises_with_the_raise(
    salaries: list[float], rate: float, drift: float, low: float, high: float, effective: dt.date
) -> None:
    low, high = sorted((low, high))
    ctx = CostContext.of(make_case(salaries, rate, drift))
    cheap = cost_proposal(ctx, proposal(Raise(type="raise", percent=low, effective=effective))).total
    dear = cost_proposal(ctx, proposal(Raise(type="raise", percent=high, effective=effective))).total
    assert dear >= cheap - 1e-6


@given(rosters, rates, drifts)
def test_a_proposal_with_no_terms_costs_zero(salaries: list[float], rate: float, drift: float) -> None:
    result = cost_proposal(CostContext.of(make_case(salaries, rate, drift)), proposal())
    assert all(v == 0.0 for values in result.components.values() for v in values)


@given(rosters, rates, st.floats(1, 5000), days)
def test_one_time_pay_never_recurs(salaries: list[float], rate: float, amount: float, paid: dt.date) -> None:
    ctx = CostContext.of(make_case(salaries, rate, 0.0))
    result = cost_proposal(ctx, proposal(OneTime(type="one_time", amount=amount, paid=paid)))
    paid_year = CAL.fiscal_year_of(paid) - CAL.first_year
    totals = result.year_totals
    # amount per FTE x FTE x (1 + roll-up), all in the year paid and nowhere else
    assert np.isclose(totals[paid_year], amount * len(salaries) * (1 + rate))
    assert all(abs(v) < 1e-9 for i, v in enumerate(totals) if i != paid_year)


@given(rosters, st.floats(0, 10), st.floats(0, 10), days)
def test_two_raises_on_one_day_compound(
    salaries: list[float], p: float, q: float, effective: dt.date
) -> None:
    ctx = CostContext.of(make_case(salaries, 0.0, 0.0))
    two = cost_proposal(
        ctx,
        proposal(
            Raise(type="raise", percent=p, effective=effective),
            Raise(type="raise", percent=q, effective=effective),
        ),
    ).total
    one_pct = ((1 + p / 100) * (1 + q / 100) - 1) * 100
    one = cost_proposal(ctx, proposal(Raise(type="raise", percent=one_pct, effective=effective))).total
    assert np.isclose(two, one, rtol=1e-9, atol=1e-6)


@settings(max_examples=30)
@given(rosters, rates, st.lists(st.tuples(st.floats(0, 10), days), min_size=1, max_size=8))
def test_a_batch_costs_each_variant_as_if_alone(
    salaries: list[float], rate: float, variants: list[tuple[float, dt.date]]
) -> None:
    ctx = CostContext.of(make_case(salaries, rate, 0.01))
    proposals = [proposal(Raise(type="raise", percent=p, effective=d)) for p, d in variants]
    together = cost_batch(ctx, stack(proposals)).totals()
    alone = [cost_proposal(ctx, p).total for p in proposals]
    assert np.allclose(together, alone, rtol=1e-12, atol=1e-6)


def test_status_quo_shows_gross_step_and_column_breakage_and_net() -> None:
    # Payroll 3 x 50,000 = 150,000 in 2020-21; gross steps 3%, breakage 1%, net 2%.
    # 2021-22 payroll 153,000: gross 150,000 x 0.03 = 4,500, breakage 1,500, net 3,000.
    from bargaining.costing import status_quo

    case = make_case([50_000.0] * 3, 0.0, 0.03)
    unit = Unit(case.unit.roster, case.unit.statutory_rate, 0.0, 0.03, 50_000.0, breakage=0.01)
    sq = status_quo(CostContext.of(Case("p", "p", "generic", CAL, case.employer, case.union, None, unit, ())))
    assert np.allclose(sq.salary[:2], [150_000, 153_000])
    assert np.allclose(
        [sq.step_column_gross[1], sq.breakage[1], sq.step_column_net[1]], [4_500, 1_500, 3_000]
    )


@settings(max_examples=30, deadline=None)
@given(
    rosters,
    rates,
    drifts,
    st.lists(st.tuples(st.floats(0, 10), days, st.floats(0, 5), days), min_size=1, max_size=12),
    st.integers(1, 5),
)
def test_a_batch_costs_the_same_cut_in_any_pieces(
    salaries: list[float],
    rate: float,
    drift: float,
    variants: list[tuple[float, dt.date, float, dt.date]],
    piece: int,
) -> None:
    """A large batch is costed a piece at a time (engine.CHUNK_CELLS): each variant costs the same
    whichever piece it falls in, on monthly pay and on work days."""
    from bargaining.costing import engine
    from bargaining.model import WorkYear

    for calendar in (CAL, Calendar(2020, 2023, work_year=WorkYear(20, (8, 15), (6, 14)))):
        ctx = CostContext.of(dataclasses.replace(make_case(salaries, rate, drift), calendar=calendar))
        batch = stack(
            [
                proposal(
                    Raise(type="raise", percent=percent, effective=effective),
                    OneTime(type="one_time", percent=bonus, paid=paid),
                )
                for percent, effective, bonus, paid in variants
            ]
        )
        whole = cost_batch(ctx, batch)
        cells = engine.CHUNK_CELLS
        try:
            engine.CHUNK_CELLS = piece * len(ctx.roles) * ctx.period_start.size
            cut = cost_batch(ctx, batch)
        finally:
            engine.CHUNK_CELLS = cells
        for name, values in whole.per_period.items():
            np.testing.assert_allclose(cut.per_period[name], values, rtol=1e-12, atol=1e-9)
