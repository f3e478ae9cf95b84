"""Import and export: a case folder goes in and comes back out losslessly, events recorded since included."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Engine, text

from bargaining.inputs import load_case
from bargaining.model import Case
from bargaining.storage import (
    CaseRefused,
    NewEvent,
    StorageError,
    append_event,
    check_new_event,
    export_case,
    import_case,
    read_events,
)
from bargaining.storage.casefile import events_of_case_file, read_folder
from bargaining.storage.tablework import add_proposal, pass_proposal

ROOT = Path(__file__).resolve().parents[2]
SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"
BUNDLED = sorted(p.parent for p in (ROOT / "cases").glob("*/case.yaml"))


def same(a: Any, b: Any, where: str = "case") -> None:
    """Assert two loaded values are equal field by field (rosters hold numpy arrays, compared exactly)."""
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b), where
    elif dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), where
        for item in dataclasses.fields(a):
            same(getattr(a, item.name), getattr(b, item.name), f"{where}.{item.name}")
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), where
        for key in a:
            same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, list | tuple):
        assert type(a) is type(b) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def load(folder: Path) -> Case:
    case, errors = load_case(folder)
    assert not errors, [str(e) for e in errors]
    assert case is not None
    return case


def test_same_tells_cases_apart() -> None:
    # The comparison the round-trip tests rely on must see a one-cent difference in one salary.
    a = load(SMALL_CASE)
    salary = a.unit.roster.salary.copy()
    salary[0] += 0.01
    roster = dataclasses.replace(a.unit.roster, salary=salary)
    b = dataclasses.replace(a, unit=dataclasses.replace(a.unit, roster=roster))
    with pytest.raises(AssertionError, match=r"case\.unit\.roster\.salary"):
        same(a, b)


@pytest.mark.parametrize("folder", [SMALL_CASE, *BUNDLED], ids=lambda p: p.name)
def test_a_case_comes_back_byte_for_byte_and_loads_the_same(
    engine: Engine, folder: Path, tmp_path: Path
) -> None:
    done = import_case(engine, folder)
    out = tmp_path / "out"
    exported = export_case(engine, done.case_id, out)
    assert exported.added_events == 0
    assert read_folder(out) == read_folder(folder)
    same(load(out), load(folder))


def test_the_bundled_cases_are_both_there() -> None:
    assert {p.name for p in BUNDLED} >= {"lausd-2019", "denver-2025"}


@pytest.mark.parametrize("folder", [SMALL_CASE, *BUNDLED], ids=lambda p: p.name)
def test_events_recorded_after_import_are_exported_at_the_end_of_the_events_list(
    engine: Engine, folder: Path, tmp_path: Path
) -> None:
    done = import_case(engine, folder)
    before = load(folder)
    new = NewEvent("statement", dt.date(2019, 1, 25), {"by": "union", "summary": "We won: 6%, no sunset"})
    check_new_event(engine, done.case_id, new)
    append_event(engine, done.case_id, new)
    out = tmp_path / "out"
    assert export_case(engine, done.case_id, out).added_events == 1
    after = load(out)
    original = (folder / "case.yaml").read_text(encoding="utf-8")
    exported = (out / "case.yaml").read_text(encoding="utf-8")
    # Every line of the original is still there, in order; one line was added.
    assert [line for line in exported.splitlines() if line in original.splitlines()] == original.splitlines()
    assert len(exported.splitlines()) == len(original.splitlines()) + 1 + (
        0 if "\nevents:" in original else 1
    )
    added = after.events[-1]
    assert added.model_dump(exclude_defaults=True) == {
        "date": dt.date(2019, 1, 25), "type": "statement", "by": "union", "summary": "We won: 6%, no sunset",
    }  # fmt: skip
    same(dataclasses.replace(after, events=()), dataclasses.replace(before, events=()))
    assert len(after.events) == len(before.events) + 1
    # and the exported folder imports again, into the same chain of events
    shutil.copytree(out, tmp_path / "again")
    (tmp_path / "again" / "case.yaml").write_text(
        exported.replace(f"id: {done.case_id}", "id: copy-of-it", 1)
    )
    again = import_case(engine, tmp_path / "again")
    assert [(e.type, e.date, e.payload) for e in read_events(engine, again.case_id)] == [
        (e.type, e.date, e.payload) for e in read_events(engine, done.case_id)
    ]


def test_an_invalid_case_is_refused_with_located_errors_and_nothing_is_written(
    engine: Engine, small_case: Path
) -> None:
    text_before = (small_case / "case.yaml").read_text()
    (small_case / "case.yaml").write_text(text_before.replace("percent: 6", "percent: six"))
    with pytest.raises(CaseRefused, match="1 error") as refused:
        import_case(engine, small_case)
    assert [str(e) for e in refused.value.errors] == [
        f"{small_case / 'case.yaml'}:24: proposals[1].terms[0].percent: "
        "Input should be a valid number, unable to parse string as a number (got 'six')"
    ]
    with engine.connect() as connection:
        for table in ("cases", "case_files", "proposals", "events"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0


def test_events_the_log_cannot_hold_are_refused_with_their_line() -> None:
    # What load_case's own events validator accepts is its business; these are what the log itself needs.
    text = (
        "id: x\n"
        "events:\n"
        "  - {date: 2018-07-02, type: impasse_declared}\n"
        "  - {date: 2018-07-03, type: Impasse}\n"
        "  - {date: 2018-07-04 10:00:00, type: session}\n"
        "  - {date: 2018-07-05, type: session, supersedes: 9}\n"
        "  - {date: 2018-07-06, type: session, supersedes: 1}\n"
        "  - {date: 2018-07-07, type: session, supersedes: 1}\n"
        "  - {date: 2018-07-08, type: session, share: .nan}\n"
        "  - just text\n"
    )
    with pytest.raises(CaseRefused) as refused:
        events_of_case_file(text, "c/case.yaml")
    assert [str(e) for e in refused.value.errors] == [
        "c/case.yaml:4: events[1].type: expected an event type in lower case with underscores, "
        "e.g. mediation_started",
        "c/case.yaml:5: events[2].date: expected a date YYYY-MM-DD",
        "c/case.yaml:6: events[3].supersedes: event 4 cannot supersede event 9: only an earlier event"
        " (expected a number from 1 to 3)",
        "c/case.yaml:8: events[5].supersedes: event 1 is already superseded by event 5; supersede 5 instead",
        "c/case.yaml:9: events[6]: payload.share: nan is not a finite number",
        "c/case.yaml:10: events[7]: expected a mapping such as {date: 2018-07-02, type: impasse_declared}",
    ]
    good = events_of_case_file(text.split("  - {date: 2018-07-03")[0], "c/case.yaml")
    assert good == [NewEvent("impasse_declared", dt.date(2018, 7, 2), {}, None)]


def test_a_case_is_imported_once(engine: Engine) -> None:
    import_case(engine, SMALL_CASE)
    with pytest.raises(StorageError, match="case 'small-case' is already in the database; nothing imported"):
        import_case(engine, SMALL_CASE)


def test_export_writes_only_into_a_new_or_empty_folder(engine: Engine, tmp_path: Path) -> None:
    import_case(engine, SMALL_CASE)
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    with pytest.raises(StorageError, match="exists and is not an empty folder"):
        export_case(engine, "small-case", full)
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    export_case(engine, "small-case", empty)
    assert sorted(p.name for p in empty.iterdir()) == ["case.yaml", "roster.csv"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    with pytest.raises(StorageError, match="no case 'other' in the database"):
        export_case(engine, "other", tmp_path / "other")


def test_a_new_event_that_would_make_the_case_invalid_is_refused_before_it_is_stored(engine: Engine) -> None:
    import_case(engine, SMALL_CASE)
    event = NewEvent("strike_started", dt.date(2019, 1, 14), {"participation": 1.9})
    # load_case judges the event (here the events validator: a share is at most 1); the case as stored
    # had no such error, so this one is the new event's.
    with pytest.raises(CaseRefused) as refused:
        check_new_event(engine, "small-case", event)
    assert [e.key for e in refused.value.errors] == ["events[3].participation"]


@pytest.mark.parametrize("folder", [SMALL_CASE, *BUNDLED], ids=lambda p: p.name)
def test_proposals_made_in_the_workbench_are_exported_with_the_events_that_name_them(
    engine: Engine, folder: Path, tmp_path: Path
) -> None:
    # A union draft passed at the table is stored beside its proposal_passed event; a mediator proposal
    # is stored alone. The exported case holds both proposals, so the event's reference resolves.
    done = import_case(engine, folder)
    before = load(folder)
    day = max(p.date for p in before.proposals)
    effective = before.calendar.year_start(before.calendar.last_year).isoformat()
    passed = {
        "id": "union-draft-1",
        "party": "union",
        "date": day.isoformat(),
        "terms": [{"type": "raise", "percent": 4.5, "effective": effective}],
    }
    sent = {"id": "mediator-1", "party": "mediator", "date": day.isoformat(),
            "terms": [{"type": "one_time", "amount": 750, "paid": effective}]}  # fmt: skip
    event = NewEvent("proposal_passed", day, {"proposal": "union-draft-1", "by": "union"})
    pass_proposal(engine, done.case_id, passed, event, None, None)
    add_proposal(engine, done.case_id, sent, None)
    out = tmp_path / "out"
    export_case(engine, done.case_id, out)
    after = load(out)
    assert [p.id for p in after.proposals] == [
        *(p.id for p in before.proposals),
        "union-draft-1",
        "mediator-1",
    ]
    assert after.proposal("union-draft-1").terms[0].percent == 4.5  # type: ignore[union-attr]
    assert after.proposal("mediator-1").date == day
    assert getattr(after.events[-1], "proposal", None) == "union-draft-1"
