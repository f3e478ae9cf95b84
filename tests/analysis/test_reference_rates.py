"""Base rates and exclusion over a tiny fixture class whose answers are worked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining.analysis import base_rates, exclude_matching, months_to_agreement, share_of_gap
from bargaining.inputs.reference import load_reference
from bargaining.model.reference import Dispute

FIXTURE = Path(__file__).parent / "reference_fixture"
MONTH = 365.25 / 12  # days in an average month


@pytest.fixture(scope="module")
def disputes() -> dict[str, Dispute]:
    found, errors = load_reference(FIXTURE)
    assert not errors and found is not None, errors
    return {d.id: d for d in found}


def test_share_of_the_gap_where_pay_settled(disputes: dict[str, Dispute]) -> None:
    # alpha: district 2+2 = 4, union 4+4 = 8, settled 3+2 = 5 -> (5 - 4) / (8 - 4) = 0.25
    assert share_of_gap(disputes["alpha-2019"]) == pytest.approx(0.25)
    # beta: district 3, union 5, settled 4.5 -> 1.5 / 2 = 0.75
    assert share_of_gap(disputes["beta-2020"]) == pytest.approx(0.75)
    # gamma: both sides at 1% -> no gap to share; delta: no last positions
    assert share_of_gap(disputes["gamma-2021"]) is None
    assert share_of_gap(disputes["delta-2022"]) is None


def test_months_from_impasse_or_mediation_to_agreement(disputes: dict[str, Dispute]) -> None:
    # alpha: impasse 1 Jan 2019 -> agreement 2 Apr 2019 = 31 + 28 + 31 + 1 = 91 days
    assert months_to_agreement(disputes["alpha-2019"]) == pytest.approx(91 / MONTH)
    # beta has no impasse date: mediation 1 Feb 2020 -> 2 Mar 2020 = 29 + 1 = 30 days (2020 is a leap year)
    assert months_to_agreement(disputes["beta-2020"]) == pytest.approx(30 / MONTH)
    assert months_to_agreement(disputes["delta-2022"]) is None


def test_base_rates_of_the_fixture_class(disputes: dict[str, Dispute]) -> None:
    rates = base_rates(disputes.values())
    assert rates.disputes == 4
    assert (rates.struck, rates.share_struck) == (3, 0.75)  # alpha, beta, delta struck; gamma did not
    # strike days known for alpha (5) and beta (10): median 7.5; delta struck for an unknown number of days
    assert (rates.strike_days_known, rates.median_strike_days) == (2, 7.5)
    # shares of the gap 0.25 and 0.75: mean and median 0.5
    assert rates.gap_known == 2
    assert rates.mean_share_of_gap == pytest.approx(0.5)
    assert rates.median_share_of_gap == pytest.approx(0.5)
    # months 30, 91 and 184 days (gamma: 1 Mar to 1 Sep 2021 = 31+30+31+30+31+31): median is alpha's 91 days
    assert rates.months_known == 3
    assert rates.median_months_to_agreement == pytest.approx(91 / MONTH)


def test_base_rates_of_nothing_are_empty_not_zero() -> None:
    rates = base_rates(())
    assert rates.disputes == 0
    assert rates.share_struck is None and rates.median_strike_days is None and rates.mean_share_of_gap is None


def test_a_case_of_the_same_employer_and_overlapping_years_leaves_its_dispute_out(
    disputes: dict[str, Dispute],
) -> None:
    # alpha covers 2018-19 to 2019-20; a case spanning 2019-20 to 2021-22 overlaps it in 2019-20.
    selection = exclude_matching(disputes.values(), employer_names=["ALPHA district"], years=(2019, 2021))
    assert [e.id for e in selection.excluded] == ["alpha-2019"]
    assert "same employer" in selection.excluded[0].reason
    assert sorted(d.id for d in selection.kept) == ["beta-2020", "delta-2022", "gamma-2021"]


def test_an_alias_matches_and_years_that_do_not_overlap_keep_the_dispute(
    disputes: dict[str, Dispute],
) -> None:
    by_alias = exclude_matching(disputes.values(), employer_names=["A.D.S."], years=(2018, 2018))
    assert [e.id for e in by_alias.excluded] == ["alpha-2019"]
    later = exclude_matching(disputes.values(), employer_names=["Alpha District"], years=(2020, 2022))
    assert later.excluded == ()
    assert len(later.kept) == 4


def test_an_id_given_is_left_out_and_the_rates_change_accordingly(disputes: dict[str, Dispute]) -> None:
    selection = exclude_matching(disputes.values(), ids=["beta-2020"])
    assert [(e.id, e.reason) for e in selection.excluded] == [("beta-2020", "named by id")]
    rates = base_rates(selection.kept)
    # without beta: struck alpha and delta of 3; the only known gap share is alpha's 0.25
    assert (rates.disputes, rates.struck) == (3, 2)
    assert rates.mean_share_of_gap == pytest.approx(0.25)
    assert rates.median_strike_days == 5


def test_raises_proposed_for_years_the_settlement_does_not_cover_are_not_compared() -> None:
    source = {"title": "Fixture", "url": "https://example.org/x"}

    def raises(*pairs: tuple[str, float]) -> list[dict[str, object]]:
        return [{"year": year, "percent": percent, "source": "s"} for year, percent in pairs]

    dispute = Dispute.model_validate(
        {
            "id": "x-2025",
            "employer": "X",
            "union": "X Teachers",
            "state": "CA",
            "first_year": "2025-26",
            "last_year": "2026-27",
            # the district offered 2% a year for three years, the union 4.5% a year for two
            "district_last": {"raises": raises(("2025-26", 2), ("2026-27", 2), ("2027-28", 2))},
            "union_last": {"raises": raises(("2025-26", 4.5), ("2026-27", 4.5))},
            "settlement": {"raises": raises(("2025-26", 2.5), ("2026-27", 2.5))},
            "strike": {"struck": {"value": False, "source": "s"}},
            "sources": {"s": source},
        }
    )
    # over the settled years 2025-26 and 2026-27: district 4, union 9, settled 5 -> (5 - 4) / (9 - 4) = 0.2
    # (counting the district's unsettled 2027-28 would give (5 - 6) / (9 - 6), a negative share)
    assert share_of_gap(dispute) == pytest.approx(0.2)
