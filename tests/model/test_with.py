"""A new event or proposal is checked on the typed case, with no file: Case.with_event and with_proposal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bargaining.inputs import load_case
from bargaining.model import Case, Proposal, Raise
from bargaining.model.checks import parse_event, parse_proposal

LAUSD = Path(__file__).resolve().parents[2] / "cases" / "lausd-2019"


@pytest.fixture(scope="module")
def case() -> Case:
    found, errors = load_case(LAUSD)
    assert found is not None, errors
    return found


def test_a_valid_event_joins_the_end_of_the_record(case: Case) -> None:
    event, problems = parse_event(
        {"date": dt.date(2019, 1, 25), "type": "statement", "by": "union", "summary": "x"}, 0
    )
    assert event is not None and problems == []
    after, problems = case.with_event(event)
    assert problems == [] and after is not None
    assert after.events == (*case.events, event)
    assert after.record[-1] == event
    assert case.events[-1] != event  # the case itself is unchanged: a value


def test_an_event_naming_an_unknown_proposal_is_refused_at_its_key(case: Case) -> None:
    event, _ = parse_event({"date": dt.date(2019, 1, 25), "type": "proposal_passed", "proposal": "nope"}, 0)
    assert event is not None
    after, problems = case.with_event(event)
    assert after is None
    index = len(case.events)
    assert [p.key for p in problems] == [f"events[{index}].proposal"]
    assert problems[0].message.startswith("no proposal with id 'nope' in this case")


def test_an_event_passed_by_the_wrong_side_is_refused(case: Case) -> None:
    # lausd-2018-07 is the district's proposal; the union cannot pass it.
    event, _ = parse_event(
        {"date": dt.date(2019, 1, 25), "type": "proposal_passed", "proposal": "lausd-2018-07", "by": "union"},
        0,
    )
    assert event is not None
    _, problems = case.with_event(event)
    assert [(p.key.rsplit(".", 1)[-1], p.message) for p in problems] == [
        ("by", "proposal 'lausd-2018-07' belongs to the employer, not the union")
    ]


def test_a_correction_must_name_an_earlier_event_not_yet_superseded(case: Case) -> None:
    number = len(case.events) + 1
    event, _ = parse_event(
        {"date": dt.date(2019, 1, 25), "type": "statement", "summary": "x", "supersedes": number}, 0
    )
    assert event is not None
    _, problems = case.with_event(event)
    assert [p.message for p in problems] == [
        f"event {number} cannot supersede event {number}: only an earlier event"
        f" (expected a number from 1 to {number - 1})"
    ]


def test_a_bad_mapping_is_a_problem_not_an_exception() -> None:
    event, problems = parse_event({"date": "soon", "type": "statement", "summary": "x"}, 7)
    assert event is None
    assert [p.key for p in problems] == ["events[7].date"]


def test_a_proposal_is_held_to_the_case_file_rules(case: Case) -> None:
    index = len(case.proposals)
    duplicate = case.proposals[0].model_copy(update={"answers": None})
    _, problems = case.with_proposal(duplicate)
    assert [p.key for p in problems] == [f"proposals[{index}].id"]
    band, _ = parse_proposal(
        {
            "id": "union-new",
            "party": "union",
            "date": "2019-01-20",
            "terms": [
                {
                    "type": "class_size",
                    "grade_band": "kindergarten",
                    "reduce_by": 1,
                    "effective": "2019-07-01",
                }
            ],
        },
        index,
    )
    assert band is not None
    _, problems = case.with_proposal(band)
    assert [p.key for p in problems] == [f"proposals[{index}].terms[0].grade_band"]
    assert "grade band 'kindergarten' is not in the enrollment file" in problems[0].message


def test_a_valid_proposal_joins_the_case(case: Case) -> None:
    new = Proposal(
        id="union-new",
        party="union",
        date=dt.date(2019, 1, 20),
        terms=(Raise(type="raise", percent=3.0, effective=dt.date(2019, 7, 1)),),
    )
    after, problems = case.with_proposal(new)
    assert problems == [] and after is not None
    assert after.proposal("union-new") == new and len(after.proposals) == len(case.proposals) + 1
