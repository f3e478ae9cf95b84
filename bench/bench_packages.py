"""Benchmark: cost and score 10^6 packages for a 35,000-member unit, then frontier and solutions.

Target (issue 4): costing plus evaluation under 10 s. Run: .venv/bin/python bench/bench_packages.py
The case is generated in a temporary folder: a synthetic roster of 35,000 members in three roles, six
fiscal years of monthly pay, 300 schools of enrollment, and six issues whose product exceeds 10^6, so a
seeded sample of 10^6 packages is scored (pass --packages to change it). With --phased the template also
has a later secondary class-size cut and two phased counselor caseload caps, which the costing engine
costs together (the strictest in effect binds), so their blocks hold several issues each.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from bargaining.analysis.deal import analyze
from bargaining.analysis.valuation import Valuer, value_packages
from bargaining.inputs import load_case
from bargaining.model import Preferences

CASE = """\
id: bench-packages
title: Benchmark case, 35,000 members
jurisdiction: generic
horizon: {first: 2016-17, last: 2021-22}
employer: {name: Bench Unified, short: BU}
union: {name: Bench Teachers, short: BT, members: 35000}
unit:
  synthetic: {members: 35000, mean_salary: 75000, sd_salary: 15000, min_salary: 45000, max_salary: 110000,
              roles: {teacher: 0.9, counselor: 0.05, nurse: 0.05}, seed: 1}
  statutory_rate: {2016-07-01: 0.19, 2018-07-01: 0.195, 2019-07-01: 0.2}
  health_per_fte: 15000
  step_column: 0.015
  new_hire_salary: 55000
enrollment: enrollment.csv
proposals:
  - id: union-1
    party: union
    date: 2018-12-18
    terms:
      - {type: raise, percent: 6.5, effective: 2016-07-01}
      - {type: staffing, role: nurse, fte: 1500, cost_per_fte: 108000, effective: 2019-07-01}
      - {type: class_size, grade_band: secondary, reduce_by: 4, effective: 2019-07-01}
  - id: district-1
    party: employer
    date: 2019-01-11
    terms:
      - {type: raise, percent: 3, effective: 2017-07-01}
      - {type: raise, percent: 3, effective: 2018-07-01}
      - {type: staffing, role: nurse, fte: 1200, cost_per_fte: 108000, effective: 2019-07-01}
      - {type: class_size, grade_band: secondary, reduce_by: 2, effective: 2019-07-01}
preferences:
  valued_on: 2019-01-11
  package:
    terms:
      raise_1: {type: raise, percent: 3, effective: 2017-07-01}
      raise_2: {type: raise, percent: 3, effective: 2018-07-01}
      staff: {type: staffing, role: nurse, fte: 1, cost_per_fte: 108000, effective: 2019-07-01}
      class_size: {type: class_size, grade_band: secondary, reduce_by: 1, effective: 2019-07-01}
      bonus: {type: one_time, amount: 500, paid: 2019-03-01}
    issues:
      raise_1: {term: raise_1, field: percent, min: 0, max: 8, step: 0.25}
      retro: {term: raise_1, field: effective, options: [2016-07-01, 2017-07-01, 2018-07-01]}
      raise_2: {term: raise_2, field: percent, min: 0, max: 4, step: 0.5}
      staff: {term: staff, field: fte, min: 0, max: 1500, step: 75}
      class_size: {term: class_size, field: reduce_by, min: 0, max: 4, step: 1}
      bonus: {term: bonus, field: amount, min: 0, max: 3000, step: 250}
  employer:
    reservation: 35
    weights: {cost: 70, ongoing_cost: 30}
    curves:
      cost: [[0, 100], [1500000000, 40], [3000000000, 0]]
      ongoing_cost: [[0, 100], [400000000, 30], [600000000, 0]]
  union:
    reservation: 40
    discount_rate: 0.03
    weights: {pay_per_member: 50, retro: 10, staff: 20, class_size: 20}
    curves:
      pay_per_member: [[0, 0], [20000, 80], [30000, 100]]
      retro: [[2016-07-01, 100], [2018-07-01, 0]]
      staff: [[0, 0], [1500, 100]]
      class_size: [[0, 0], [4, 100]]
"""

# Added to the template and its issues by --phased.
PHASED_TERMS = """\
      class_size_later: {type: class_size, grade_band: secondary, reduce_by: 1, effective: 2020-07-01}
      caseload_1: {type: caseload, role: counselor, students: 600000, cap: 500, effective: 2018-07-01}
      caseload_2: {type: caseload, role: counselor, students: 600000, cap: 400, effective: 2020-07-01}
"""
PHASED_ISSUES = """\
      class_size_later: {term: class_size_later, field: reduce_by, min: 0, max: 4, step: 1}
      caseload_1: {term: caseload_1, field: cap, options: [250, 350, 450, 500]}
      caseload_2: {term: caseload_2, field: cap, options: [200, 300, 400, 500]}
"""


def write_case(folder: Path, phased: bool = False) -> None:
    text = CASE
    if phased:
        text = text.replace("    issues:\n", PHASED_TERMS + "    issues:\n")
        text = text.replace("  employer:\n    reservation", PHASED_ISSUES + "  employer:\n    reservation")
    (folder / "case.yaml").write_text(text)
    rng = np.random.default_rng(np.random.SeedSequence(5))
    rows = ["school,grade_band,students,sections,fte_per_section"]
    for school in range(300):
        for band, size, share in (("elementary", 26, 1.0), ("middle", 33, 0.2), ("secondary", 35, 0.2)):
            students = int(rng.integers(300, 1500))
            rows.append(f"s{school:03d},{band},{students},{int(np.ceil(students / size))},{share}")
    (folder / "enrollment.csv").write_text("\n".join(rows) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--packages", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=20_000)
    parser.add_argument("--direct", type=int, default=20_000, help="packages costed whole, for comparison")
    parser.add_argument("--phased", action="store_true", help="add phased class-size and caseload caps")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        write_case(Path(tmp), args.phased)
        start = time.perf_counter()
        case, errors = load_case(tmp)
        loaded = time.perf_counter() - start
    assert case is not None and not errors, errors
    prefs = case.preferences
    assert isinstance(prefs, Preferences)
    tracemalloc.start()
    start = time.perf_counter()
    deal = analyze(case, prefs, max_packages=args.packages, chunk=args.chunk)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"space {prefs.space.size:,} packages, scored {deal.choice.shape[0]:,} (sampled={deal.sampled}), "
        f"{len(case.unit.roster):,} members, {case.calendar.n_periods} pay periods; "
        f"case loaded in {loaded:.2f} s"
    )
    print(
        f"cost + evaluation + frontier + solutions: {elapsed:.2f} s, peak {peak / 2**20:.0f} MB; "
        f"frontier {deal.frontier.size:,} packages, ZOPA {deal.zopa_size:,}, "
        f"Nash row {deal.solutions['nash']}"
    )
    # The same packages costed whole, chunk by chunk, without splitting the template into blocks.
    valuer = Valuer.of(case, prefs)
    some = deal.choice[: args.direct]
    start = time.perf_counter()
    whole = value_packages(valuer, some, args.chunk, decompose=False)
    direct = time.perf_counter() - start
    blocks = value_packages(valuer, some, args.chunk)
    assert np.allclose(whole.cost, blocks.cost, rtol=1e-9), "blocks must add up to the whole"
    print(
        f"costed whole (no blocks): {some.shape[0]:,} packages in {direct:.2f} s "
        f"({some.shape[0] / direct:,.0f} a second); block costs agree to 1e-9"
    )


if __name__ == "__main__":
    main()
