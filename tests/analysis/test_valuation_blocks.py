"""Costing a package in independent blocks gives what costing it whole gives, for every term kind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bargaining.analysis.space import (
    decode,
    distinct,
    encode,
    enumerate_choices,
    nearest_choice,
    radices,
    sample_choices,
    values_of,
)
from bargaining.analysis.valuation import Valuer, value_offers, value_packages
from bargaining.costing import CostContext, cost_proposal
from bargaining.inputs import load_case
from bargaining.model import Preferences

CASES = Path(__file__).parent / "cases"


def _valuer(name: str) -> Valuer:
    case, errors = load_case(CASES / name)
    assert case is not None and not errors, errors
    prefs = case.preferences
    assert isinstance(prefs, Preferences)
    return Valuer.of(case, prefs)


@pytest.fixture(scope="module")
def valuer() -> Valuer:
    return _valuer("mixed")


def test_phased_caps_on_one_band_and_one_role_cost_what_the_engine_says() -> None:
    """Only the strictest class-size cap of a band (caseload cap of a role) in effect binds, so phased caps
    on one band cost together, not cap by cap (issue 9, item 5).

    The case (tests/analysis/cases/phased): an added position costs 50,000 x 1.2 + 12,000 = $72,000 a
    year; one school has 620 K-5 pupils in 20 classes; there are no psychologists today; two years.
    Package 1 (K-5 cap 30 from 2018-19, cap 26 from 2019-20; caseload cap 500 then 300):
      classes: 2018-19 ceil(620/30) = 21 -> 1 FTE; 2019-20 the stricter cap 26, ceil(620/26) = 24 -> 4 FTE:
               5 FTE-years x 72,000 = 360,000 (cap by cap it was 1 + 1 + 4 = 6, 432,000)
      caseload: 2018-19 ceil(3000/500) = 6; 2019-20 ceil(3000/300) = 10: 16 x 72,000 = 1,152,000
               (cap by cap 6 + 6 + 10 = 22, 1,584,000)
      total 1,512,000 (it was 2,016,000).
    Package 2 (cap 28 then 29; caseload cap 400 then 600): the earlier, stricter cap keeps binding.
      classes: ceil(620/28) = 23 -> 3 FTE in both years (cap 29 alone needs 22): 6 x 72,000 = 432,000
      caseload: ceil(3000/400) = 8 in both years (cap 600 alone needs 5): 16 x 72,000 = 1,152,000
      total 1,584,000 (it was 3 + 3 + 2 = 8 and 8 + 8 + 5 = 21 FTE-years: 2,088,000).
    """
    valuer = _valuer("phased")
    packages = np.array([[30.0, 26.0, 500.0, 300.0], [28.0, 29.0, 400.0, 600.0]])
    choice = nearest_choice(valuer.prefs.space, packages)
    assert values_of(valuer.prefs.space, choice).tolist() == packages.tolist()
    expected = [1_512_000.0, 1_584_000.0]
    blocks = value_packages(valuer, choice)
    whole = value_packages(valuer, choice, decompose=False)
    assert blocks.cost.tolist() == pytest.approx(expected, abs=0.01)
    assert whole.cost.tolist() == pytest.approx(expected, abs=0.01)
    assert blocks.staffing_cost.tolist() == pytest.approx(expected, abs=0.01)
    (offer,) = valuer.ctx.case.proposals  # package 1, written as a proposal
    assert cost_proposal(CostContext.of(valuer.ctx.case), offer).total == pytest.approx(expected[0], abs=0.01)
    assert value_offers(valuer, [offer]).cost.tolist() == pytest.approx(expected[:1], abs=0.01)


def test_blocks_add_up_to_the_whole_package(valuer: Valuer) -> None:
    space = valuer.prefs.space
    choice = sample_choices(space, 600, seed=11)
    blocks = value_packages(valuer, choice, chunk=128)
    whole = value_packages(valuer, choice, chunk=97, decompose=False)
    assert np.abs(blocks.cost).max() > 1e6  # the packages do cost something
    for name in ("cost", "ongoing_cost", "pay_per_member", "staffing_cost"):
        assert getattr(blocks, name) == pytest.approx(getattr(whole, name), rel=1e-9, abs=1e-6), name
    for side in ("employer", "union"):
        assert blocks.utility[side] == pytest.approx(whole.utility[side], abs=1e-9)


def test_mixed_radix_numbering_round_trips(valuer: Valuer) -> None:
    space = valuer.prefs.space
    radix = radices(space)
    assert space.size == int(np.prod(radix)) == 13 * 3 * 3 * 4 * 2 * 4 * 4 * 3
    rows = enumerate_choices(space, 1000, 1500)
    assert np.array_equal(encode(rows, radix), np.arange(1000, 1500))
    assert np.array_equal(decode(encode(rows, radix), radix), rows)


def test_distinct_rows_both_ways() -> None:
    radix = np.array([3, 4], dtype=np.int64)
    rows = np.array([[2, 3], [0, 1], [2, 3], [0, 0]], dtype=np.int32)
    unique, inverse = distinct(rows, radix)  # small numbering: presence table
    assert unique.tolist() == [[0, 0], [0, 1], [2, 3]]
    assert inverse.tolist() == [2, 1, 2, 0]
    big = np.array([10**6, 10**6], dtype=np.int64)  # large numbering: sorted
    unique, inverse = distinct(rows, big)
    assert unique.tolist() == [[0, 0], [0, 1], [2, 3]] and inverse.tolist() == [2, 1, 2, 0]
