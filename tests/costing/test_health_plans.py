"""Health plans in the status quo (issue 12 item 2, first part): tiers, a premium trend and the employer's
rule, employer and members apart; a plan enrolment larger than the unit is refused where it is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bargaining.costing import CostContext, status_quo
from bargaining.inputs import load_case

HEAD = """\
id: health
title: Health
jurisdiction: generic
horizon: {first: 2017-18, last: 2019-20}
employer: {name: Example USD, short: EUSD}
union: {name: Example TA, short: ETA, members: 4}
"""
PLANS = [
    {
        "name": "PPO",
        "tiers": [
            {"name": "single", "fte": 2, "premium": 9600},
            {"name": "family", "fte": 1, "premium": 18000},
        ],
    }
]


def _case(tmp_path: Path, health: dict[str, Any]) -> tuple[Any, list[str]]:
    document = yaml.safe_load(HEAD)
    document["unit"] = {
        "roster": "roster.csv",
        "statutory_rate": 0.1,
        "new_hire_salary": 50000,
        "benefits": {"health": health},
    }
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    rows = "".join(f"m{i},teacher,1,50000\n" for i in range(4))
    (tmp_path / "roster.csv").write_text("id,role,fte,salary\n" + rows)
    case, errors = load_case(tmp_path)
    return case, [str(e) for e in errors]


def test_cap_and_split_with_a_premium_trend(tmp_path: Path) -> None:
    case, errors = _case(
        tmp_path,
        {"trend": 0.05, "employer": {"rule": "cap_and_split", "cap": 10000, "share": 0.5}, "plans": PLANS},
    )
    assert errors == []
    sq = status_quo(CostContext.of(case))
    # 2017-18: single 9,600 is under the cap, the employer pays it all (2 x 9,600); family 18,000: 10,000 +
    # half of the 8,000 above = 14,000, members 4,000. Employer 33,200, members 4,000.
    # 2018-19, premiums +5%: single 10,080 -> 10,000 + 40 (members 40 each); family 18,900 -> 10,000 + 4,450
    # (members 4,450). Employer 20,080 + 14,450 = 34,530; members 80 + 4,450 = 4,530.
    # 2019-20, +5% again: single 10,584 -> 10,292 (members 292 each); family 19,845 -> 14,922.50 (members
    # 4,922.50). Employer 20,584 + 14,922.50 = 35,506.50; members 584 + 4,922.50 = 5,506.50
    # (together the premiums: 2 x 10,584 + 19,845 = 41,013).
    assert sq.health == pytest.approx((33_200, 34_530, 35_506.5))
    assert sq.members_health == pytest.approx((4_000, 4_530, 5_506.5))


def test_full_share_and_cap_rules(tmp_path: Path) -> None:
    rules = {
        # Premiums 2 x 9,600 + 18,000 = 37,200 in 2017-18, then +5% a year: 39,060 and 41,013.
        "full": ({"rule": "full"}, (37_200, 39_060, 41_013)),
        # 90% of the premiums.
        "share": ({"rule": "share", "share": 0.9}, (33_480, 35_154, 36_911.7)),
        # Up to 10,000 per enrolled FTE: 2 x 9,600 + 10,000 = 29,200; then 2 x 10,000 + 10,000 = 30,000.
        "cap": ({"rule": "cap", "cap": 10000}, (29_200, 30_000, 30_000)),
    }
    for name, (rule, employer) in rules.items():
        (tmp_path / name).mkdir()
        case, errors = _case(tmp_path / name, {"trend": 0.05, "employer": rule, "plans": PLANS})
        assert errors == [], name
        sq = status_quo(CostContext.of(case))
        assert sq.health == pytest.approx(employer), name
        premiums = (37_200, 39_060, 41_013)
        assert [e + m for e, m in zip(sq.health, sq.members_health, strict=True)] == pytest.approx(premiums)


def test_an_enrolment_larger_than_the_unit_is_located(tmp_path: Path) -> None:
    plans = [{"name": "PPO", "tiers": [{"name": "single", "fte": 5, "premium": 9600}]}]
    case, errors = _case(tmp_path, {"employer": {"rule": "full"}, "plans": plans})
    assert case is None
    assert any(
        ": unit.benefits.health.plans: " in e and "5 FTE enrolled" in e and "4 FTE" in e for e in errors
    )


def test_a_rule_missing_its_cap_is_located(tmp_path: Path) -> None:
    case, errors = _case(tmp_path, {"employer": {"rule": "cap"}, "plans": PLANS})
    assert case is None
    assert any(": unit.benefits.health.employer: " in e and "needs cap" in e for e in errors), errors


def _with_proposal(tmp_path: Path, health: dict[str, Any] | None, term: dict[str, Any]) -> list[str]:
    document = yaml.safe_load(HEAD)
    document["unit"] = {"roster": "roster.csv", "statutory_rate": 0.1, "new_hire_salary": 50000}
    if health is not None:
        document["unit"]["benefits"] = {"health": health}
    document["proposals"] = [{"id": "p", "party": "employer", "date": "2017-06-01", "terms": [term]}]
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    rows = "".join(f"m{i},teacher,1,50000\n" for i in range(4))
    (tmp_path / "roster.csv").write_text("id,role,fte,salary\n" + rows)
    case, errors = load_case(tmp_path)
    assert case is None
    return [str(e) for e in errors]


def test_health_terms_name_plans_and_tiers_the_unit_has(tmp_path: Path) -> None:
    cap = {"type": "health_cap", "amount": 10000, "effective": "2018-07-01"}
    errors = _with_proposal(tmp_path / "a", None, cap) if (tmp_path / "a").mkdir() is None else []
    assert any(": proposals[0].terms[0].type: " in e and "needs the unit's health plans" in e for e in errors)
    health = {"employer": {"rule": "full"}, "plans": PLANS}
    plan = {"type": "health_plan", "plan": "HMO", "premiums": {"single": 9000}, "effective": "2018-07-01"}
    (tmp_path / "b").mkdir()
    errors = _with_proposal(tmp_path / "b", health, plan)
    assert any(": proposals[0].terms[0].plan: " in e and "no plan 'HMO' (has PPO)" in e for e in errors)
    paid = {"type": "health_contribution", "amounts": {"couple": 900}, "effective": "2018-07-01"}
    (tmp_path / "c").mkdir()
    errors = _with_proposal(tmp_path / "c", health, paid)
    assert any(": proposals[0].terms[0].amounts: " in e and "no tier 'couple'" in e for e in errors)
