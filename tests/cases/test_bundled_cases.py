"""The bundled cases load cleanly and cost to numbers worked out by hand from their own figures.

Each expectation is computed here from the figures in the case's YAML and CSV files with plain arithmetic
(the working is in the comments), never by running the engine a second time. The last tests hold the
comparisons with published figures that docs/validation.md reports.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import runpy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.costing import CostContext, ProposalCost, cost_proposal, status_quo
from bargaining.inputs import load_case
from bargaining.inputs.benefits import rate_tables
from bargaining.model import Case

CASES = Path(__file__).resolve().parents[2] / "cases"
LAUSD, DENVER = CASES / "lausd-2019", CASES / "denver-2025"
runner = CliRunner()


def _load(folder: Path) -> Case:
    case, errors = load_case(folder)
    assert errors == [], "\n".join(str(e) for e in errors)
    assert case is not None
    return case


def _raw(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((folder / "case.yaml").read_text())
    return data


def _enrollment(folder: Path) -> list[dict[str, str]]:
    with (folder / "enrollment.csv").open() as rows:
        return list(csv.DictReader(rows))


def _cost(case: Case, proposal_id: str) -> ProposalCost:
    return cost_proposal(CostContext.of(case), case.proposal(proposal_id))


def _year(cost: ProposalCost, label: str, component: str | None = None) -> float:
    index = cost.fiscal_years.index(label)
    return cost.components[component][index] if component else cost.year_total(index)


def _rate(raw: dict[str, Any], year_start: str) -> float:
    """The roll-up a case gives for a year: its dated rate, or the sum of its lines' shipped rates."""
    unit = raw["unit"]
    if "statutory_rate" in unit:
        rates = {str(day): rate for day, rate in unit["statutory_rate"].items()}
        return float(rates[year_start])
    tables, day = rate_tables(), dt.date.fromisoformat(year_start)
    return sum(tables[line["rate"]].at(day) for line in unit["benefits"]["statutory"])


def _loaded_new_hire(raw: dict[str, Any], year_start: str) -> float:
    unit = raw["unit"]
    return float(unit["new_hire_salary"]) * (1 + _rate(raw, year_start)) + float(unit["health_per_fte"])


def _reduce_by_fte(rows: list[dict[str, str]], band: str, reduce_by: float) -> float:
    """Sections needed when each row's average falls by ``reduce_by``, rounded up per row, times FTE."""
    total = 0.0
    for row in rows:
        if row["grade_band"] != band:
            continue
        students, sections = float(row["students"]), float(row["sections"])
        needed = math.ceil(students / (students / sections - reduce_by) - 1e-9)
        total += (needed - sections) * float(row["fte_per_section"])
    return total


@pytest.mark.parametrize("folder", [LAUSD, DENVER], ids=["lausd-2019", "denver-2025"])
def test_bundled_case_validates(folder: Path) -> None:
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"ok: {folder.name}:")


@pytest.mark.parametrize("folder", [LAUSD, DENVER], ids=["lausd-2019", "denver-2025"])
def test_every_proposal_says_where_it_comes_from(folder: Path) -> None:
    raw = _raw(folder)
    assert raw["sources"], "a bundled case lists its sources"
    for proposal in raw["proposals"]:
        # A proposal cites a source, or says in its note why it is an assumption.
        assert proposal.get("source") or "assumption" in proposal.get("note", ""), proposal["id"]


@pytest.mark.parametrize("folder", [LAUSD, DENVER], ids=["lausd-2019", "denver-2025"])
def test_modelled_enrollment_file_is_the_one_its_script_writes(folder: Path, tmp_path: Path) -> None:
    # enrollment_model.py writes enrollment.csv beside itself; run a copy in a scratch folder and compare.
    copy = tmp_path / "enrollment_model.py"
    copy.write_text((folder / "enrollment_model.py").read_text())
    runpy.run_path(str(copy), run_name="modelled")["main"]()
    assert (tmp_path / "enrollment.csv").read_text() == (folder / "enrollment.csv").read_text()


# ---------------------------------------------------------------- LAUSD


def test_lausd_status_quo_payroll_is_members_times_mean_salary() -> None:
    raw, case = _raw(LAUSD), _load(LAUSD)
    synthetic = raw["unit"]["synthetic"]
    sq = status_quo(CostContext.of(case))
    # 31,805 members x $75,000 = $2,385,375,000 in 2016-17; steps add 1.5% a year after that.
    payroll = synthetic["members"] * synthetic["mean_salary"]
    assert payroll == 2_385_375_000
    assert sq.salary[0] == pytest.approx(payroll, rel=1e-9)
    assert sq.salary[2] == pytest.approx(payroll * 1.015**2, rel=1e-9)


def test_lausd_enrollment_totals_the_published_k12_count() -> None:
    rows = _enrollment(LAUSD)
    # "More than 484,000" K-12 students, spread over 13 grades and six local districts (rounding: -2).
    assert sum(int(r["students"]) for r in rows) == pytest.approx(_raw(LAUSD)["students"], abs=5)


def test_lausd_last_offer_puts_130_million_into_2019_20_and_sunsets_it() -> None:
    raw, case = _raw(LAUSD), _load(LAUSD)
    cost = _cost(case, "lausd-2019-01-11")
    rows = _enrollment(LAUSD)
    # Class size -2 in middle and high school: per local district, ceil(E / (A - 2)) - sections, x 1.2 FTE.
    # E.g. Central 6-8: 16,754 students in 540 classes (A = 31.03) -> ceil(16,754 / 29.03) = 578 -> 38 x 1.2.
    class_fte = _reduce_by_fte(rows, "6-8", 2) + _reduce_by_fte(rows, "9-12", 2)
    assert class_fte == pytest.approx(676.8)
    # The staffing term carries the rest of the ~1,200 educators at $130M / 1,200 = $108,333.33 each.
    offer = next(p for p in raw["proposals"] if p["id"] == "lausd-2019-01-11")
    staffing = next(t for t in offer["terms"] if t["type"] == "staffing")
    assert class_fte + staffing["fte"] == pytest.approx(1200)
    assert _year(cost, "2019-20", "staffing") == pytest.approx(523.2 * 108_333.33, rel=1e-9)
    # Teachers for the smaller classes cost a new hire's salary with roll-up plus health:
    # 73,081 x 1.2005 + 20,600 = $108,333.74, so 676.8 x 108,333.74 = $73.32M.
    class_cost = class_fte * _loaded_new_hire(raw, "2019-07-01")
    assert _year(cost, "2019-20", "class_size") == pytest.approx(class_cost, rel=1e-9)
    assert _year(cost, "2019-20", "staffing") + _year(cost, "2019-20", "class_size") == pytest.approx(
        130e6, rel=1e-4
    )
    # The money sunsets on 30 Jun 2020 (an assumption of the case): nothing in 2020-21, a cliff reported.
    assert _year(cost, "2020-21", "staffing") == _year(cost, "2020-21", "class_size") == 0
    assert {c.cliff_year for c in cost.cliffs} == {"2020-21"}


def test_lausd_settlement_raises_back_pay_and_staffing_by_hand() -> None:
    raw, case = _raw(LAUSD), _load(LAUSD)
    cost = _cost(case, "settlement-2019-01-22")
    base = 31_805 * 75_000  # 2016-17 payroll
    # 3% from 1 Jul 2017 on the 2017-18 payroll (one year of 1.5% steps): 2,421,155,625 x 0.03.
    salary_17 = base * 1.015 * 0.03
    assert _year(cost, "2017-18", "salary") == pytest.approx(salary_17, rel=1e-9)
    # Both raises compound in 2018-19: 2,457,472,959 x (1.03^2 - 1) = 2,457,472,959 x 0.0609.
    salary_18 = base * 1.015**2 * (1.03**2 - 1)
    assert _year(cost, "2018-19", "salary") == pytest.approx(salary_18, rel=1e-9)
    assert _year(cost, "2018-19", "statutory") == pytest.approx(salary_18 * 0.1923, rel=1e-9)
    # Back pay: all of 2017-18 plus July-January of 2018-19 (7 of 12 months began before 22 Jan 2019).
    back_pay = salary_17 * 1.1738 + salary_18 * 1.1923 * 7 / 12
    assert cost.back_pay == pytest.approx(back_pay, rel=1e-9)
    # 2019-20 staffing: 150 nurses + 41 librarians all year, 17 counselors from October (9 of 12 months).
    loaded = _loaded_new_hire(raw, "2019-07-01")
    assert _year(cost, "2019-20", "staffing") == pytest.approx((150 + 41 + 17 * 9 / 12) * loaded, rel=1e-9)
    # 2020-21: 300 + 82 + 17 = 399 positions at the 2020-21 roll-up.
    assert _year(cost, "2020-21", "staffing") == pytest.approx(399 * _loaded_new_hire(raw, "2020-07-01"))
    # Class size in grades 4-12: cumulative cuts of 1, 2 and 4 against today's classes; the deepest in
    # effect binds, so each year costs its own cut, not the sum of the cuts so far.
    rows = _enrollment(LAUSD)
    cut_1, cut_2, cut_4 = (
        sum(_reduce_by_fte(rows, band, k) for band in ("4-5", "6-8", "9-12")) for k in (1, 2, 4)
    )
    assert cut_1 == pytest.approx(419.2) and cut_2 == pytest.approx(856.8)
    assert cost.added_fte["class_size"] == pytest.approx(cut_4)
    for year, cut in (("2019-20", cut_1), ("2020-21", cut_2), ("2021-22", cut_4)):
        assert _year(cost, year, "class_size") == pytest.approx(
            cut * _loaded_new_hire(raw, year[:4] + "-07-01"), rel=1e-9
        )


def test_lausd_union_retro_date_is_worth_a_whole_year_of_the_raise(tmp_path: Path) -> None:
    # The retro date is a parameter of the union's demand: cost a copy with the other reading, 1 Jul 2017.
    copy = tmp_path / "lausd"
    shutil.copytree(LAUSD, copy)
    text = (copy / "case.yaml").read_text()
    assert text.count("effective: 2016-07-01") == 1
    (copy / "case.yaml").write_text(text.replace("effective: 2016-07-01", "effective: 2017-07-01"))
    early, late = _cost(_load(LAUSD), "utla-2018-08"), _cost(_load(copy), "utla-2018-08")
    # Retro to 1 Jul 2016 adds 2016-17 alone: 6.5% of $2,385,375,000 = $155.05M, with a 15.53% roll-up.
    assert early.total - late.total == pytest.approx(2_385_375_000 * 0.065 * 1.1553, rel=1e-9)


# ---------------------------------------------------------------- Denver


def test_denver_settlement_prorates_the_september_contract_year() -> None:
    raw, case = _raw(DENVER), _load(DENVER)
    cost = _cost(case, "settlement-2025-06-24")
    synthetic = raw["unit"]["synthetic"]
    # 2025-26 status-quo payroll: 4,000 x $84,746 = $338,984,000, plus one year of 2.97% steps.
    payroll_25 = synthetic["members"] * synthetic["mean_salary"] * 1.0297
    assert payroll_25 == pytest.approx(349_051_824.8)
    # From 1 Sep 2025: 2.55% and the $1,000 COLA, paid Sep-Jun, 10 of 12 months of fiscal 2025-26.
    salary_25 = (0.0255 * payroll_25 + 1_000 * 4_000) * 10 / 12
    assert salary_25 == pytest.approx(10_750_684.6, abs=1)
    assert _year(cost, "2025-26", "salary") == pytest.approx(salary_25, rel=1e-9)
    # The one-time $1,000 per FTE lands in 2025-26 only; the roll-up (18.85% after HB25-1105) covers both.
    assert _year(cost, "2025-26", "one_time") == pytest.approx(4_000_000)
    assert _year(cost, "2026-27", "one_time") == 0
    assert _year(cost, "2025-26", "statutory") == pytest.approx(0.1885 * (salary_25 + 4e6), rel=1e-9)
    # 2026-27: the raise and first COLA all year, the second COLA for 10 months.
    payroll_26 = payroll_25 * 1.0297
    salary_26 = 0.0255 * payroll_26 + 4_000_000 + 4_000_000 * 10 / 12
    assert _year(cost, "2026-27", "salary") == pytest.approx(salary_26, rel=1e-9)


def test_denver_k5_cap_of_30_adds_the_sections_of_oversized_grades() -> None:
    raw, case = _raw(DENVER), _load(DENVER)
    cost = _cost(case, "settlement-2025-06-24")
    rows = _enrollment(DENVER)
    # A grade of 46 students in 2 classes fits a cap of 30 (ceil(46/30) = 2); 64 in 2 needs a third.
    added = sum(max(math.ceil(int(r["students"]) / 30) - int(r["sections"]), 0) for r in rows)
    assert added == 45
    # From 1 Sep 2026 (10/12 of 2026-27): 45 teachers at 57,666 x 1.1885 + 9,000 = $77,536 each.
    teacher = _loaded_new_hire(raw, "2025-07-01")
    assert _year(cost, "2026-27", "class_size") == pytest.approx(added * teacher * 10 / 12, rel=1e-9)
    assert _year(cost, "2027-28", "class_size") == pytest.approx(added * teacher, rel=1e-9)


def test_denver_modelled_enrollment_matches_the_published_share_of_large_classes() -> None:
    rows = _enrollment(DENVER)
    classes = sum(int(r["sections"]) for r in rows)
    large = sum(int(r["sections"]) for r in rows if int(r["students"]) / int(r["sections"]) > 30)
    # DPS: 9% of elementary classrooms had more than 30 students in 2023-24.
    assert large / classes == pytest.approx(0.09, abs=0.01)
    # K-5 is 6 of 13 grades of the 85,313 K-12 students: about 39,400.
    assert sum(int(r["students"]) for r in rows) == pytest.approx(85_313 * 6 / 13, rel=0.01)


def test_denver_caseload_ask_needs_the_ssp_positions_beyond_todays() -> None:
    raw, case = _raw(DENVER), _load(DENVER)
    cost = _cost(case, "dcta-2025-04-21")
    # ceil(10,238 / 20) = 512 SSP FTE needed; the roster has 10% of 4,000 = 400 today: 112 more.
    assert cost.added_fte["caseload"] == 112
    assert _year(cost, "2027-28", "caseload") == pytest.approx(112 * _loaded_new_hire(raw, "2025-07-01"))


# ---------------------------------------------------------------- against published figures


def test_lausd_settlement_is_within_3_percent_of_the_lacoe_disclosure() -> None:
    cost = _cost(_load(LAUSD), "settlement-2019-01-22")
    # LACOE (2019-01-29): $266M (2018-19), $255M (2019-20), $319M (2020-21). The district counts the
    # 2017-18 back pay in 2018-19, when it is paid; the model books it in 2017-18, when it is earned.
    assert _year(cost, "2017-18") + _year(cost, "2018-19") == pytest.approx(266e6, rel=0.03)
    assert _year(cost, "2019-20") == pytest.approx(255e6, rel=0.03)
    assert _year(cost, "2020-21") == pytest.approx(319e6, rel=0.03)


def test_lausd_settlement_staffing_is_within_11_percent_of_403_million() -> None:
    # 443.5M in the model: each cut is costed school by school at its full depth (the cut of 4 in 2021-22
    # needs 1,826 FTE on the modelled enrollment); docs/validation.md explains the gap.
    cost = _cost(_load(LAUSD), "settlement-2019-01-22")
    added = sum(
        _year(cost, fy, "staffing") + _year(cost, fy, "class_size")
        for fy in ("2019-20", "2020-21", "2021-22")
    )
    assert added == pytest.approx(403e6, rel=0.11)


def test_denver_contract_years_match_dps_average_increases(tmp_path: Path) -> None:
    # Cost a copy with the fiscal year starting 1 September, so each costed year is a contract year.
    copy = tmp_path / "denver"
    shutil.copytree(DENVER, copy)
    text = (copy / "case.yaml").read_text()
    (copy / "case.yaml").write_text(text.replace('fiscal_year_start: "07-01"', 'fiscal_year_start: "09-01"'))
    case = _load(copy)
    sq = status_quo(CostContext.of(case))
    cost = _cost(case, "settlement-2025-06-24")
    pay = [sq.salary[i] + cost.components["salary"][i] for i in range(4)]
    growth = [(pay[i] + cost.components["one_time"][i]) / pay[i - 1] - 1 for i in (1, 2, 3)]
    # DPS: 7.88% in year 1, 4.15% in years 2 and 3. The model compounds the 2.55% on pay after the 2.97%
    # steps (+0.08 points in year 1) and divides each $1,000 by a rising average (-0.1 to -0.2 later).
    assert growth[0] == pytest.approx(0.0788, abs=0.0015)
    assert growth[1] == pytest.approx(0.0415, abs=0.0025)
    assert growth[2] == pytest.approx(0.0415, abs=0.0025)


def test_denver_pera_true_up_costs_about_the_3_point_saving() -> None:
    case = _load(DENVER)
    ctx = CostContext.of(case)
    cost = _cost(case, "settlement-2025-06-24")
    # HB25-1105 saves 3.0% of pay; the 2.55% raise costs 2.55% x 1.1885 = 3.03% of pay with its roll-up.
    # 2027-28 has no proration left for the raise; take away the COLAs ($1,000 x 4,000 x (1 + 1 + 10/12)).
    payroll = status_quo(ctx).salary[3]
    raise_only = _year(cost, "2027-28", "salary") - 4_000_000 * (2 + 10 / 12)
    assert raise_only * 1.1885 == pytest.approx(0.03 * payroll, rel=0.02)


def test_cost_and_compare_commands_run_on_the_bundled_cases() -> None:
    result = runner.invoke(app, ["cost", str(LAUSD), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["case"] == "lausd-2019"
    assert document["fiscal_years"] == ["2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22"]
    assert len(document["proposals"]) == 6
    # UTLA's 6.5% from 1 Jul 2016, in 2016-17: the synthetic roster's mean salary is exactly the case's
    # $75,000, so 31,805 x 75,000 x 6.5% = $155,049,375 of salary and 15.53% of it, $24,079,167.94, of
    # roll-up (CalSTRS 12.58 + Medicare 1.45 + UI/WC 1.5); no step drift in the first year.
    (utla,) = [p for p in document["proposals"] if p["id"] == "utla-2018-08"]
    first = utla["years"][0]["components"]
    assert first["salary"] == pytest.approx(155_049_375.0, abs=0.01)
    assert first["statutory"] == pytest.approx(24_079_167.9375, abs=0.01)
    result = runner.invoke(app, ["compare", str(DENVER), "dps-2025-04-28", "dcta-2025-04-21", "-f", "json"])
    assert result.exit_code == 0, result.output
    gap = json.loads(result.output)
    assert gap["case"] == "denver-2025"
    # Nothing in either proposal takes effect before 1 Sep 2025, so 2024-25 shows no gap; every year's
    # gap is the union's cost less the district's.
    assert gap["years"][0]["gap"] == 0.0
    for year in gap["years"]:
        assert year["gap"] == pytest.approx(year["b"] - year["a"], abs=0.01)
        assert year["b"] > year["a"] or year["fiscal_year"] == "2024-25"


# ---------------------------------------------------------------- unchanged by issue 12

PINNED = Path(__file__).parent / "pinned" / "costs-before-issue-12.json"


@pytest.mark.parametrize("folder", [LAUSD, DENVER], ids=["lausd-2019", "denver-2025"])
def test_bundled_cases_cost_as_before_issue_12(folder: Path) -> None:
    """Not a hand-worked expectation but a guard: the costs the engine gave at commit 50f0bf5, before
    health plans, statutory lines, units and the ongoing/one-time split (issue 12), written to
    pinned/costs-before-issue-12.json then. A case that uses none of the new keys costs to the cent as it
    did; the hand-worked tests above say why those numbers are right."""
    pinned = json.loads(PINNED.read_text())[folder.name]
    case = _load(folder)
    ctx = CostContext.of(case)
    sq = status_quo(ctx)
    for line in ("salary", "statutory", "health"):
        assert getattr(sq, line) == pytest.approx(pinned["status_quo"][line], abs=0.01), line
    for proposal in case.proposals:
        cost = cost_proposal(ctx, proposal)
        want = pinned["proposals"][proposal.id]
        assert cost.back_pay == pytest.approx(want.pop("back_pay"), abs=0.01), proposal.id
        assert set(cost.components) == set(want)
        for name, values in want.items():
            assert cost.components[name] == pytest.approx(values, abs=0.01), (proposal.id, name)


def test_lausd_last_offer_counts_sunsetting_staffing_and_back_pay_as_one_time() -> None:
    """Issue 12: the last offer was reported as $947.3M ongoing and $0 one-time."""
    cost = _cost(_load(LAUSD), "lausd-2019-01-11")
    # The ~$130M of one-year staffing (staffing + smaller classes in 2019-20, sunset 30 Jun 2020) and the
    # back pay are one-time; what is left of each year recurs.
    sunsetting = _year(cost, "2019-20", "staffing") + _year(cost, "2019-20", "class_size")
    assert sunsetting == pytest.approx(130e6, rel=1e-4)
    assert cost.one_time == pytest.approx(cost.back_pay + sunsetting, rel=1e-9)
    assert cost.one_time + sum(cost.recurring) == pytest.approx(cost.total, rel=1e-12)
    # Ongoing: the recurring cost of the last year, 2021-22, in which nothing sunsets and no back pay falls.
    assert cost.ongoing == pytest.approx(_year(cost, "2021-22"), rel=1e-12)
    assert cost.ongoing < 0.25 * cost.total
    # Back pay earned in 2017-18 and July 2018 - January 2019 is paid in 2018-19 (from February 2019).
    paid = dict(zip(cost.fiscal_years, cost.back_pay_paid, strict=True))
    assert paid["2018-19"] == pytest.approx(cost.back_pay, rel=1e-12)
    assert sum(cost.back_pay_earned) == pytest.approx(cost.back_pay, rel=1e-12)
    assert cost.back_pay_earned[cost.fiscal_years.index("2017-18")] > 0


def test_denver_roll_up_is_pera_line_by_line_with_the_2025_rate_change() -> None:
    case = _load(DENVER)
    # HB25-1105: 10.4% + AED 4.50% + SAED 5.50% + Medicare 1.45% = 21.85%, and 18.85% from 1 Jul 2025.
    assert [line.name for line in case.unit.statutory] == [
        "PERA DPS Division",
        "PERA AED",
        "PERA SAED",
        "Medicare",
    ]
    assert case.unit.statutory_rate.at(dt.date(2025, 6, 30)) == pytest.approx(0.2185)
    assert case.unit.statutory_rate.at(dt.date(2025, 7, 1)) == pytest.approx(0.1885)
    assert _rate(_raw(DENVER), "2025-07-01") == pytest.approx(0.1885)
