"""The multiyear projection, worked by hand on tests/budget/cases/small (every figure an assumption).

Status quo, per fiscal year (revenues 1,100,000; the unit 120,000; other spending 950k, 1.0M, 1.05M):
  2018-19: outgo 1,070,000; ending 200,000 + 1,100,000 - 1,070,000 = 230,000; 230,000 / 1,070,000 = 21.50%
  2019-20: outgo 1,120,000; ending 230,000 - 20,000 = 210,000; 210,000 / 1,120,000 = 18.75%
  2020-21: outgo 1,170,000; ending 210,000 - 70,000 = 140,000; 140,000 / 1,170,000 = 11.97%
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining.budget import affordable_raise, project
from bargaining.costing import CostContext
from bargaining.inputs import load_case
from bargaining.model import Case

SMALL = Path(__file__).parent / "cases" / "small"


@pytest.fixture(scope="module")
def case() -> Case:
    loaded, errors = load_case(SMALL)
    assert not errors, errors
    assert loaded is not None
    return loaded


def test_status_quo_carries_the_balance_year_to_year(case: Case) -> None:
    assert case.budget is not None
    sq = project(case, case.budget, ())[0]
    assert sq.proposal is None
    assert [y.expenditures for y in sq.years] == pytest.approx([1_070_000, 1_120_000, 1_170_000])
    assert [y.beginning_balance for y in sq.years] == pytest.approx([200_000, 230_000, 210_000])
    assert [y.ending_balance for y in sq.years] == pytest.approx([230_000, 210_000, 140_000])
    assert [y.net for y in sq.years] == pytest.approx([30_000, -20_000, -70_000])
    assert [y.reserve_percent for y in sq.years] == pytest.approx(
        [100 * 230 / 1070, 100 * 210 / 1120, 100 * 140 / 1170]
    )
    assert sq.first_breach is None


def test_a_deficit_breaches_the_minimum_in_year_three(case: Case) -> None:
    # 10% on 100,000 of pay with a 20% roll-up adds 12,000 a year:
    # endings 218,000, 186,000, 104,000; 2020-21: 104,000 / 1,182,000 = 8.80% < 10%.
    assert case.budget is not None
    raised = project(case, case.budget, (case.proposal("raise-10"),))[1]
    assert [y.added_cost for y in raised.years] == pytest.approx([12_000, 12_000, 12_000])
    assert [y.ending_balance for y in raised.years] == pytest.approx([218_000, 186_000, 104_000])
    assert raised.years[2].reserve_percent == pytest.approx(100 * 104_000 / 1_182_000)
    assert raised.first_breach == "2020-21"


def test_retroactive_pay_is_counted_in_the_year_it_is_paid(case: Case) -> None:
    # Agreed 15 Aug 2019, effective 1 Jul 2018: 2018-19's 12,000 and July-August 2019's 2,000 are paid from
    # the September 2019 pay period, so 2018-19 carries nothing and 2019-20 carries 24,000.
    assert case.budget is not None
    retro = project(case, case.budget, (case.proposal("retro-10"),))[1]
    assert [y.added_cost for y in retro.years] == pytest.approx([0, 24_000, 12_000])


def test_the_affordable_raise_is_found_to_the_hundredth_and_holds(case: Case) -> None:
    # A raise of r% costs 1,200 r a year. The tightest year is 2020-21:
    #   140,000 - 3 x 1,200 r >= 0.10 (1,170,000 + 1,200 r)  =>  23,000 >= 3,720 r  =>  r <= 6.1828%.
    # (2018-19 allows 123,000 / 1,320 = 93.2%; 2019-20 allows 98,000 / 2,520 = 38.9%.)
    assert case.budget is not None
    ctx = CostContext.of(case)
    found = affordable_raise(ctx, case.budget)
    assert found == pytest.approx(23_000 / 3_720, abs=1e-4)
    # Re-run the projection at the raise rounded down to the hundredth, and a hundredth above it.
    for percent, holds in ((6.18, True), (6.19, False)):
        trial = case.proposal("raise-10").model_copy(
            update={"terms": (case.proposal("raise-10").terms[0].model_copy(update={"percent": percent}),)}
        )
        scenario = project(case, case.budget, (trial,))[1]
        assert (scenario.first_breach is None) is holds


def test_the_affordable_raise_holds_a_proposals_other_terms(case: Case) -> None:
    # staff-and-raise adds 12,000 a year of staffing; its own 3% is replaced by the trial raise:
    #   140,000 - 36,000 - 3,600 r >= 0.10 (1,182,000 + 1,200 r)  =>  -14,200 >= 3,720 r  =>  r <= -3.817%.
    assert case.budget is not None
    scenario = project(case, case.budget, (case.proposal("staff-and-raise"),))[1]
    assert scenario.affordable_raise_percent == pytest.approx(-14_200 / 3_720, abs=1e-4)


def test_a_proposal_costing_beyond_finite_is_refused_not_projected(case: Case) -> None:
    # Issue 10, S3's leftover: the projection costs with cost_batch, which returned inf; the scenario then
    # showed an infinite deficit. A row written before the bounds existed (model_construct skips them).
    import datetime as dt

    from bargaining.costing import CostNotFinite
    from bargaining.model import OneTime, Proposal

    paid = dt.date(2019, 1, 15)
    huge = OneTime.model_construct(type="one_time", amount=1e308, percent=None, paid=paid, sunset=None)
    proposal = Proposal.model_construct(
        id="huge",
        party="union",
        date=paid,
        title=None,
        answers=None,
        terms=(huge, huge),
        source=None,
        note=None,
    )
    with pytest.raises(CostNotFinite, match="not a finite number of dollars"):
        project(case, case.budget, (proposal,))
