"""``verify``: recompute every case's chain from the stored rows and name the first broken link."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from bargaining.inputs import CASE_FILE
from bargaining.storage.casefile import events_of_case_file
from bargaining.storage.chain import ChainBreak, Imported, check_events, check_files
from bargaining.storage.errors import StorageError
from bargaining.storage.eventlog import read_events
from bargaining.storage.schema import case_files, cases


@dataclass(frozen=True)
class CaseCheck:
    """The outcome for one case. ``head`` is the hash of the last event (or the anchor when there are
    none): write it down somewhere the database cannot reach, and a later ``verify`` that ends on the
    same head also proves that no event was removed from the end."""

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
        query = select(cases.c.id, cases.c.anchor_hash).order_by(cases.c.id)
        if case_id is not None:
            query = query.where(cases.c.id == case_id)
        rows = connection.execute(query).all()
        if case_id is not None and not rows:
            raise StorageError(f"no case {case_id!r} in the database")
        results = [check_case(connection, row.id, row.anchor_hash) for row in rows]
    return results


def check_case(connection: Connection, case_id: str, anchor_hash: str) -> CaseCheck:
    """Recompute one case's chain: its files against the anchor, then every event link."""
    rows = connection.execute(
        select(case_files.c.path, case_files.c.content, case_files.c.sha256).where(
            case_files.c.case_id == case_id
        )
    ).all()
    files = [(path, bytes(content), digest) for path, content, digest in rows]
    anchor, broken = check_files(case_id, anchor_hash, files)
    events = read_events(connection, case_id)
    if broken is None:
        broken = check_events(case_id, anchor, events, _imported(case_id, files))
    return CaseCheck(case_id, len(events), events[-1].hash if events else anchor_hash, broken)


def _imported(case_id: str, files: Sequence[tuple[str, bytes, str]]) -> list[Imported]:
    """The events of the stored case.yaml, which the first rows of the log must repeat."""
    text = next((content for path, content, _ in files if path == CASE_FILE), b"").decode("utf-8-sig")
    try:
        new = events_of_case_file(text, f"{case_id}/{CASE_FILE}")
    except StorageError:
        return []
    return [(e.type, e.date, e.payload_json(), e.supersedes) for e in new]
