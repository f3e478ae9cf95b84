"""Costing a package in blocks, costing it whole and costing it as a written proposal agree to the cent,
for generated package templates: several class-size caps per band and caseload caps per role, phased
dates, raises, schedule adds, one-time pay, step freezes, staffing, health and sunsets (issue 9, item 5).

The case is tests/analysis/cases/mixed (four years of ten pay periods, a dated roll-up rate, step drift,
two grade bands over twelve schools, teachers and counselors); its own preferences are not used.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from bargaining.analysis.space import sample_choices, values_of
from bargaining.analysis.valuation import Valuer, value_packages
from bargaining.costing import CostContext, cost_proposal
from bargaining.inputs import load_case
from bargaining.model import Case, Issue, PackageSpace, Preferences, Proposal
from bargaining.model.terms import Term

CASES = Path(__file__).parent / "cases"
FIRST, LAST = dt.date(2017, 7, 1), dt.date(2021, 6, 30)  # the case's horizon
DATE_FIELDS = {"effective", "paid", "sunset"}
CENT = 0.01
POSITIONS = ("class_size", "caseload")


@pytest.fixture(scope="module")
def case() -> Case:
    loaded, errors = load_case(CASES / "mixed")
    assert loaded is not None and not errors, errors
    return loaded


KINDS = ["raise", "schedule_add", "one_time", "step_freeze", "staffing", "class_size", "caseload", "health"]
days = st.dates(FIRST, LAST)
sunsets = st.none() | days


@st.composite
def term_and_varied(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """One template term (as its fields) and the options of the fields an issue varies."""
    kind = draw(st.sampled_from(KINDS))
    percents = st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5, 6.0]), min_size=1, max_size=3, unique=True)
    if kind == "raise":
        roles = draw(st.sampled_from([None, ("teacher",), ("counselor",)]))
        term = {"percent": 2.0, "effective": draw(days), "sunset": draw(sunsets), "roles": roles}
        varied = {"percent": draw(percents), "effective": draw(st.lists(days, max_size=2, unique=True))}
    elif kind == "schedule_add":
        term = {"amount": 500.0, "effective": draw(days), "sunset": draw(sunsets)}
        varied = {"amount": draw(st.lists(st.sampled_from([0.0, 250.0, 1000.0]), max_size=3, unique=True))}
    elif kind == "one_time":
        if draw(st.booleans()):
            term = {"amount": 1000.0, "paid": draw(days)}
            amounts = st.lists(st.sampled_from([0.0, 500.0, 2000.0]), max_size=3, unique=True)
            varied = {"amount": draw(amounts)}
        else:
            term = {"percent": 1.0, "paid": draw(days)}
            varied = {"percent": draw(percents)}
        varied["paid"] = draw(st.lists(days, max_size=2, unique=True))
    elif kind == "step_freeze":
        years = ["2017-18", "2018-19", "2019-20", "2020-21"]
        term = {"fiscal_year": draw(st.sampled_from(years))}
        varied = {"fiscal_year": draw(st.lists(st.sampled_from(years), max_size=2, unique=True))}
    elif kind == "staffing":
        price = {"cost_per_fte": 90000.0} if draw(st.booleans()) else {"salary": 55000.0}
        term = {"role": "nurse", "fte": 2.0, "effective": draw(days), "sunset": draw(sunsets), **price}
        varied = {"fte": draw(st.lists(st.sampled_from([-1.0, 0.0, 3.0]), max_size=3, unique=True))}
    elif kind == "class_size":
        band = draw(st.sampled_from(["elementary", "secondary"]))
        if draw(st.booleans()):
            term = {"grade_band": band, "cap": 30, "effective": draw(days), "sunset": draw(sunsets)}
            caps = st.lists(st.integers(min_value=18, max_value=36), max_size=3, unique=True)
            varied = {"cap": draw(caps)}
        else:
            term = {"grade_band": band, "reduce_by": 1.0, "effective": draw(days), "sunset": draw(sunsets)}
            cuts = st.lists(st.sampled_from([0.5, 1.0, 2.0, 4.0]), max_size=3, unique=True)
            varied = {"reduce_by": draw(cuts)}
        varied["effective"] = draw(st.lists(days, max_size=2, unique=True))
    elif kind == "caseload":
        role = draw(st.sampled_from(["counselor", "psychologist"]))
        term = {"role": role, "students": 30000, "cap": 400.0}
        term |= {"effective": draw(days), "sunset": draw(sunsets)}
        caps = st.lists(st.sampled_from([150.0, 250.0, 400.0, 700.0]), max_size=3, unique=True)
        varied = {"cap": draw(caps), "effective": draw(st.lists(days, max_size=2, unique=True))}
    else:
        term = {"amount_per_fte": 300.0, "effective": draw(days), "sunset": draw(sunsets)}
        varied = {"amount_per_fte": draw(st.lists(st.sampled_from([-200.0, 600.0]), max_size=2, unique=True))}
    term = {key: value for key, value in term.items() if value is not None}
    return {"type": kind, **term}, {field: options for field, options in varied.items() if options}


TERM: TypeAdapter[Term] = TypeAdapter(Term)


def _number(field: str, value: Any) -> float:
    if field in DATE_FIELDS:
        return float(value.toordinal())
    if field == "fiscal_year":
        return float(int(value[:4]))
    return float(value)


def _native(issue: Issue, value: float) -> object:
    """An issue value as the term field it stands for: dates from day numbers, fiscal years as labels."""
    if issue.kind == "date":
        return dt.date.fromordinal(round(value))
    if issue.kind == "fiscal_year":
        return issue.show(value)
    return value


@st.composite
def spaces(draw: st.DrawFn) -> PackageSpace:
    """A package template of 1-7 terms, at least two of them class-size or caseload caps sharing a band or
    a role, and the issues that vary them."""
    drawn = draw(st.lists(term_and_varied(), min_size=1, max_size=5))
    band = draw(st.sampled_from(["elementary", "secondary"]))
    for _ in range(2):  # always some phased caps on one band (or one role)
        fields, varied = draw(term_and_varied().filter(lambda tv: tv[0]["type"] in POSITIONS))
        if fields["type"] == "class_size":
            fields["grade_band"] = band
        drawn.append((fields, varied))
    terms: list[tuple[str, Term]] = []
    issues: list[Issue] = []
    for index, (fields, varied) in enumerate(drawn):
        name = f"t{index}"
        terms.append((name, TERM.validate_python(fields)))
        for field, options in varied.items():
            kind = "date" if field in DATE_FIELDS else "fiscal_year" if field == "fiscal_year" else "number"
            numbers = tuple(sorted(_number(field, option) for option in options))
            issues.append(Issue(name=f"{name}.{field}", term=name, field=field, options=numbers, kind=kind))
    return PackageSpace(terms=tuple(terms), issues=tuple(issues))


def as_proposal(space: PackageSpace, values: np.ndarray, date: dt.date) -> Proposal:
    """One package written out as a proposal: each template term with its issues' values put in."""
    terms = []
    for name, term in space.terms:
        update = {
            issue.field: _native(issue, float(values[column]))
            for column, issue in enumerate(space.issues)
            if issue.term == name
        }
        terms.append(type(term).model_validate({**term.model_dump(), **update}))
    return Proposal(id="package", party="mediator", date=date, terms=tuple(terms))  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(space=spaces(), seed=st.integers(0, 2**16))
def test_block_cost_equals_whole_cost_equals_cost_proposal(
    case: Case, space: PackageSpace, seed: int
) -> None:
    valued_on = dt.date(2018, 9, 1)
    valuer = Valuer.of(case, Preferences(space=space, valued_on=valued_on))
    choice = sample_choices(space, 12, seed)
    blocks = value_packages(valuer, choice, chunk=5)
    whole = value_packages(valuer, choice, chunk=7, decompose=False)
    ctx = CostContext.of(case)
    written = [cost_proposal(ctx, as_proposal(space, row, valued_on)) for row in values_of(space, choice)]
    by_proposal = np.array([cost.total for cost in written])
    assert np.abs(blocks.cost - whole.cost).max() < CENT
    assert np.abs(whole.cost - by_proposal).max() < CENT
    positions = [sum(sum(c.components[k]) for k in ("staffing", *POSITIONS)) for c in written]
    assert np.abs(blocks.staffing_cost - positions).max() < CENT
    # One rule for what recurs: the analysis's ongoing cost is bargain cost's ongoing.
    assert np.abs(blocks.ongoing_cost - [cost.ongoing for cost in written]).max() < CENT
    assert np.abs(whole.ongoing_cost - blocks.ongoing_cost).max() < CENT
    assert np.abs(blocks.pay_per_member - whole.pay_per_member).max() < CENT
