"""The record's chain over every row a page or an export shows: writing links, reading rows as stored.

The event log has its own chain (chain.py); this one covers the rest of the record too: the case row (with
its anchor and the count of imported events), the proposal index, every event, the proposals passed at the
table or sent by the mediator, notes, blind bids and their outcomes. Each row gets one link in
``record_links``, in the transaction that writes it, holding the sha256 of each of its columns and the hash
of the link before; the first link follows the case's anchor. The last link's hash is the case's **head**.

Rows are read back as the database holds them (no type conversion that could fail), so that ``verify`` can
name a malformed value instead of crashing on it, and the link is computed from that same reading.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    cast,
    func,
    insert,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.types import NullType

from bargaining.storage.chain import Link, cell_digest, link_hash, sha256_hex, timestamp
from bargaining.storage.database import reading
from bargaining.storage.errors import StorageError
from bargaining.storage.schema import cases, metadata, record_links

# Table -> the column naming a row within its case. Tables declared elsewhere on the shared metadata
# (tablework.py) are looked up by name when used.
RECORD_TABLES: dict[str, str] = {
    "cases": "id",
    "proposals": "proposal_id",
    "events": "seq",
    "table_proposals": "id",
    "notes": "id",
    "blind_bids": "id",
    "blind_results": "id",
}
# When the rows of an existing database are chained (migration 0005): case and index first, then the
# rest in the order they were written.
_WRITTEN_AT = {"events": "recorded_at", "cases": "imported_at"}


@dataclass(frozen=True)
class StoredRow:
    """One row as read: its key, its values (normalised: dates, UTC moments, bytes) or why not."""

    table: str
    key: str
    values: dict[str, Any]
    problem: str | None = None

    def cells(self) -> dict[str, str]:
        return {name: cell_digest(_jsonable(value)) for name, value in self.values.items()}


def table_of(name: str) -> Table:
    return metadata.tables[name]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def normalised(column: Column[Any], value: Any) -> Any:
    """A stored value in one form whatever the database, or ValueError saying why it is malformed."""
    kind = column.type
    if value is None:
        if not column.nullable:
            raise ValueError("empty (NULL)")
        return None
    if isinstance(kind, DateTime):
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        if isinstance(moment, dt.datetime):
            return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
        raise ValueError("not a moment")
    if isinstance(kind, Date):
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        if isinstance(day, dt.date) and not isinstance(day, dt.datetime):
            return day
        raise ValueError("not a date")
    if isinstance(kind, LargeBinary) and isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(kind, Boolean) and (isinstance(value, bool) or value in (0, 1)):
        return bool(value)
    if isinstance(kind, Integer) and isinstance(value, int) and not isinstance(value, bool):
        return value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(kind, Float) and number and math.isfinite(value):
        return float(value)
    if isinstance(kind, String) and isinstance(value, str):
        return value
    raise ValueError(f"not a value of type {kind}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"sha256": sha256_hex(value)}
    return value


def read_rows(
    connection: Connection, table_name: str, case_id: str, where: ColumnElement[bool] | None = None
) -> list[StoredRow]:
    """The case's rows of one table of the record (those matching ``where``), in key order."""
    table = table_of(table_name)
    owner = table.c.id if table_name == "cases" else table.c.case_id
    query = select(*(type_coerce(c, NullType()).label(c.name) for c in table.columns)).where(owner == case_id)
    if where is not None:
        query = query.where(where)
    found: list[tuple[Any, StoredRow]] = []
    for raw in connection.execute(query).mappings():
        key_value = raw[RECORD_TABLES[table_name]]
        values: dict[str, Any] = {}
        problem = None
        for column in table.columns:
            try:
                values[column.name] = normalised(column, raw[column.name])
            except ValueError as why:
                found_value = raw[column.name]
                shown = "empty (NULL)" if found_value is None else f"{_short(found_value)}: {why}"
                problem = problem or f"{column.name} is {shown}"
        found.append((key_value, StoredRow(table_name, str(key_value), values, problem)))
    found.sort(
        key=lambda pair: (isinstance(pair[0], str), pair[0] if isinstance(pair[0], int) else str(pair[0]))
    )
    return [row for _, row in found]


def read_links(connection: Connection, case_id: str) -> list[Link]:
    """The case's links in order; a link whose columns cannot be read carries the problem."""
    columns = [type_coerce(c, NullType()).label(c.name) for c in record_links.columns]
    query = select(*columns).where(record_links.c.case_id == case_id)
    found = []
    for raw in connection.execute(query).mappings():
        seq = raw["seq"]
        table, row, prev, digest = (raw[name] for name in ("table_name", "row_key", "prev_hash", "hash"))
        try:
            cells = json.loads(raw["cells"]) if isinstance(raw["cells"], str) else None
        except ValueError:
            cells = None
        texts = all(isinstance(part, str) for part in (table, row, prev, digest))
        if (
            isinstance(seq, int)
            and texts
            and isinstance(cells, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in cells.items())
        ):
            found.append(Link(seq, table, row, cells, prev, digest))
        else:
            problem = (
                "its table, row, cells or hashes are not readable (cells must be a JSON object of hashes)"
            )
            found.append(Link(seq if isinstance(seq, int) else 0, "", "", {}, "", "", problem))
    found.sort(key=lambda link: link.seq)
    return found


def lock_case(connection: Connection, case_id: str) -> str:
    """Take the case's write lock (``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already holds
    the database) and return its anchor; writers to one case's record take turns from here on."""
    anchor = connection.execute(
        select(cases.c.anchor_hash).where(cases.c.id == case_id).with_for_update()
    ).scalar_one_or_none()
    if anchor is None:
        raise StorageError(f"no case {case_id!r} in the database")
    return str(anchor)


def record_head(connection: Connection | Engine, case_id: str) -> str:
    """The hash of the case's last link (its anchor when it has none): the head to keep outside. As
    stored: only ``verify`` tells whether the record still leads to it."""
    if isinstance(connection, Engine):
        with reading(connection) as opened:
            return record_head(opened, case_id)
    last = connection.execute(
        select(record_links.c.hash)
        .where(record_links.c.case_id == case_id)
        .order_by(record_links.c.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    if last is not None:
        return str(last)
    anchor = connection.execute(select(cases.c.anchor_hash).where(cases.c.id == case_id)).scalar_one_or_none()
    if anchor is None:
        raise StorageError(f"no case {case_id!r} in the database")
    return str(anchor)


def public_head(engine: Engine, case_id: str, events: Collection[int], proposals: Collection[str]) -> str:
    """The head as of the last row the public sees: the import (the case row, its proposal index and the
    events that came with it), the recorded events numbered in ``events``, the proposals passed or sent
    in the workbench named in ``proposals``, and the public notes. A private row after it leaves it as it
    is, so the page that shows it does not date private steps; ``verify --expect-head`` accepts it as an
    earlier link of the record (the rows after it were added since).

    One query over the case's links picks the newest public one: the record's length does not matter,
    only how many rows are public."""
    with reading(engine) as connection:
        imported = connection.execute(
            select(cases.c.imported_events).where(cases.c.id == case_id)
        ).scalar_one_or_none()
        if imported is None:
            raise StorageError(f"no case {case_id!r} in the database")
        notes, passed = table_of("notes"), table_of("table_proposals")
        table, key = record_links.c.table_name, record_links.c.row_key
        # The import links its rows in one transaction, its events last and in order: the link of its last
        # event (else of its case row and proposals) is the import's newest.
        public: list[ColumnElement[bool]] = [table.in_(("cases", "proposals"))]
        if imported:
            public.append((table == "events") & (key == str(imported)))
        # Public notes and passed proposals are chosen inside the query (not bound one by one: a long
        # record's public notes outnumber the variables a statement may bind).
        public.append(
            (table == "notes")
            & key.in_(
                select(cast(notes.c.id, String)).where(
                    notes.c.case_id == case_id, notes.c.visibility == "public"
                )
            )
        )
        if proposals:
            public.append(
                (table == "table_proposals")
                & key.in_(
                    select(cast(passed.c.id, String)).where(
                        passed.c.case_id == case_id, passed.c.proposal_id.in_(sorted(proposals))
                    )
                )
            )
        # Events are linked one by one in the order of their numbers, so of the public events recorded
        # after the import only the newest can hold the head: one bound number, however long the record.
        later = max((seq for seq in events if seq > imported), default=None)
        if later is not None:
            public.append((table == "events") & (key == str(later)))
        head = connection.execute(
            select(record_links.c.hash)
            .where(record_links.c.case_id == case_id, or_(*public))
            .order_by(record_links.c.seq.desc())
            .limit(1)
        ).scalar_one_or_none()
    return str(head) if head is not None else record_head(engine, case_id)


def link_number(engine: Engine, case_id: str, head: str) -> tuple[int, int] | None:
    """Which link of the case's record has hash ``head``, and how many links there are (None: no link)."""
    with reading(engine) as connection:
        number = connection.execute(
            select(record_links.c.seq).where(record_links.c.case_id == case_id, record_links.c.hash == head)
        ).scalar_one_or_none()
        total = connection.execute(select(func.count()).where(record_links.c.case_id == case_id)).scalar_one()
    return None if number is None else (int(number), int(total))


def append_links(connection: Connection, case_id: str, rows: Sequence[StoredRow]) -> str:
    """Link ``rows`` after the case's head, in the caller's write transaction; returns the new head."""
    anchor = lock_case(connection, case_id)
    head = connection.execute(
        select(record_links.c.seq, record_links.c.hash)
        .where(record_links.c.case_id == case_id)
        .order_by(record_links.c.seq.desc())
        .limit(1)
    ).first()
    seq, previous = (int(head.seq), str(head.hash)) if head is not None else (0, anchor)
    new = []
    for row in rows:
        if row.problem is not None:
            raise StorageError(f"{row.table} row {row.key} cannot join the record: {row.problem}")
        seq += 1
        cells = row.cells()
        digest = link_hash(case_id, seq, row.table, row.key, cells, previous)
        new.append(
            {"case_id": case_id, "seq": seq, "table_name": row.table, "row_key": row.key,
             "cells": json.dumps(cells, sort_keys=True), "prev_hash": previous, "hash": digest}
        )  # fmt: skip
        previous = digest
    if new:
        connection.execute(insert(record_links), new)
    return previous


def link_new(
    connection: Connection, case_id: str, table_name: str, where: ColumnElement[bool] | None = None
) -> str:
    """Link the rows just written to one table (those matching ``where``); returns the new head."""
    return append_links(connection, case_id, read_rows(connection, table_name, case_id, where))


def insert_linked(connection: Connection, table: Table, case_id: str, **values: Any) -> int:
    """Insert one row of a record table with an ``id`` and link it, under the case's lock; its id."""
    lock_case(connection, case_id)
    row_id = int(
        connection.execute(insert(table).values(case_id=case_id, **values).returning(table.c.id)).scalar_one()
    )
    link_new(connection, case_id, table.name, table.c.id == row_id)
    return row_id


def chain_existing(connection: Connection) -> int:
    """Link every row of every case that has no links yet (migration 0005); returns the cases chained.

    Deterministic: the case row, its proposal index in key order, then every other row in the order it was
    written (its timestamp), ties broken by table and key.
    """
    chained = 0
    linked = set(connection.execute(select(record_links.c.case_id).distinct()).scalars())
    for case_id in list(connection.execute(select(cases.c.id).order_by(cases.c.id)).scalars()):
        if case_id in linked:
            continue
        first = [*read_rows(connection, "cases", case_id), *read_rows(connection, "proposals", case_id)]
        later = [
            (rank, row)
            for rank, name in enumerate(("events", "table_proposals", "notes", "blind_bids", "blind_results"))
            for row in read_rows(connection, name, case_id)
        ]
        later.sort(key=lambda item: (_written(item[1]), item[0], _number(item[1].key)))
        append_links(connection, case_id, [*first, *(row for _, row in later)])
        chained += 1
    return chained


def _written(row: StoredRow) -> str:
    moment = row.values.get(_WRITTEN_AT.get(row.table, "created_at"))
    return timestamp(moment) if isinstance(moment, dt.datetime) else ""


def _number(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)
