"""Appending to the event log: numbering, chaining, corrections, and what is refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bargaining.storage import NewEvent, StorageError, append_event, import_case, read_events, verify
from bargaining.storage.chain import event_hash

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"


def test_imported_events_are_numbered_from_one_and_chained_from_the_anchor(engine: Engine) -> None:
    done = import_case(engine, SMALL_CASE)
    events = read_events(engine, "small-case")
    assert [(e.seq, e.type, e.date) for e in events] == [
        (1, "proposal_passed", dt.date(2018, 9, 1)),
        (2, "counter", dt.date(2018, 9, 15)),
        (3, "impasse_declared", dt.date(2018, 10, 2)),
    ]
    # The payload is every key of the YAML item but date and type, as canonical JSON.
    assert events[1].payload_json == '{"answers":"district-1","by":"union","proposal":"union-1"}'
    assert events[2].payload == {"by": "employer", "note": 'talks "stalled" — district'}
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    # The head is the record's last link (test_storage_record pins its recipe), which records event 3.
    with engine.connect() as connection:
        last = connection.execute(text("SELECT row_key, hash FROM record_links ORDER BY seq DESC")).first()
    assert last is not None and tuple(last) == ("3", done.head)
    for e in events:
        again = event_hash(
            e.case_id, e.seq, e.type, e.date, e.payload, e.supersedes, e.recorded_at, e.prev_hash
        )
        assert again == e.hash


def test_appended_events_continue_the_numbering_and_the_chain(engine: Engine) -> None:
    import_case(engine, SMALL_CASE)
    head = read_events(engine, "small-case")[-1]
    first = append_event(
        engine, "small-case", NewEvent("mediation_started", dt.date(2018, 10, 20), {"mediator": "PERB"})
    )
    second = append_event(
        engine,
        "small-case",
        NewEvent("strike_notice", dt.date(2019, 1, 3), {"by": "union", "strike_date": dt.date(2019, 1, 10)}),
    )
    assert (first.seq, second.seq) == (4, 5)
    assert first.prev_hash == head.hash and second.prev_hash == first.hash
    assert json.loads(second.payload_json) == {"by": "union", "strike_date": "2019-01-10"}
    assert read_events(engine, "small-case")[-2:] == [first, second]
    assert verify(engine)[0].ok


def test_a_correction_supersedes_an_earlier_event_once(engine: Engine) -> None:
    import_case(engine, SMALL_CASE)
    fixed = append_event(
        engine,
        "small-case",
        NewEvent("impasse_declared", dt.date(2018, 10, 3), {"by": "employer"}, supersedes=3),
    )
    assert (fixed.seq, fixed.supersedes) == (4, 3)
    with pytest.raises(StorageError, match="event 3 is already superseded by event 4; supersede 4 instead"):
        append_event(
            engine, "small-case", NewEvent("impasse_declared", dt.date(2018, 10, 4), {}, supersedes=3)
        )
    with pytest.raises(StorageError, match="event 5 cannot supersede event 9: only an earlier event"):
        append_event(engine, "small-case", NewEvent("session", dt.date(2018, 10, 4), {}, supersedes=9))
    # The superseded event stays in the record: the log keeps what was said, and when.
    assert [e.seq for e in read_events(engine, "small-case")] == [1, 2, 3, 4]
    assert verify(engine, "small-case")[0].ok


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (NewEvent("Strike Started", dt.date(2019, 1, 14)), "must be lower-case letters"),
        (NewEvent("session", dt.datetime(2019, 1, 14, 9, 0)), "must be a date"),
        (NewEvent("session", dt.date(2019, 1, 14), {"date": dt.date(2019, 1, 1)}), "'date' is reserved"),
        (NewEvent("session", dt.date(2019, 1, 14), {"bad key": 1}), "field name 'bad key'"),
        (
            NewEvent("strike_started", dt.date(2019, 1, 14), {"participation": float("nan")}),
            "not a finite number",
        ),
        (
            NewEvent("session", dt.date(2019, 1, 14), {}, supersedes=0),
            "must be the number of an earlier event",
        ),
    ],
)
def test_malformed_events_are_refused_and_nothing_is_written(
    engine: Engine, event: NewEvent, message: str
) -> None:
    import_case(engine, SMALL_CASE)
    with pytest.raises(StorageError, match=message):
        append_event(engine, "small-case", event)
    assert len(read_events(engine, "small-case")) == 3


def test_an_unknown_case_is_named(engine: Engine) -> None:
    with pytest.raises(StorageError, match="no case 'nope' in the database"):
        append_event(engine, "nope", NewEvent("session", dt.date(2019, 1, 14)))
