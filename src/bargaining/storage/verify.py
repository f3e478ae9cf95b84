"""``verify``: recompute every case's chains from the stored rows and name the first broken link.

Rows are read as the database holds them (links.read_rows), so a malformed value (a date that is no date,
a NULL, a payload that is not JSON, a truncated hash) is named with its table and row, never a crash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.types import NullType

from bargaining.inputs import CASE_FILE
from bargaining.storage import tablework  # noqa: F401  (declares the workbench's tables of the record)
from bargaining.storage.casefile import events_of_case_file
from bargaining.storage.chain import (
    ChainBreak,
    Imported,
    RowState,
    StoredEvent,
    check_events,
    check_files,
    check_links,
)
from bargaining.storage.errors import StorageError
from bargaining.storage.links import RECORD_TABLES, StoredRow, read_links, read_rows
from bargaining.storage.schema import case_files, cases


@dataclass(frozen=True)
class CaseCheck:
    """The outcome for one case. ``head`` is the hash of the record's last link (storage/links.py): write
    it down somewhere the database cannot reach, and a later ``verify`` that ends on the same head proves
    that nothing in the record was changed, removed or added since, not even by whoever runs the database."""

    case_id: str
    events: int
    head: str
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(engine: Engine, case_id: str | None = None) -> list[CaseCheck]:
    """Check one case, or every case in the database (in id order)."""
    with engine.connect() as connection:
        query = select(cases.c.id).order_by(cases.c.id)
        if case_id is not None:
            query = query.where(cases.c.id == case_id)
        ids = list(connection.execute(query).scalars())
        if case_id is not None and not ids:
            raise StorageError(f"no case {case_id!r} in the database")
        return [check_case(connection, found) for found in ids]


def check_case(connection: Connection, case_id: str) -> CaseCheck:
    """Recompute one case's record: its files against the anchor, every event link, then the record's
    chain over every row a page or an export shows."""
    tables = {name: read_rows(connection, name, case_id) for name in RECORD_TABLES}
    links = read_links(connection, case_id)
    stored_head = links[-1].hash if links else ""
    (case_row,) = tables["cases"] or [StoredRow("cases", case_id, {}, "the case row is missing")]
    event_rows = tables["events"]
    if case_row.problem is not None:
        return CaseCheck(
            case_id,
            len(event_rows),
            stored_head,
            ChainBreak(case_id, None, case_row.problem, "cases", case_id),
        )
    anchor = str(case_row.values["anchor_hash"])
    files, broken = _files(connection, case_id)
    recomputed = ""
    if broken is None:
        recomputed, broken = check_files(case_id, anchor, files)
    if broken is None:
        events, broken = _events(case_id, event_rows)
        imported = _imported(case_id, files)
        if broken is None:
            broken = check_events(case_id, recomputed, events, imported or ())
        count = case_row.values["imported_events"]
        if broken is None and imported is not None and count != len(imported):
            what = f"imported_events is {count}, but the stored case.yaml holds {len(imported)} events"
            broken = ChainBreak(case_id, None, what, "cases", case_id)
    head = stored_head or anchor
    if broken is None:
        states: dict[str, dict[str, RowState]] = {
            name: {row.key: row.problem or row.cells() for row in found} for name, found in tables.items()
        }
        head, broken = check_links(case_id, recomputed, links, states)
    return CaseCheck(case_id, len(event_rows), head if broken is None else stored_head or anchor, broken)


def _files(connection: Connection, case_id: str) -> tuple[list[tuple[str, bytes, str]], ChainBreak | None]:
    columns = (case_files.c.path, case_files.c.content, case_files.c.sha256)
    query = select(*(type_coerce(c, NullType()) for c in columns)).where(case_files.c.case_id == case_id)
    files: list[tuple[str, bytes, str]] = []
    for row in connection.execute(query):
        path, content, digest = row[0], row[1], row[2]
        if not isinstance(content, bytes | bytearray | memoryview):
            what = f"{path}: its content is {type(content).__name__}, not the file's bytes"
            return files, ChainBreak(case_id, None, what, "case_files", str(path))
        files.append((str(path), bytes(content), str(digest)))
    return files, None


def _events(case_id: str, rows: Sequence[StoredRow]) -> tuple[list[StoredEvent], ChainBreak | None]:
    events: list[StoredEvent] = []
    for row in rows:
        if row.problem is not None:
            seq = row.values.get("seq")
            return events, ChainBreak(
                case_id, seq if isinstance(seq, int) else None, row.problem, "events", row.key
            )
        v = row.values
        events.append(
            StoredEvent(
                case_id, v["seq"], v["type"], v["date"], v["payload"], v["supersedes"], v["recorded_at"],
                v["prev_hash"], v["hash"],
            )
        )  # fmt: skip
    return events, None


def _imported(case_id: str, files: Sequence[tuple[str, bytes, str]]) -> list[Imported] | None:
    """The events of the stored case.yaml, which the first rows of the log must repeat (None when the
    stored file cannot be read: the anchor vouches for it, so that only happens to a changed reader)."""
    content = next((content for path, content, _ in files if path == CASE_FILE), b"")
    try:
        new = events_of_case_file(content.decode("utf-8-sig"), f"{case_id}/{CASE_FILE}")
    except (StorageError, ValueError):
        return None
    return [(e.type, e.date, e.payload_json(), e.supersedes) for e in new]
