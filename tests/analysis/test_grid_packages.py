"""The package space may vary the salary-schedule terms (a cell raise's percent, the number of new top
steps, the minimum salary), and the deal tools cost each package on the grid (issue 11)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.gridcase import PACKAGE_SPACE, write_grid_case

from bargaining.analysis import Valuer, value_packages
from bargaining.analysis.space import enumerate_choices, values_of
from bargaining.costing import CostContext, cost_proposal
from bargaining.inputs import load_case
from bargaining.model import Case, Preferences, Proposal


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    loaded, errors = load_case(write_grid_case(tmp_path_factory.mktemp("grid"), "grid-deal", PACKAGE_SPACE))
    assert loaded is not None and not errors, errors
    return loaded


def _valued(case: Case) -> tuple[np.ndarray, np.ndarray]:
    prefs = case.preferences
    assert isinstance(prefs, Preferences)
    valuer = Valuer.of(case, prefs)
    choice = enumerate_choices(prefs.space, 0, prefs.space.size)
    return values_of(prefs.space, choice), value_packages(valuer, choice).cost


def test_each_grid_issue_is_costed_on_the_grid(case: Case) -> None:
    """Hand-worked, one issue at a time (the others at their first option):
    - floor 51,000: only 1 BA (50,000) is below it, and a is on 1 BA in 2017-18 only: 1,000 x 1.1 = 1,100.
      (The 50,000 option raises nothing.)
    - top 2%: 3 BA 54,000 -> 55,080 (+1,080), 3 MA 59,400 -> 60,588 (+1,188). d reaches 3 MA in 2018-19
      and stays there in 2019-20 (the 5% step 4 comes on top, below): 0.5 x 1,188 = 594 in each of the two
      years; a reaches 3 BA in 2019-20: +1,080. Cost (594 + 594 + 1,080) x 1.1 = 2,494.80. 4% is twice that.
    - longevity: one new step 4, 5% above step 3 (4 MA = 62,370 with no cell raise). d, on the old top step
      in 2018-19, moves onto it in 2019-20: 0.5 x 2,970 x 1.1 = 1,633.50, which every package carries (a
      second new step cannot be reached inside the horizon: one step a year).
    """
    values, cost = _valued(case)
    by_values = {tuple(v): c for v, c in zip(values.tolist(), cost.tolist(), strict=True)}
    base = by_values[(50000.0, 0.0, 1.0)]
    assert base == pytest.approx(1_633.50)
    assert by_values[(51000.0, 0.0, 1.0)] - base == pytest.approx(1_100.0)
    assert by_values[(50000.0, 0.0, 2.0)] == pytest.approx(base)
    # The cell raise moves step 3 and so the 5% step above it: d's step 4 in 2019-20 is 60,588 x 1.05 =
    # 63,617.40, 1.05 x 1,188 = 1,247.40 above 62,370: 0.5 x 1,247.40 x 1.1 = 686.07 more in 2019-20 than
    # d's 594 x 1.1 there. So top 2% adds 594 x 1.1 (2018-19) + 1,080 x 1.1 (a, 2019-20) + 686.07
    # = 653.40 + 1,188 + 686.07 = 2,527.47.
    assert by_values[(50000.0, 2.0, 1.0)] - base == pytest.approx(2_527.47)


def test_every_package_costs_what_the_engine_costs_it_written_out(case: Case) -> None:
    # The deal tools' batch path against the costing engine, package by package (12 packages).
    prefs = case.preferences
    assert isinstance(prefs, Preferences)
    values, cost = _valued(case)
    ctx = CostContext.of(case)
    names = [issue.term for issue in prefs.space.issues]
    fields = [issue.field for issue in prefs.space.issues]
    templates = dict(prefs.space.terms)
    for row, total in zip(values, cost, strict=True):
        terms = {name: templates[name] for name in templates}
        for name, field, value in zip(names, fields, row, strict=True):
            shown = int(value) if field == "count" else float(value)
            terms[name] = terms[name].model_copy(update={field: shown})
        start = case.calendar.year_start(2017)
        proposal = Proposal(id="p", party="union", date=start, terms=tuple(terms.values()))
        assert cost_proposal(ctx, proposal).total == pytest.approx(total, rel=1e-9)


POSITIONS = """proposals:
  - {id: e1, party: employer, date: 2017-09-01, terms: [{type: raise, percent: 1, effective: 2017-07-01}]}
  - {id: u1, party: union, date: 2017-09-02, terms: [
      {type: raise, percent: 3, effective: 2017-07-01},
      {type: cell_raise, schedule: teachers, steps: [3, 3], percent: 4, effective: 2017-07-01},
      {type: minimum_salary, schedule: teachers, amount: 51000, effective: 2017-07-01}]}
"""


def test_preferences_derived_from_positions_weigh_schedule_terms_by_their_cost_on_the_grid(
    tmp_path: Path,
) -> None:
    """Without a preferences section, the union's cell raise and minimum salary are issues of their own,
    each weighed by what it costs the district on the grid (before, only raises and non-pay items were).

    Cell raise 4% on step 3 alone: 3 BA +2,160, 3 MA +2,376. d is on 3 MA in 2018-19 and 2019-20 (the top:
    0.5 x 2,376 = 1,188 a year), a on 3 BA in 2019-20: (1,188 + 1,188 + 2,160) x 1.1 = 4,989.60.
    Minimum salary 51,000 alone: a on 1 BA in 2017-18, 1,000 x 1.1 = 1,100. The district offered neither,
    so each runs from none to the union's figure (for the minimum salary, none is today's lowest cell,
    50,000, so each step of the issue raises it), and the district's weights stand as 4,989.60 : 1,100.
    """
    from bargaining.analysis import derived_preferences
    from bargaining.inputs import bundled_priors

    loaded, errors = load_case(write_grid_case(tmp_path / "positions", "grid-positions", POSITIONS))
    assert loaded is not None and not errors, errors
    prefs = derived_preferences(loaded, bundled_priors())
    names = prefs.space.issue_names
    assert names == ("raise 2017-18", "cell raise (2)", "minimum salary (3)")
    assert prefs.space.issue("cell raise (2)").options[0] == 0.0
    assert prefs.space.issue("cell raise (2)").options[-1] == 4.0
    assert prefs.space.issue("minimum salary (3)").options[0] == 50000.0
    assert prefs.space.issue("minimum salary (3)").options[-1] == 51000.0
    weights = dict(prefs.employer.weights)
    assert weights["cell raise (2)"] / weights["minimum salary (3)"] == pytest.approx(4_989.60 / 1_100)


def test_no_packages_cost_nothing_on_a_grid_too(case: Case) -> None:
    # A simulation whose sides' limits leave no package asks for the costs of none; on a salary schedule
    # that raised IndexError (bargain simulate: "internal error") where a roster case gave empty arrays.
    prefs = case.preferences
    assert isinstance(prefs, Preferences)
    valued = value_packages(Valuer.of(case, prefs), np.zeros((0, len(prefs.space.issues)), dtype=np.int32))
    assert valued.cost.shape == (0,) and valued.pay_per_member.shape == (0,)
