"""The append-only event log: add events to a case's chain, read them back.

There is deliberately no function that updates or deletes an event: a correction is a new event whose
``supersedes`` names the sequence number of the one it replaces. Events are stored generically (type,
date, JSON payload); the record layer's typed models validate them when the case is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.engine import Connection

from bargaining.model import supersede_problem
from bargaining.storage.chain import (
    EVENT_TYPE,
    PAYLOAD_KEY,
    RESERVED_KEYS,
    JsonValue,
    StoredEvent,
    canonical_json,
    event_hash,
    to_json_value,
)
from bargaining.storage.database import reading, write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.links import link_new, lock_case
from bargaining.storage.schema import events


@dataclass(frozen=True)
class NewEvent:
    """An event to append. ``payload`` holds every field besides type and date (e.g. ``by``)."""

    type: str
    date: dt.date
    payload: Mapping[str, Any] = field(default_factory=dict)
    supersedes: int | None = None

    def problems(self) -> list[str]:
        """What is wrong with this event on its own (empty when it may be stored)."""
        found = []
        if not EVENT_TYPE.match(self.type):
            found.append(f"type {self.type!r} must be lower-case letters, digits and underscores")
        if isinstance(self.date, dt.datetime) or not isinstance(self.date, dt.date):
            found.append(f"date {self.date!r} must be a date (YYYY-MM-DD)")
        for key in self.payload:
            if not isinstance(key, str) or not PAYLOAD_KEY.match(key):
                found.append(f"field name {key!r} must be letters, digits and underscores")
            elif key in RESERVED_KEYS:
                found.append(f"field {key!r} is reserved; it has its own option")
        try:
            to_json_value(dict(self.payload), "payload")
        except ValueError as exc:
            found.append(str(exc))
        if self.supersedes is not None and (isinstance(self.supersedes, bool) or self.supersedes < 1):
            found.append(f"supersedes {self.supersedes!r} must be the number of an earlier event")
        return found

    def payload_json(self) -> dict[str, JsonValue]:
        value = to_json_value(dict(self.payload), "payload")
        assert isinstance(value, dict)
        return value


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def append_event(engine: Engine, case_id: str, event: NewEvent) -> StoredEvent:
    """Append one event in its own transaction; when this returns, the event is committed."""
    with write_transaction(engine) as connection:
        (stored,) = append_in(connection, case_id, [event])
    return stored


def append_in(connection: Connection, case_id: str, new: Sequence[NewEvent]) -> list[StoredEvent]:
    """Append events inside the caller's write transaction, numbering them after the chain's head.

    Each event is linked into the record's chain too. The case row is locked first (``FOR UPDATE`` on
    PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already holds the database lock), so concurrent writers take
    turns and sequence numbers never collide.
    """
    anchor = lock_case(connection, case_id)
    head = connection.execute(
        select(events.c.seq, events.c.hash)
        .where(events.c.case_id == case_id)
        .order_by(events.c.seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (head.seq, head.hash) if head is not None else (0, anchor)
    first = seq + 1
    superseded_by: dict[int, int] = {}
    if any(event.supersedes is not None for event in new):
        pairs = connection.execute(
            select(events.c.supersedes, events.c.seq).where(
                events.c.case_id == case_id, events.c.supersedes.is_not(None)
            )
        ).all()
        superseded_by = {target: later for target, later in pairs}
    stored: list[StoredEvent] = []
    for event in new:
        problems = event.problems()
        if problems:
            raise StorageError(f"event {event.type!r} on {event.date}: " + "; ".join(problems))
        seq += 1
        if event.supersedes is not None:
            problem = supersede_problem(event.supersedes, seq, superseded_by)
            if problem is not None:
                raise StorageError(problem)
            superseded_by[event.supersedes] = seq
        payload = event.payload_json()
        recorded_at = now()
        digest = event_hash(
            case_id, seq, event.type, event.date, payload, event.supersedes, recorded_at, prev_hash
        )
        row = StoredEvent(
            case_id, seq, event.type, event.date, canonical_json(payload), event.supersedes, recorded_at,
            prev_hash, digest,
        )  # fmt: skip
        stored.append(row)
        prev_hash = digest
    if stored:
        connection.execute(insert(events), [_row(item) for item in stored])
        # ...and into the record's chain, in the same transaction (links.py).
        link_new(connection, case_id, "events", events.c.seq >= first)
    return stored


def _row(event: StoredEvent) -> dict[str, Any]:
    return {
        "case_id": event.case_id,
        "seq": event.seq,
        "type": event.type,
        "date": event.date,
        "payload": event.payload_json,
        "supersedes": event.supersedes,
        "recorded_at": event.recorded_at,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def read_events(connection: Connection | Engine, case_id: str) -> list[StoredEvent]:
    """Every event of a case in sequence order (superseded ones included: the record is the record)."""
    query = select(events).where(events.c.case_id == case_id).order_by(events.c.seq)
    if isinstance(connection, Engine):
        with reading(connection) as conn:
            rows = conn.execute(query).all()
    else:
        rows = connection.execute(query).all()
    return [
        StoredEvent(
            r.case_id, r.seq, r.type, r.date, r.payload, r.supersedes, utc(r.recorded_at), r.prev_hash, r.hash
        )
        for r in rows
    ]


def utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands moments back without a zone (they were stored in UTC); PostgreSQL in its session's."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
