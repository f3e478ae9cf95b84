"""Issue 10, S3: no cost is ever infinite or undefined.

Before the fix a draft with `one_time amount: 1e308` was accepted and cost to infinity (1.1e308 for the
year, more than that once summed), and every page that showed it answered 500. Now the amount is refused
where it enters, and cost_proposal checks every figure it returns.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import bargaining.costing as costing
from bargaining.costing import CostContext, CostNotFinite, check_finite, cost_proposal
from bargaining.inputs import load_case
from bargaining.model import Case, OneTime, Proposal
from bargaining.model.limits import MAX_COUNT, MAX_FTE, MAX_MONEY, MAX_PERCENT, MAX_TERMS

# Two members at the highest salary a roster may hold, so costs are as large as the bounds allow.
CASE = """\
id: finite
title: Finite
jurisdiction: generic
horizon: {first: 2017-18, last: 2046-47}
employer: {name: Example USD, short: EUSD}
union: {name: Example TA, short: ETA}
unit: {roster: roster.csv, statutory_rate: 0.99, health_per_fte: 10000000, new_hire_salary: 10000000}
"""
ROSTER = "id,role,fte,salary\na,teacher,1.5,10000000\nb,teacher,1.5,10000000\n"
PAID = dt.date(2018, 1, 15)


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    folder = tmp_path_factory.mktemp("finite")
    (folder / "case.yaml").write_text(CASE)
    (folder / "roster.csv").write_text(ROSTER)
    loaded, errors = load_case(folder)
    assert loaded is not None, errors
    return loaded


def test_the_amount_of_the_review_is_refused_naming_the_range() -> None:
    with pytest.raises(ValidationError, match="less than or equal to 10000000"):
        OneTime.model_validate({"type": "one_time", "amount": 1e308, "paid": PAID})


def test_a_cost_beyond_finite_is_refused_by_cost_proposal(case: Case) -> None:
    # model_construct skips validation, as a row written before the bounds existed would.
    huge = OneTime.model_construct(type="one_time", amount=1e308, percent=None, paid=PAID, sunset=None)
    proposal = _unchecked("huge", (huge, huge))
    with pytest.raises(CostNotFinite, match=r"'huge': the .* cost of 2017-18 is not a finite number"):
        cost_proposal(CostContext.of(case), proposal)


def test_check_finite_passes_a_finite_cost_unchanged(case: Case) -> None:
    proposal = Proposal(
        id="p", party="union", date=PAID, terms=(OneTime(type="one_time", amount=1000, paid=PAID),)
    )
    cost = cost_proposal(CostContext.of(case), proposal)
    assert check_finite(cost) is cost
    # 1,000 per FTE x 3 FTE = 3,000, plus the 99% roll-up: 5,970 in 2017-18.
    assert cost.year_totals[0] == pytest.approx(5970)


EXTREMES = st.sampled_from([0.0, 1.0, MAX_PERCENT])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raises=st.integers(0, MAX_TERMS - 4),
    percent=EXTREMES,
    money=st.sampled_from([0.0, MAX_MONEY]),
    fte=st.sampled_from([-MAX_FTE, 0.0, MAX_FTE]),
    students=st.sampled_from([0, MAX_COUNT]),
)
def test_every_proposal_within_the_bounds_costs_a_finite_amount(
    case: Case, raises: int, percent: float, money: float, fte: float, students: int
) -> None:
    start = dt.date(2017, 7, 1)
    terms = [{"type": "raise", "percent": percent, "effective": start}] * raises + [
        {"type": "one_time", "amount": money, "paid": PAID},
        {"type": "schedule_add", "amount": money, "effective": start},
        {"type": "staffing", "role": "teacher", "fte": fte, "cost_per_fte": money, "effective": start},
        {"type": "caseload", "role": "teacher", "students": students, "cap": 1, "effective": start},
    ]
    proposal = Proposal.model_validate({"id": "max", "party": "union", "date": start, "terms": terms})
    cost = cost_proposal(CostContext.of(case), proposal)  # raises CostNotFinite if any figure is not
    assert cost.total >= 0 or fte < 0


def test_the_public_names_of_costing() -> None:
    assert {"CostNotFinite", "check_finite", "cost_proposal", "ProposalCost"} <= set(costing.__all__)
    assert all(hasattr(costing, name) for name in costing.__all__)


def _unchecked(proposal_id: str, terms: tuple[OneTime, ...]) -> Proposal:
    """A proposal built without validation, as a row written before the bounds existed would be."""
    return Proposal.model_construct(
        id=proposal_id,
        party="union",
        date=PAID,
        title=None,
        answers=None,
        terms=terms,
        source=None,
        note=None,
    )


def _huge(case: Case) -> Proposal:
    huge = OneTime.model_construct(type="one_time", amount=1e308, percent=None, paid=PAID, sunset=None)
    return _unchecked("huge", (huge, huge))


def test_cost_batch_refuses_a_cost_beyond_finite_too(case: Case) -> None:
    # Leftover of S3: cost_batch (the movement pricing, the package analysis, the budget projection and the
    # disclosure use it directly) returned inf: two payments of 1e308 in January 2018 overflow the period.
    with pytest.raises(CostNotFinite, match=r"variant 1 of 1: the .* cost of 2017-18 is not a finite"):
        costing.cost_batch(CostContext.of(case), costing.stack([_huge(case)]))


def test_a_batch_whose_periods_are_finite_but_whose_total_is_not_is_refused(case: Case) -> None:
    # 0.9e308 in two different years: each year is finite, the horizon's total is not.
    late = OneTime.model_construct(
        type="one_time", amount=0.9e308 / 3, percent=None, paid=dt.date(2019, 1, 15), sunset=None
    )
    early = OneTime.model_construct(type="one_time", amount=0.9e308 / 3, percent=None, paid=PAID, sunset=None)
    proposal = _unchecked("wide", (early, late))
    with pytest.raises(CostNotFinite, match="variant 1 of 1: its total is beyond any finite number"):
        costing.cost_batch(CostContext.of(case), costing.stack([proposal]))
