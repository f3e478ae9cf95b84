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
    radices,
    sample_choices,
)
from bargaining.analysis.valuation import Valuer, value_packages
from bargaining.inputs import load_case
from bargaining.model import Preferences

CASES = Path(__file__).parent / "cases"


@pytest.fixture(scope="module")
def valuer() -> Valuer:
    case, errors = load_case(CASES / "mixed")
    assert case is not None and not errors, errors
    prefs = case.extra["preferences"]
    assert isinstance(prefs, Preferences)
    return Valuer.of(case, prefs)


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
