"""The pay gap's worth counts when each side's raises take effect (point-years), not only their points."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining.analysis import Positions
from bargaining.inputs import load_case
from bargaining.inputs.priors import bundled_priors
from bargaining.inputs.reference import load_reference
from bargaining.simulate.forecast import forecast_case, forecast_dispute
from bargaining.simulate.pressure import stakes_in_payrolls

ONLY = Path(__file__).parent / "cases" / "positions-only"

# LAUSD 2019's last positions (lausd-utla-2019.yaml): the union's 6.5% at once from 2016-17, the district's
# 3% in 2017-18 and 3% in 2018-19; the contract runs 2017-18 to 2021-22.
LAUSD_LIKE = """
id: like-lausd
employer: A district
union: Its educators
state: CA
first_year: 2017-18
last_year: 2021-22
size:
  members: {value: 1000, source: made-up}
district_last:
  raises:
    - {year: 2017-18, percent: 3, source: made-up}
    - {year: 2018-19, percent: 3, source: made-up}
union_last:
  raises: [{year: 2016-17, percent: 6.5, source: made-up}]
  items:
    - {text: "smaller classes", source: made-up}
    - {text: "more nurses", source: made-up}
strike:
  struck: {value: true, source: made-up}
sources:
  made-up: {title: "a made-up dispute for a test", url: "https://example.org/fixture"}
"""


def test_point_years_by_hand() -> None:
    positions = Positions({2017: 3.0, 2018: 3.0}, {2016: 6.5}, (), "CA")
    # Half a point apart in total, but paid 2016-17 to 2021-22 the union's 6.5 is 6 x 6.5 = 39 point-years
    # and the district's 0, 3, 6, 6, 6, 6 = 27: 12 apart.
    assert positions.gap == pytest.approx(0.5)
    assert positions.point_years(2016, 2021) == pytest.approx(12.0)
    # Raises that start together are their points times the years.
    assert Positions({2020: 2.0}, {2020: 6.0}, (), None).point_years(2020, 2022) == pytest.approx(12.0)


def test_the_stakes_count_a_raise_from_the_year_it_takes_effect(tmp_path: Path) -> None:
    (tmp_path / "like-lausd.yaml").write_text(LAUSD_LIKE)
    disputes, errors = load_reference(tmp_path)
    assert disputes is not None, errors
    forecast = forecast_dispute(disputes[0], bundled_priors(), 7.0)
    assert forecast is not None and forecast.model is not None
    # In daily payrolls (186 a year, roll-up 25%): 12 point-years x 1.25% x 186 = 27.9 for pay, and two items
    # at half a percent of payroll (x 1.25) for the priors' 3 years, 2 x 0.00625 x 3 x 186 = 6.975: 34.875.
    # Read as half a point for 3 years the pay would be worth 0.5 x 3 x 0.0125 x 186 = 3.4875.
    assert stakes_in_payrolls(forecast.model) == pytest.approx(34.875)
    used = {item.key: item for item in forecast.priors_used}
    assert float(used["issues.pay_years"].value) == pytest.approx(12.0 / (0.5 * 3))


def test_a_case_s_raise_that_starts_a_year_later_is_worth_a_year_less(tmp_path: Path) -> None:
    # tests/simulate/cases/positions-only with the district's 2% from 1 Jul 2019 instead of 2018; the union
    # asks 5% from 1 Jul 2018. One point costs $18,600 a year and an item $50,000 (test_forecast works them).
    # Paid 2018-19 to 2020-21 (three years from the first): the union's 5, 5, 5 against 0, 2, 2 = 11
    # point-years, not 3 points x 3 = 9: 11 x 18,600 + 2 items x 50,000 x 3 = 204,600 + 300,000 = 504,600.
    text = (ONLY / "case.yaml").read_text()
    now, later = (f"{{type: raise, percent: 2, effective: {year}-07-01}}" for year in (2018, 2019))
    assert text.count(now) == 1
    (tmp_path / "case.yaml").write_text(text.replace(now, later))
    case, errors = load_case(tmp_path)
    assert case is not None, errors
    forecast = forecast_case(case, bundled_priors(), 7.0)
    assert forecast.model is not None
    assert forecast.model.stakes == pytest.approx(504_600)
    # The bundled one, both raises from 2018-19: 9 point-years, as before (3 x 18,600 x 3 + 300,000).
    plain = forecast_case(load_case(ONLY)[0], bundled_priors(), 7.0)  # type: ignore[arg-type]
    assert plain.model is not None and plain.model.stakes == pytest.approx(467_400)
