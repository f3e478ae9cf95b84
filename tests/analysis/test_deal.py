"""The toy case priced once and valued twice, worked by hand.

Toy case (tests/analysis/cases/small): 100 members at $50,000, roll-up 20%, two fiscal years, no drift.
- A raise of p% from 2018-07-01 costs 100 x 50,000 x p% x 2 years x 1.2 = $120,000 p, and pays each
  member 50,000 x p% x 2 = $1,000 p (valued on 2018-07-01 at a 0% discount rate).
- f counselors at $100,000 loaded from 2019-07-01 cost $100,000 f (one year in the horizon).
- Employer score: cost curve 100 at $0 to 0 at $1,000,000, flat beyond: E = 100 - 12p - 10f (floor 0).
- Union score: 60% pay curve (0 at $0, 100 at $4,000) + 40% counselors curve (0 at 0, 100 at 10):
  U = 0.6 x 25p + 0.4 x 10f = 15p + 4f.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bargaining.analysis.deal import analyze
from bargaining.analysis.space import enumerate_choices, issue_values, sample_choices, values_of
from bargaining.inputs import load_case
from bargaining.model import Case, Preferences

CASES = Path(__file__).parent / "cases"


@pytest.fixture(scope="module")
def small() -> Case:
    case, errors = load_case(CASES / "small")
    assert not errors and case is not None
    return case


def prefs_of(case: Case) -> Preferences:
    prefs = case.preferences
    assert isinstance(prefs, Preferences)
    return prefs


def test_enumeration_is_mixed_radix_last_issue_fastest(small: Case) -> None:
    space = prefs_of(small).space
    assert space.size == 15  # 5 raises x 3 counselor options
    values = values_of(space, enumerate_choices(space, 0, 15))
    assert values[:4].tolist() == [[0, 0], [0, 5], [0, 10], [1, 0]]
    assert values[14].tolist() == [4, 10]
    # Enumerating in pieces gives the same rows as in one go.
    assert np.array_equal(enumerate_choices(space, 5, 9), enumerate_choices(space, 0, 15)[5:9])


def test_sampling_is_reproducible_and_within_options(small: Case) -> None:
    space = prefs_of(small).space
    a, b = sample_choices(space, 1000, seed=7), sample_choices(space, 1000, seed=7)
    assert np.array_equal(a, b)
    assert a[:, 0].max() == 4 and a[:, 1].max() == 2 and a.min() == 0


def test_every_package_priced_once_and_valued_twice(small: Case) -> None:
    deal = analyze(small, prefs_of(small))
    p, f = deal.packages.values[:15, 0], deal.packages.values[:15, 1]
    assert deal.packages.cost[:15] == pytest.approx(120_000 * p + 100_000 * f)
    assert deal.packages.pay_per_member[:15] == pytest.approx(1_000 * p)
    assert deal.packages.staffing_cost[:15] == pytest.approx(100_000 * f)
    employer = np.maximum(100 - 12 * p - 10 * f, 0)
    assert deal.packages.utility["employer"][:15] == pytest.approx(employer)
    assert deal.packages.utility["union"][:15] == pytest.approx(15 * p + 4 * f)


def test_frontier_and_solutions_by_hand(small: Case) -> None:
    deal = analyze(small, prefs_of(small))
    # Frontier, best for the employer first: (100,0) (88,15) (76,30) (64,45) (52,60) (14,65) (2,80) (0,100).
    # (14,65) is p=3, f=5.
    front = np.round(deal.points()[deal.frontier], 6).tolist()
    assert front == [[100, 0], [88, 15], [76, 30], [64, 45], [52, 60], [14, 65], [2, 80], [0, 100]]
    # Bottom lines (40, 25). Strictly above both: (76,30) (64,45) (52,60).
    # Nash products: 36x5=180, 24x20=480, 12x35=420 -> (64,45), i.e. p=3, f=0, row 9.
    assert deal.solutions["nash"] == 9
    # KS: ideal gains (36, 35); min shares .143, .571, .333 -> (64,45) again.
    assert deal.solutions["kalai_smorodinsky"] == 9
    # Max joint gain: sums 106, 109, 112 -> (52,60), p=4, f=0, row 12.
    assert deal.solutions["max_joint_gain"] == 12
    assert deal.zopa_size == 3


def test_offers_and_split_the_difference(small: Case) -> None:
    prefs = prefs_of(small)
    deal = analyze(small, prefs)
    union, employer = small.proposal("tt-1"), small.proposal("tu-1")
    assert issue_values(prefs.space, union).tolist() == [4, 10]
    assert issue_values(prefs.space, employer).tolist() == [2, 5]
    # Employer's offer (2%, 5 counselors): cost 240,000 + 500,000 -> E 26; U = 30 + 20 = 50.
    row = deal.last_offer("employer")
    assert row is not None
    assert deal.offer_values.cost[row] == pytest.approx(740_000)
    assert deal.points(deal.offer_values)[row] == pytest.approx([26, 50])
    # Split: raise (2+4)/2 = 3; counselors 7.5 is between 5 and 10 and goes to the lower, 5 -> (14, 65).
    split = deal.solutions["split_the_difference"]
    assert split == 10  # the space is enumerated, so the package's number is its row: 3 x 3 + 1
    assert deal.packages.values[split].tolist() == [3, 5]
    # Nearest frontier point to (26,50) is (14,65): sqrt(12^2 + 15^2) = 19.21.
    # (52,60) gives both sides at least +10.
    position = deal.positions["employer"]
    assert position.distance == pytest.approx(np.hypot(12, 15))
    assert position.improvement == pytest.approx(10)
    assert deal.packages.values[position.better_package].tolist() == [4, 0]
    # The union's offer (4%, 10) scores (0, 100): on the frontier, nothing improves both.
    assert deal.positions["union"].distance == pytest.approx(0)
    assert deal.positions["union"].better_package == -1


def test_limits_take_packages_off_the_table(small: Case) -> None:
    prefs = prefs_of(small)
    assert prefs.employer is not None
    capped = Preferences(
        space=prefs.space,
        employer=type(prefs.employer)(**{**prefs.employer.__dict__, "limits": (("cost", 1_000_000.0),)}),
        union=prefs.union,
        valued_on=prefs.valued_on,
    )
    deal = analyze(small, capped)
    # Over $1,000,000: (1,10) 1.12M, (2,10) 1.24M, (3,10) 1.36M, (4,10) 1.48M; (0,10) = 1.0M stays.
    assert (~deal.packages.feasible[:15]).sum() == 4
    front = np.round(deal.points()[deal.frontier], 6).tolist()
    assert front[-1] == [2, 80]  # (0,100) costs 1.48M and is gone


def test_a_large_space_is_sampled_and_the_split_package_still_scored(small: Case) -> None:
    deal = analyze(small, prefs_of(small), max_packages=6, seed=3)
    assert deal.sampled and deal.choice.shape[0] == 7  # six drawn, plus the split-the-difference package
    assert deal.solutions["split_the_difference"] == 6
    assert deal.packages.values[6].tolist() == [3, 5]
    again = analyze(small, prefs_of(small), max_packages=6, seed=3)
    assert np.array_equal(deal.choice, again.choice)  # seeded


def test_cli_says_clearly_when_a_case_has_no_preferences(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bargaining.cli import app

    text = (CASES / "small" / "case.yaml").read_text().split("preferences:")[0]
    (tmp_path / "case.yaml").write_text(text)
    # With both sides' proposals, analyze and mediate derive the priorities (docs/forecast.md) ...
    for command in ("analyze", "mediate"):
        result = CliRunner().invoke(app, [command, str(tmp_path), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert "priorities derived from the two latest proposals" in result.stderr
    result = CliRunner().invoke(app, ["blind-bid", str(tmp_path), "raise"])
    assert result.exit_code == 1 and "has no preferences section" in result.output
    # ... without them they say what is missing.
    (tmp_path / "case.yaml").write_text(text.split("proposals:")[0])
    for command in ("analyze", "mediate"):
        result = CliRunner().invoke(app, [command, str(tmp_path), "--format", "json"])
        assert result.exit_code == 1
        assert "has no preferences section and deriving preferences needs a proposal from each side" in (
            result.output
        )
        assert "Traceback" not in result.output
    result = CliRunner().invoke(app, ["blind-bid", str(CASES / "small"), "counselors"])
    assert result.exit_code == 1 and "no bottom line for 'counselors'" in result.output
