"""Costing speed: one proposal on a 35,000-member roster over 5 fiscal years, a batch of 10,000 variants,
and the same proposal costed by a straightforward per-member Python loop for comparison.

Run: .venv/bin/python bench/bench_costing.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from bargaining.costing import CostContext, cost_batch, cost_proposal, stack
from bargaining.costing.batch import ProposalBatch, TermBatch
from bargaining.inputs.schema import Synthetic
from bargaining.inputs.synthetic import synthesize_roster
from bargaining.model import (
    Calendar,
    Case,
    DatedRate,
    Health,
    HealthCap,
    HealthPlan,
    HealthShare,
    HealthTier,
    MeToo,
    OneTime,
    Party,
    Proposal,
    Raise,
    Staffing,
    StatutoryLine,
    Tier,
    Unit,
    WorkYear,
)

MEMBERS = 35_000


def make_case() -> Case:
    roster = synthesize_roster(
        Synthetic(
            members=MEMBERS,
            mean_salary=75_000,
            sd_salary=15_000,
            roles={"teacher": 0.9, "nurse": 0.1},
            seed=1,
        )
    )
    rate = DatedRate(((dt.date(2018, 7, 1), 0.1773), (dt.date(2019, 7, 1), 0.1855)))
    unit = Unit(roster, rate, 12_000.0, 0.015, 52_000.0)
    party = Party(name="x", short="x")
    return Case("bench", "bench", "generic", Calendar(2018, 2022), party, party, None, unit, ())


PROPOSAL = Proposal(
    id="bench",
    party="employer",
    date=dt.date(2019, 1, 11),
    terms=(
        Raise(type="raise", percent=3, effective=dt.date(2018, 7, 1)),
        Raise(type="raise", percent=3, effective=dt.date(2019, 7, 1)),
        OneTime(type="one_time", amount=500, paid=dt.date(2019, 3, 1)),
        Staffing(
            type="staffing",
            role="nurse",
            fte=300,
            cost_per_fte=108_333,
            effective=dt.date(2019, 7, 1),
            sunset=dt.date(2020, 6, 30),
        ),
    ),
)


def best_of(fn: Callable[[], object], repeat: int, number: int) -> float:
    """Best mean seconds per call over ``repeat`` rounds of ``number`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def loop_cost(case: Case, proposal: Proposal) -> float:
    """The straightforward way: every member, every pay period, in plain Python. Salary and roll-up only
    (the raises); it is the baseline the vectorised engine is compared with."""
    cal = case.calendar
    starts = cal.period_starts()
    roster = case.unit.roster
    raises = [t for t in proposal.terms if isinstance(t, Raise)]
    total = 0.0
    for i in range(len(roster)):
        pay = float(roster.salary[i] * roster.fte[i])
        for p, start in enumerate(starts):
            year = p // cal.pay_months
            base = pay * (1 + case.unit.step_column) ** year / cal.pay_months
            factor = 1.0
            for term in raises:
                if term.effective <= start:
                    factor *= 1 + term.percent / 100
            total += base * (factor - 1) * (1 + case.unit.statutory_rate.at(start))
    return total


def variants(size: int, proposal: Proposal = PROPOSAL) -> ProposalBatch:
    """10,000 variants of the proposal: the two raises and the staffing level (and a health cap) vary."""
    rng = np.random.default_rng(np.random.SeedSequence(7))
    base = stack([proposal])
    terms = []
    for term in base.terms:
        values = {name: np.repeat(array, size) for name, array in term.values.items()}
        if term.type == "raise":
            values["percent"] = rng.uniform(0, 8, size)
        if term.type == "staffing":
            values["fte"] = rng.uniform(0, 1500, size)
        if term.type == "health_cap":
            values["amount"] = rng.uniform(8_000, 20_000, size)
        terms.append(
            TermBatch(term.type, values, term.roles, term.role, term.grade_band, term.mode, term.target)
        )
    return ProposalBatch(tuple(terms), np.repeat(base.dates, size), size)


def main() -> None:
    case = make_case()
    ctx_time = best_of(lambda: CostContext.of(case), 3, 5)
    ctx = CostContext.of(case)
    one = best_of(lambda: cost_batch(ctx, stack([PROPOSAL])), 5, 200)
    full = best_of(lambda: cost_proposal(ctx, PROPOSAL), 5, 50)
    batch = variants(10_000)
    batched = best_of(lambda: cost_batch(ctx, batch), 3, 1)
    objects = [PROPOSAL.model_copy(update={"id": f"v{i}"}) for i in range(10_000)]
    from_objects = best_of(lambda: cost_batch(ctx, stack(objects)), 3, 1)
    start = time.perf_counter()
    slow = loop_cost(case, PROPOSAL)
    loop = time.perf_counter() - start
    fast = cost_batch(ctx, stack([PROPOSAL.model_copy(update={"terms": PROPOSAL.terms[:2]})]))
    fast_total = float((fast.per_period["salary"] + fast.per_period["statutory"]).sum())
    assert np.isclose(slow, fast_total, rtol=1e-9), (slow, fast_total)
    print(f"roster: {MEMBERS:,} members, {len(case.calendar.years)} fiscal years, 12 pay periods")
    print(f"case context (roster summed by role, once per case): {ctx_time * 1e3:.2f} ms")
    print(f"cost one proposal (cost_batch of 1):                 {one * 1e3:.3f} ms")
    print(f"cost one proposal with report extras (cost_proposal): {full * 1e3:.3f} ms")
    print(f"batch of 10,000 variants from arrays:                {batched:.3f} s")
    print(f"batch of 10,000 proposal objects (stack + cost):     {from_objects:.3f} s")
    print(f"per-member Python loop, same raises:                 {loop:.2f} s")
    print(f"speed-up of the vectorised context + cost over the loop: {loop / (ctx_time + one):,.0f}x")
    lined = with_lines(case)
    lctx = CostContext.of(lined)
    l_one = best_of(lambda: cost_proposal(lctx, WITH_HEALTH), 5, 20)
    l_batch = best_of(lambda: cost_batch(lctx, variants(10_000, WITH_HEALTH)), 3, 1)
    print("with statutory lines (tiered pension, Medicare, OASDI capped at the wage base) and health plans")
    print("(two plans of three tiers, a 6% trend, cap and split; the proposal adds a health cap and share):")
    print(f"  cost one proposal (cost_proposal):                 {l_one * 1e3:.3f} ms")
    print(f"  batch of 10,000 variants from arrays:              {l_batch:.3f} s")
    two = with_second_unit(case)
    tctx = CostContext.of(two)
    leader = PROPOSAL.model_copy(update={"unit": "teachers"})
    t_one = best_of(lambda: cost_proposal(tctx, leader), 5, 20)
    assert len(cost_proposal(tctx, leader).me_too) == 1
    print("two units, the second following the first's raises and one-time pay (a parity clause):")
    print(f"  cost one proposal and what parity passes on:       {t_one * 1e3:.3f} ms")
    accrued = dataclasses.replace(case, calendar=dataclasses.replace(case.calendar, work_year=WORK_YEAR))
    actx = CostContext.of(accrued)
    a_one = best_of(lambda: cost_proposal(actx, PROPOSAL), 5, 20)
    a_variants = variants(10_000)
    a_batch = best_of(lambda: cost_batch(actx, a_variants), 3, 1)
    tracemalloc.start()
    cost_batch(actx, a_variants)
    a_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print("proration by work days (186 work days a year: 186 periods a year instead of 12):")
    print(f"  cost one proposal (cost_proposal):                 {a_one * 1e3:.3f} ms")
    print(f"  batch of 10,000 variants from arrays:              {a_batch:.3f} s")
    print(f"  peak memory of that batch (tracemalloc):           {a_peak / 2**20:,.0f} MiB")


WORK_YEAR = WorkYear(days=186, start=(8, 15), end=(6, 12))


def with_second_unit(case: Case) -> Case:
    """The bench case as two units of the same roster, the second with a parity clause on the first."""
    first = dataclasses.replace(case.unit, name="teachers", title="Teachers")
    second = dataclasses.replace(case.unit, name="classified", title="Classified staff")
    clause = MeToo(unit="classified", follows="teachers", terms=("raise", "one_time"))
    return dataclasses.replace(case, unit=first, other_units=(second,), me_too=(clause,))


WITH_HEALTH = PROPOSAL.model_copy(
    update={
        "terms": (
            *PROPOSAL.terms,
            HealthCap(type="health_cap", amount=14_000, effective=dt.date(2019, 7, 1)),
            HealthShare(type="health_share", share=0.8, effective=dt.date(2019, 7, 1)),
        )
    }
)


def with_lines(case: Case) -> Case:
    """The bench case with its roll-up line by line: a two-tier pension, Medicare and OASDI."""
    start = dt.date(2018, 7, 1)
    pension = StatutoryLine(
        "Pension",
        "pensionable",
        DatedRate(((start, 0.1628),)),
        tiers=(
            Tier("classic", 0.6, DatedRate(((start, 0.1628), (dt.date(2019, 7, 1), 0.171))), True),
            Tier("new", 0.4, DatedRate(((start, 0.1628), (dt.date(2019, 7, 1), 0.171))), False),
        ),
    )
    medicare = StatutoryLine("Medicare", "all", DatedRate(((start, 0.0145),)))
    base = DatedRate(
        tuple(
            (dt.date(year, 1, 1), amount)
            for year, amount in (
                (2018, 128_400),
                (2019, 132_900),
                (2020, 137_700),
                (2021, 142_800),
                (2022, 147_000),
                (2023, 160_200),
            )
        )
    )
    oasdi = StatutoryLine("OASDI", "capped", DatedRate(((start, 0.062),)), wage_base=base)
    tiers = (("single", 0.5, 9_600.0), ("two", 0.2, 18_000.0), ("family", 0.3, 26_000.0))
    plans = tuple(
        HealthPlan(
            name,
            tuple(HealthTier(t, share * 0.45 * MEMBERS, premium * factor) for t, share, premium in tiers),
        )
        for name, factor in (("PPO", 1.2), ("HMO", 1.0))
    )
    health = Health(plans, trend=0.06, rule="cap_and_split", share=0.8, cap=12_000.0)
    unit = dataclasses.replace(case.unit, statutory=(pension, medicare, oasdi), health=health)
    return dataclasses.replace(case, unit=unit)


if __name__ == "__main__":
    main()
