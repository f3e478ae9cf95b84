"""The hash chain over a case's record, as pure functions (no database here).

Each event's hash is sha256 over the canonical JSON of its fields and the previous event's hash. The first
event links to the case's anchor, itself a hash over the imported case files. Altering any stored byte
of a file or any field of an event therefore breaks a link that ``verify`` can name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

JsonValue = Any  # what json.loads returns: dict, list, str, int, float, bool or None
EVENT_TYPE = re.compile(r"^[a-z][a-z0-9_]*$")
PAYLOAD_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RESERVED_KEYS = frozenset({"date", "type", "supersedes"})


def canonical_json(value: JsonValue) -> str:
    """One text per value: keys sorted, no spaces, UTF-8 kept, NaN refused."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def to_json_value(value: Any, where: str = "value") -> JsonValue:
    """Turn a YAML value into JSON: dates become ``YYYY-MM-DD`` text; anything JSON cannot hold is refused
    with a ValueError naming ``where``."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: {value} is not a finite number")
        return value
    if isinstance(value, dt.datetime):
        raise ValueError(f"{where}: expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{where}: keys must be text, got {key!r}")
            result[key] = to_json_value(item, f"{where}.{key}")
        return result
    if isinstance(value, list | tuple):
        return [to_json_value(item, f"{where}[{i}]") for i, item in enumerate(value)]
    raise ValueError(f"{where}: cannot store a value of type {type(value).__name__}")


def timestamp(moment: dt.datetime) -> str:
    """A moment as UTC text with microseconds; a naive moment (SQLite gives those back) is taken as UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def anchor_hash(case_id: str, file_digests: Mapping[str, str]) -> str:
    """The link before the first event: the case id and the sha256 of every stored file."""
    return sha256_hex(canonical_json({"case": case_id, "files": dict(file_digests)}).encode())


@dataclass(frozen=True)
class StoredEvent:
    """One row of the event log; ``payload_json`` is the canonical JSON of every field but type and date."""

    case_id: str
    seq: int
    type: str
    date: dt.date
    payload_json: str
    supersedes: int | None
    recorded_at: dt.datetime
    prev_hash: str
    hash: str

    @property
    def payload(self) -> dict[str, JsonValue]:
        value = json.loads(self.payload_json)
        assert isinstance(value, dict)
        return value


def event_hash(
    case_id: str,
    seq: int,
    type: str,
    date: dt.date,
    payload: Mapping[str, JsonValue],
    supersedes: int | None,
    recorded_at: dt.datetime,
    prev_hash: str,
) -> str:
    fields = {
        "case": case_id,
        "seq": seq,
        "type": type,
        "date": date.isoformat(),
        "payload": dict(payload),
        "supersedes": supersedes,
        "recorded_at": timestamp(recorded_at),
        "prev_hash": prev_hash,
    }
    return sha256_hex(canonical_json(fields).encode())


@dataclass(frozen=True)
class ChainBreak:
    """The first broken link of a case's record: the table and row where it breaks and what differs.

    ``seq`` is the event's number when the break is in the event log, None elsewhere; ``table`` and ``row``
    default to that event (or to the case files when ``seq`` is None).
    """

    case_id: str
    seq: int | None
    what: str
    table: str = ""
    row: str | None = None

    def __post_init__(self) -> None:
        if not self.table:
            object.__setattr__(self, "table", "events" if self.seq is not None else "case_files")
            if self.seq is not None:
                object.__setattr__(self, "row", str(self.seq))

    def __str__(self) -> str:
        if self.table == "events" and self.seq is not None:
            where = f"event {self.seq}"
        elif self.table == "case_files":
            where = "case files"
        else:
            where = f"{self.table} row {self.row}"
        return f"{self.case_id}: {where}: {self.what}"


def check_files(
    case_id: str, stored_anchor: str, files: Iterable[tuple[str, bytes, str]]
) -> tuple[str, ChainBreak | None]:
    """Check ``(path, content, stored sha256)`` rows against their digests and the anchor.

    Returns the recomputed anchor (the link the first event must carry) and the first break, if any.
    """
    digests = {}
    for path, content, stored in sorted(files):
        actual = sha256_hex(content)
        if actual != stored:
            return "", ChainBreak(
                case_id, None, f"{path} was altered: its sha256 is {actual}, stored {stored}"
            )
        digests[path] = actual
    anchor = anchor_hash(case_id, digests)
    if anchor != stored_anchor:
        return anchor, ChainBreak(
            case_id, None, f"the set of files or their digests differ from the anchor {stored_anchor}"
        )
    return anchor, None


Imported = tuple[str, dt.date, Mapping[str, JsonValue], int | None]


def check_events(
    case_id: str, anchor: str, rows: Sequence[StoredEvent], imported: Sequence[Imported] = ()
) -> ChainBreak | None:
    """Walk the events in sequence order; return the first link that does not hold.

    ``imported`` holds (type, date, payload, supersedes) of the events in the anchored case.yaml: rows
    1..len(imported) must match them, which names the altered field even when every hash was recomputed.
    """
    previous = anchor
    for expected_seq, row in enumerate(rows, start=1):
        if row.seq != expected_seq:
            return ChainBreak(
                case_id, expected_seq, f"event {expected_seq} is missing (found {row.seq} next)"
            )
        if row.prev_hash != previous:
            return ChainBreak(
                case_id,
                row.seq,
                f"prev_hash {row.prev_hash} does not match the hash of "
                f"{'the case files' if row.seq == 1 else f'event {row.seq - 1}'} ({previous})",
            )
        if row.supersedes is not None and not 1 <= row.supersedes < row.seq:
            return ChainBreak(case_id, row.seq, f"supersedes {row.supersedes}, which is not an earlier event")
        try:
            payload = json.loads(row.payload_json)
        except ValueError:
            return ChainBreak(case_id, row.seq, "the payload is not valid JSON")
        if not isinstance(payload, dict):
            return ChainBreak(case_id, row.seq, "the payload is not a JSON object")
        if row.seq <= len(imported):
            differs = _differs(row, payload, imported[row.seq - 1])
            if differs:
                return ChainBreak(
                    case_id, row.seq, f"differs from events[{row.seq - 1}] of case.yaml: {differs}"
                )
        actual = event_hash(
            case_id, row.seq, row.type, row.date, payload, row.supersedes, row.recorded_at, row.prev_hash
        )
        if actual != row.hash:
            return ChainBreak(
                case_id,
                row.seq,
                f"its fields (type {row.type!r}, date {row.date}, payload {row.payload_json}, supersedes "
                f"{row.supersedes}, recorded_at {timestamp(row.recorded_at)}) hash to {actual}, "
                f"but the stored hash is {row.hash}",
            )
        previous = row.hash
    if len(rows) < len(imported):
        return ChainBreak(case_id, len(rows) + 1, f"event {len(rows) + 1} of case.yaml is missing")
    return None


def _differs(row: StoredEvent, payload: Mapping[str, JsonValue], expected: Imported) -> str:
    kind, date, file_payload, supersedes = expected
    pairs = (("type", row.type, kind), ("date", row.date, date), ("supersedes", row.supersedes, supersedes))
    found = [f"{name} is {got!r}, the file has {want!r}" for name, got, want in pairs if got != want]
    if canonical_json(payload) != canonical_json(file_payload):
        found.append(f"payload is {canonical_json(payload)}, the file has {canonical_json(file_payload)}")
    return "; ".join(found)


def cell_digest(value: JsonValue) -> str:
    """sha256 of one column's value as canonical JSON (bytes are given as ``{"sha256": ...}``)."""
    return sha256_hex(canonical_json(value).encode())


def link_hash(case_id: str, seq: int, table: str, row: str, cells: Mapping[str, str], prev_hash: str) -> str:
    """A link of the record: which row of which table, the digest of each of its columns, the link before."""
    fields = {
        "case": case_id,
        "seq": seq,
        "table": table,
        "row": row,
        "cells": dict(cells),
        "prev": prev_hash,
    }
    return sha256_hex(canonical_json(fields).encode())


@dataclass(frozen=True)
class Link:
    """One stored link of ``record_links``, as read (``problem`` says why it could not be read whole)."""

    seq: int
    table: str
    row: str
    cells: Mapping[str, str]
    prev_hash: str
    hash: str
    problem: str | None = None


Cells = Mapping[str, str]
RowState = Cells | str  # a row's cell digests, or why the row cannot be read
"""What the tables hold now: table name -> row key -> its cells, or the problem with the row."""


def check_links(
    case_id: str, anchor: str, links: Sequence[Link], rows: Mapping[str, Mapping[str, RowState]]
) -> tuple[str, ChainBreak | None]:
    """Walk the record's links in order against the rows the tables hold now.

    Returns the head (the last link's hash, or the anchor when there is none) and the first break: a link
    missing, not following the one before or not hashing to itself; a row a link records that is missing,
    unreadable or changed; or a row no link records. The walk stops at the first break.
    """
    remaining = {table: dict(found) for table, found in rows.items()}
    previous = anchor

    def broken(link: Link, what: str) -> tuple[str, ChainBreak]:
        return previous, ChainBreak(case_id, None, what, "record_links", str(link.seq))

    for expected, link in enumerate(links, start=1):
        if link.problem is not None:
            return broken(link, f"link {link.seq}: {link.problem}")
        if link.seq != expected:
            return broken(link, f"link {expected} is missing (found {link.seq} next)")
        if link.prev_hash != previous:
            before = "the case files" if expected == 1 else f"link {expected - 1}"
            return broken(
                link,
                f"link {expected}: prev_hash {link.prev_hash} does not match the hash of {before} "
                f"({previous})",
            )
        actual = link_hash(case_id, link.seq, link.table, link.row, link.cells, link.prev_hash)
        if actual != link.hash:
            return broken(
                link,
                f"link {expected} ({link.table} row {link.row}) hashes to {actual}, "
                f"but its stored hash is {link.hash}",
            )
        if link.table not in remaining:
            return broken(link, f"link {expected} names {link.table!r}, which is not a table of the record")
        state = remaining[link.table].pop(link.row, None)
        if state is None:
            what = f"the row is missing: link {expected} recorded it"
            return previous, ChainBreak(case_id, None, what, link.table, link.row)
        if isinstance(state, str):
            return previous, ChainBreak(case_id, None, state, link.table, link.row)
        changed = sorted(set(state) ^ set(link.cells) | {k for k in state if state[k] != link.cells.get(k)})
        if changed:
            verb = "differs" if len(changed) == 1 else "differ"
            return previous, ChainBreak(
                case_id,
                None,
                f"{', '.join(changed)} {verb} from what link {expected} recorded (changed around the tool)",
                link.table,
                link.row,
            )
        previous = link.hash
    for table, left in remaining.items():
        for row, state in left.items():
            what = state if isinstance(state, str) else "no link records it: it was added around the tool"
            return previous, ChainBreak(case_id, None, what, table, row)
    return previous, None
