"""Statutory lines (issue 12 item 1): the shipped rate tables, the status quo on a capped line, the old
single rate as a line, and located errors for bad lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from bargaining.costing import CostContext, cost_proposal, status_quo
from bargaining.inputs import load_case
from bargaining.inputs.benefits import rate_tables, table_source, wage_bases

HEAD = """\
id: lines
title: Lines
jurisdiction: generic
horizon: {first: 2017-18, last: 2018-19}
employer: {name: Example USD, short: EUSD}
union: {name: Example TA, short: ETA, members: 2}
proposals:
  - {id: p, party: employer, date: 2017-06-01, terms: [{type: raise, percent: 10, effective: 2017-07-01}]}
"""


def _case(tmp_path: Path, unit: dict[str, Any]) -> tuple[Any, list[str]]:
    document = yaml.safe_load(HEAD)
    document["unit"] = {"roster": "roster.csv", "new_hire_salary": 50000, **unit}
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    (tmp_path / "roster.csv").write_text("id,role,fte,salary\na,teacher,1,120000\nb,teacher,1,60000\n")
    case, errors = load_case(tmp_path)
    return case, [str(e) for e in errors]


def test_shipped_tables_hold_the_published_figures() -> None:
    rates, bases = rate_tables(), wage_bases()
    # LAO July 2019: CalSTRS 16.28% (2018-19) and 17.10% (2019-20).
    # CalPERS circular letter 200-027-25: 26.81% (2025-26).
    assert rates["calstrs"].at(dt.date(2018, 7, 1)) == pytest.approx(0.1628)
    assert rates["calstrs"].at(dt.date(2019, 7, 1)) == pytest.approx(0.1710)
    assert rates["calpers-schools"].at(dt.date(2025, 7, 1)) == pytest.approx(0.2681)
    # HB25-1105: the DPS Division rate falls from 10.4% to 7.4% on 1 July 2025.
    assert rates["pera-dps"].at(dt.date(2025, 6, 30)) == pytest.approx(0.104)
    assert rates["pera-dps"].at(dt.date(2025, 7, 1)) == pytest.approx(0.074)
    # SSA: 6.2% up to $132,900 in 2019 and $176,100 in 2025; Medicare 1.45% uncapped.
    assert rates["oasdi"].at(dt.date(2019, 3, 1)) == pytest.approx(0.062)
    assert bases["oasdi"].at(dt.date(2019, 12, 31)) == 132_900
    assert bases["oasdi"].at(dt.date(2025, 12, 31)) == 176_100
    assert rates["medicare"].at(dt.date(2025, 1, 1)) == pytest.approx(0.0145)
    for name in rates:
        assert "http" in table_source("rates", name), name
        assert all(0 <= rate < 1 for _, rate in rates[name].changes), name


def test_status_quo_on_a_capped_line(tmp_path: Path) -> None:
    case, errors = _case(
        tmp_path,
        {
            "benefits": {
                "statutory": [
                    {"name": "OASDI", "rate": "oasdi", "base": "capped", "wage_base": {"2017-01-01": 100000}}
                ]
            }
        },
    )
    assert errors == []
    sq = status_quo(CostContext.of(case))
    # 2017-18: a earns 10,000 a month; January-June 2017 (60,000) count towards 2017's base of 100,000, so
    # July-October is taxed (40,000), then January-June 2018 (60,000): 100,000. b: 60,000. 0.062 x 160,000.
    assert sq.statutory[0] == pytest.approx(0.062 * 160_000)
    assert sq.statutory[1] == pytest.approx(0.062 * 160_000)


def test_old_statutory_rate_and_one_line_on_all_pay_cost_alike(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old, _ = _case(tmp_path / "old", {"statutory_rate": {"2017-07-01": 0.1, "2018-07-01": 0.2}})
    new, errors = _case(
        tmp_path / "new",
        {"benefits": {"statutory": [{"name": "All", "rate": {"2017-07-01": 0.1, "2018-07-01": 0.2}}]}},
    )
    assert errors == []
    a, b = (
        cost_proposal(CostContext.of(old), old.proposals[0]),
        cost_proposal(CostContext.of(new), new.proposals[0]),
    )
    assert a.components == b.components
    # The blended rate the other faces read is the line's own.
    assert new.unit.statutory_rate.at(dt.date(2018, 7, 1)) == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("line", "key", "words"),
    [
        (
            {
                "name": "Pension",
                "tiers": [{"name": "a", "share": 0.5, "rate": 0.2}, {"name": "b", "share": 0.4, "rate": 0.1}],
            },
            "unit.benefits.statutory[0]",
            "add up to 0.9, not 1",
        ),
        (
            {"name": "OASDI", "rate": 0.062, "base": "capped", "wage_base": 132900},
            "unit.benefits.statutory[0]",
            "per calendar year",
        ),
        (
            {"name": "Pension", "rate": "calstrz"},
            "unit.benefits.statutory[0].rate",
            "no shipped table 'calstrz'",
        ),
        (
            {"name": "OASDI", "rate": 0.062, "base": "capped"},
            "unit.benefits.statutory[0]",
            "needs a wage_base",
        ),
    ],
)
def test_bad_lines_are_located(tmp_path: Path, line: dict[str, Any], key: str, words: str) -> None:
    case, errors = _case(tmp_path, {"benefits": {"statutory": [line]}})
    assert case is None
    assert any(f": {key}: " in e and words in e and "case.yaml:" in e for e in errors), errors


def test_both_or_neither_roll_up_is_refused(tmp_path: Path) -> None:
    case, errors = _case(tmp_path, {})
    assert case is None and any("exactly one of statutory_rate" in e for e in errors), errors
