"""The public head (storage.public_head) is the hash of the newest link whose row the public sees, whatever
the mix of public and private writes after the import: checked against the definition (walk every link in
order, keep the last public one) on random records. Public here: the import's rows, the recorded events
named public, and public notes; private notes and the other events are not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from bargaining.storage import NewEvent, add_note, append_event, import_case, open_database, public_head
from bargaining.storage.schema import record_links

SMALL_CASE = Path(__file__).resolve().parent / "fixtures" / "small-case"
CASE = "small-case"
# A write after the import: a note of a visibility, or a session event the public sees or not.
WRITES = st.lists(
    st.sampled_from(["public note", "private note", "mediator note", "public event", "private event"]),
    max_size=12,
)


def _by_definition(engine: Engine, public_events: set[int], imported: int) -> str:
    with engine.connect() as connection:
        links = connection.execute(
            select(record_links.c.table_name, record_links.c.row_key, record_links.c.hash)
            .where(record_links.c.case_id == CASE)
            .order_by(record_links.c.seq)
        ).all()
        notes = {
            str(row.id)
            for row in connection.execute(
                select(record_links.metadata.tables["notes"]).where(
                    record_links.metadata.tables["notes"].c.visibility == "public"
                )
            )
        }
    head = None
    for table, key, digest in links:
        seen = table in ("cases", "proposals") or (table == "notes" and key in notes)
        seen = seen or (table == "events" and (int(key) <= imported or int(key) in public_events))
        if seen:
            head = digest
    assert head is not None
    return str(head)


@settings(max_examples=25, deadline=None)
@given(writes=WRITES)
def test_the_public_head_is_the_newest_public_link(writes: list[str]) -> None:
    engine = open_database("sqlite://", create=True)
    try:
        imported = import_case(engine, SMALL_CASE).events
        public_events: set[int] = set()
        for n, write in enumerate(writes):
            kind, what = write.split()
            if what == "note":
                add_note(engine, CASE, "union", kind, f"note {n}")  # type: ignore[arg-type]
            else:
                stored = append_event(
                    engine, CASE, NewEvent("session", dt.date(2019, 1, 2), {"note": f"{n}"})
                )
                if kind == "public":
                    public_events.add(stored.seq)
        # Events named public may include imported ones: the import is public whatever is named.
        named = public_events | {1}
        assert public_head(engine, CASE, named, ()) == _by_definition(engine, public_events, imported)
    finally:
        engine.dispose()


def test_the_public_head_does_not_bind_a_variable_per_public_note(tmp_path: Path) -> None:
    # A record with more public notes than the database takes bound variables in one statement (SQLite's
    # default limit is 32,766) must still have a head. The limit is lowered to 20 here so that 30 public
    # notes stand for a record that long: 30 notes bound one by one would be refused.
    import sqlite3

    from sqlalchemy import event

    engine = open_database(f"sqlite:///{tmp_path / 'workspace.db'}", create=True)

    @event.listens_for(engine, "connect")
    def _few_variables(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 20)

    engine.dispose()  # later connections take the lowered limit
    try:
        imported = import_case(engine, SMALL_CASE).events
        for n in range(30):
            add_note(engine, CASE, "union", "public", f"note {n}")
        assert public_head(engine, CASE, {1}, ()) == _by_definition(engine, set(), imported)
    finally:
        engine.dispose()


def test_the_public_head_does_not_bind_a_variable_per_public_event(tmp_path: Path) -> None:
    # As for notes: a long record's public session events (30 here, with the limit lowered to 20 bound
    # variables a statement) must not be bound one by one. The newest public event is the only one whose
    # link can be the head, so one number is enough.
    import sqlite3

    from sqlalchemy import event

    engine = open_database(f"sqlite:///{tmp_path / 'workspace.db'}", create=True)

    @event.listens_for(engine, "connect")
    def _few_variables(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 20)

    engine.dispose()
    try:
        imported = import_case(engine, SMALL_CASE).events
        public: set[int] = set()
        for n in range(30):
            stored = append_event(engine, CASE, NewEvent("session", dt.date(2019, 1, 2), {"note": f"{n}"}))
            if n != 29:  # the last one private: the head is the 29th event's link, not the newest link
                public.add(stored.seq)
        assert public_head(engine, CASE, public, ()) == _by_definition(engine, public, imported)
    finally:
        engine.dispose()
