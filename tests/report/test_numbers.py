"""The number formats the web pages use (report.numbers), on hand-picked values."""

from __future__ import annotations

from bargaining.report import dollars, dollars_millions, fixed, general, share


def test_dollars_round_to_whole_dollars_with_the_sign_in_front() -> None:
    assert dollars(1_234_567.49) == "$1,234,567"
    assert dollars(-1_234.5) == "-$1,234"  # round half to even: 1,234.5 -> 1,234
    assert dollars(-0.4) == "$0"  # nothing to owe: no minus sign on zero


def test_millions_shares_and_decimals() -> None:
    assert dollars_millions(1_095_400_000) == "$1,095.4M"
    assert dollars_millions(-68_200_000) == "-$68.2M"
    assert share(0.61775) == "62%" and share(0.0125, 2) == "1.25%"
    assert fixed(0.7149, 2) == "0.71" and fixed(31_805, 1) == "31,805.0"
    assert general(2.5) == "2.5" and general(1000.0) == "1000"
