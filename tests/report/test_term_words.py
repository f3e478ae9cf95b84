"""Terms in words (report.terms), worked out by hand from the issue's examples and the bundled cases."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.model import TERM_TYPES
from bargaining.report import day_words, term_types, term_words, terms_document


def test_the_issue_examples() -> None:
    assert term_words({"type": "raise", "percent": 2.0, "effective": "2017-07-01"}) == (
        "2% on the salary schedule from 1 July 2017"
    )
    assert term_words(
        {"type": "class_size", "grade_band": "6-8", "reduce_by": 2, "effective": "2019-07-01"}
    ) == ("Class size in grades 6-8 down 2 students from 1 July 2019")


def test_each_kind_of_term() -> None:
    assert term_words({"type": "one_time", "amount": 500, "paid": "2019-03-01"}) == (
        "One-time payment of $500 per FTE, paid 1 March 2019"
    )
    assert term_words({"type": "staffing", "role": "nurse", "fte": -2.5, "effective": "2019-07-01"}) == (
        "2.5 fewer FTE of nurse from 1 July 2019"
    )
    assert term_words(
        {"type": "raise", "percent": 3, "effective": "2019-07-01", "sunset": "2020-06-30", "roles": ["nurse"]}
    ) == ("3% on the salary schedule for nurse from 1 July 2019, until 30 June 2020")
    assert (
        term_words({"type": "step_freeze", "fiscal_year": "2020-21"})
        == "No step and column movement in 2020-21"
    )
    assert term_words({"type": "health", "amount_per_fte": -300, "effective": "2019-07-01"}) == (
        "District's health contribution down $300 per FTE a year from 1 July 2019"
    )


def test_terms_are_numbered_from_one() -> None:
    found = terms_document([{"type": "language", "summary": "20 days of paid leave", "article": "Leave"}])
    assert found[0]["number"] == 1 and found[0]["words"] == "20 days of paid leave"


def test_every_term_type_has_a_name_in_words() -> None:
    names = dict(term_types())
    assert len(names) == len(TERM_TYPES)
    assert all("_" not in name and name[0].isupper() for name in names.values())


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
@settings(max_examples=50)
def test_dates_are_written_out(day: dt.date) -> None:
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", day_words(day))


@given(
    st.floats(min_value=-50, max_value=100, allow_nan=False),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
)
@settings(max_examples=50)
def test_a_raise_never_reads_as_code(percent: float, day: dt.date) -> None:
    words = term_words({"type": "raise", "percent": percent, "effective": day.isoformat()})
    assert "_" not in words and "None" not in words and words.endswith(day_words(day))
