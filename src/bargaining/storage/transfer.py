"""Import a case folder into the database, and export it back byte for byte.

Import keeps every file of the folder verbatim (so export is lossless), indexes the proposals, and turns
the ``events:`` list of case.yaml into the first links of the case's event chain, all in one transaction:
an invalid case writes nothing. Export writes the files back; events recorded since the import are added
to the end of the ``events:`` list, leaving the rest of case.yaml untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bargaining.inputs import CASE_FILE, InputError, StoredFiles, load_case
from bargaining.model import Case, parse_event, supersede_problem
from bargaining.storage.casefile import decode, events_of_case_file, read_folder
from bargaining.storage.chain import (
    StoredEvent,
    anchor_hash,
    canonical_json,
    sha256_hex,
)
from bargaining.storage.database import reading, write_transaction
from bargaining.storage.errors import CaseRefused, StorageError
from bargaining.storage.eventlog import NewEvent, append_in, now, read_events
from bargaining.storage.links import link_new, record_head
from bargaining.storage.schema import case_files, cases, proposals
from bargaining.storage.tablework import proposals_of
from bargaining.storage.verify import check_case
from bargaining.storage.yamltext import event_as_yaml, with_items, yaml_item


@dataclass(frozen=True)
class Imported:
    case_id: str
    files: int
    proposals: int
    events: int
    head: str


def import_case(engine: Engine, folder: str | Path) -> Imported:
    """Validate ``folder`` with ``load_case`` and store it; refuse (writing nothing) if anything is wrong."""
    folder = Path(folder)
    case, errors = load_case(folder)
    if errors or case is None:
        raise CaseRefused(f"{len(errors)} error(s) in {folder}; nothing imported", errors)
    files = read_folder(folder)
    label = str(folder / CASE_FILE)
    new = events_of_case_file(decode(files[CASE_FILE]), label)
    digests = {path: sha256_hex(content) for path, content in files.items()}
    anchor = anchor_hash(case.id, digests)
    try:
        with write_transaction(engine) as connection:
            if connection.execute(select(cases.c.id).where(cases.c.id == case.id)).first() is not None:
                raise StorageError(f"case {case.id!r} is already in the database; nothing imported")
            connection.execute(
                insert(cases).values(
                    id=case.id, title=case.title, jurisdiction=case.jurisdiction, anchor_hash=anchor,
                    imported_events=len(new), imported_at=now(),
                )
            )  # fmt: skip
            connection.execute(
                insert(case_files),
                [
                    {"case_id": case.id, "path": p, "content": c, "sha256": digests[p]}
                    for p, c in files.items()
                ],
            )
            _index_proposals(connection, case)
            link_new(connection, case.id, "cases")
            link_new(connection, case.id, "proposals")
            stored = append_in(connection, case.id, new)
            head = record_head(connection, case.id)
    except IntegrityError:
        raise StorageError(f"case {case.id!r} is already in the database; nothing imported") from None
    return Imported(case.id, len(files), len(case.proposals), len(stored), head)


def _index_proposals(connection: Connection, case: Case) -> None:
    rows = [
        {
            "case_id": case.id, "proposal_id": p.id, "position": i, "party": p.party, "date": p.date,
            "answers": p.answers, "title": p.title, "body": canonical_json(p.model_dump(mode="json")),
        }
        for i, p in enumerate(case.proposals)
    ]  # fmt: skip
    if rows:
        connection.execute(insert(proposals), rows)


@dataclass(frozen=True)
class Exported:
    case_id: str
    folder: Path
    files: int
    events: int
    added_events: int
    head: str  # the verified record's head when it was exported: keep it to check the record later


def case_contents(
    connection: Connection,
    case_id: str,
    *,
    check: bool = True,
) -> tuple[dict[str, bytes], list[StoredEvent], int]:
    """The case folder as it stands now: its files with the proposals made in the workbench and the
    recorded events added to case.yaml. With ``check``, a record that fails verification is refused."""
    row = connection.execute(select(cases).where(cases.c.id == case_id)).first()
    if row is None:
        raise StorageError(f"no case {case_id!r} in the database")
    stored = connection.execute(
        select(case_files.c.path, case_files.c.content, case_files.c.sha256).where(
            case_files.c.case_id == case_id
        )
    ).all()
    if check:
        broken = check_case(connection, case_id).broken
        if broken is not None:
            raise StorageError(f"the record fails verification ({broken}); run `bargain verify`")
    events = read_events(connection, case_id)
    files = {path: bytes(content) for path, content, _ in stored}
    # Proposals made in the workbench (passed at the table, sent by the mediator) join the case's list,
    # so that the exported case holds every proposal its events name.
    made = [p.content for p in proposals_of(connection, case_id)]
    if made:
        files[CASE_FILE] = _add_items(files[CASE_FILE], made, "proposals")
    added = [event_as_yaml(e) for e in events if e.seq > row.imported_events]
    if added:
        files[CASE_FILE] = _add_items(files[CASE_FILE], added, "events")
    return files, events, len(events) - row.imported_events


def _add_items(content: bytes, added: Sequence[Mapping[str, Any]], key: str) -> bytes:
    bom = content.startswith(b"\xef\xbb\xbf")
    text = decode(content)
    crlf = "\r\n" in text
    result = with_items(text.replace("\r\n", "\n") if crlf else text, added, key)
    if crlf:
        result = result.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + result.encode("utf-8")


def export_case(engine: Engine, case_id: str, folder: str | Path) -> Exported:
    """Write the case to ``folder`` (which must not exist or be empty), all files at once or none."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StorageError(f"{folder} exists and is not an empty folder; choose a new one")
    with engine.connect() as connection:
        files, events, added = case_contents(connection, case_id)
        head = record_head(connection, case_id)
    write_folder(folder, files)
    return Exported(case_id, folder, len(files), len(events), added, head)


def stored_case(engine: Engine, case_id: str) -> tuple[Case | None, list[InputError]]:
    """The case as the workspace holds it (its files, the proposals made in the workbench and the events
    recorded since import), loaded by ``load_case`` from memory: nothing is written to read it."""
    with reading(engine) as connection:
        files, _, _ = case_contents(connection, case_id, check=False)
    return load_case(StoredFiles(case_id, files))


def check_new_event(engine: Engine, case_id: str, event: NewEvent) -> Case | None:
    """Refuse an event that would make the case invalid as ``load_case`` judges it, so that the record
    always exports to a case that loads: the typed case checks it (``Case.with_event``), with no file
    written. Only errors about the new event count: the case was valid when imported, and a stricter
    validator since then is no reason to refuse new events. Returns the stored case (None if it no
    longer loads), so that callers can read its rule pack."""
    problems = event.problems()
    if problems:
        raise StorageError("; ".join(problems))
    if event.supersedes is not None:
        with engine.connect() as connection:
            events = read_events(connection, case_id)
        superseded_by = {e.supersedes: e.seq for e in events if e.supersedes is not None}
        problem = supersede_problem(event.supersedes, len(events) + 1, superseded_by)
        if problem is not None:
            raise StorageError(problem)
    case, _ = stored_case(engine, case_id)
    if case is None:
        return None
    item = yaml_item(event.type, event.date, event.payload_json(), event.supersedes)
    typed, mine = parse_event(item, len(case.events))
    if typed is not None:
        _, mine = case.with_event(typed)
    if mine:
        # The line is left out: the event is in no file the user has seen.
        located = [InputError(f"{case_id}/{CASE_FILE}", 0, p.key, p.message) for p in mine]
        raise CaseRefused(f"event not saved: {len(mine)} error(s)", located)
    return case


def write_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write into a hidden sibling folder, then rename it into place: a crash leaves no half case."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))
    try:
        for name, content in files.items():
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:
                raise StorageError(f"refusing to write {name!r} outside {folder}")
            target = partial.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if folder.exists():
            folder.rmdir()
        os.replace(partial, folder)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StorageError(f"cannot write {folder}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
