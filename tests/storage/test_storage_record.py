"""Issue 10, S4 and S5: every table the record shows is append-only and inside the hash chain.

Reproduced first as failing tests: an UPDATE turned a passed 5% into 9% and a DELETE removed a mediator
proposal (``table_proposals``), and changing ``cases.imported_events`` made export drop or duplicate
recorded events, each with ``verify`` printing ok on the same head.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, delete, insert, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.storage import (
    NewEvent,
    StorageError,
    add_note,
    append_event,
    export_case,
    import_case,
    verify,
)
from bargaining.storage.chain import anchor_hash, event_hash, link_hash
from bargaining.storage.links import RECORD_TABLES, chain_existing, table_of
from bargaining.storage.tablework import add_proposal, pass_proposal, record_outcome, submit_bids

Statement = Callable[[Connection], object]

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"
PASSED = {
    "id": "union-2",
    "party": "union",
    "date": "2018-10-10",
    "answers": "district-1",
    "terms": [{"type": "raise", "percent": 5, "effective": "2018-07-01", "article": "2"}],
}
SENT = {
    "id": "mediator-1",
    "party": "mediator",
    "date": "2018-10-20",
    "terms": [{"type": "raise", "percent": 4, "effective": "2018-07-01", "article": "2"}],
}


def drop_guards(engine: Engine) -> None:
    """What a database administrator does first: every append-only trigger out of the way."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
            for name in list(names):
                connection.execute(text(f'ALTER TABLE "{name}" DISABLE TRIGGER USER'))
        else:
            names = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            for name in list(names.scalars()):
                connection.execute(text(f'DROP TRIGGER "{name}"'))


def as_admin(engine: Engine, *statements: str) -> None:
    drop_guards(engine)
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)


def at_the_table(engine: Engine) -> str:
    """small-case with a union proposal of 5% passed at the table and a mediator proposal of 4% sent;
    returns the head to keep."""
    import_case(engine, SMALL_CASE)
    event = NewEvent("proposal_passed", dt.date(2018, 10, 10), {"proposal": "union-2", "by": "union"})
    pass_proposal(engine, "small-case", PASSED, event, None, None)
    add_proposal(engine, "small-case", SENT, None)
    append_event(engine, "small-case", NewEvent("session", dt.date(2018, 11, 1), {"hours": 2}))
    (check,) = verify(engine)
    assert check.ok, check.broken
    return check.head


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE table_proposals SET content = replace(content, '\"percent\":5', '\"percent\":9')",
        "DELETE FROM table_proposals WHERE party = 'mediator'",
        "UPDATE cases SET imported_events = 2",
        "DELETE FROM cases",
    ],
)
def test_s4_s5_the_guards_refuse_updates_and_deletes(engine: Engine, statement: str) -> None:
    at_the_table(engine)
    with pytest.raises(DBAPIError), engine.begin() as connection:
        connection.exec_driver_sql(statement)


def test_s4_a_passed_5_percent_turned_into_9_is_named_by_verify(engine: Engine) -> None:
    at_the_table(engine)
    as_admin(
        engine, "UPDATE table_proposals SET content = replace(content, '\"percent\":5', '\"percent\":9')"
    )
    (check,) = verify(engine)
    assert check.broken is not None, "verify said ok after a passed proposal was rewritten"
    assert (check.broken.table, check.broken.row) == ("table_proposals", "1")
    assert check.broken.what == "content differs from what link 7 recorded (changed around the tool)"


def test_s4_a_deleted_mediator_proposal_is_named_by_verify(engine: Engine) -> None:
    at_the_table(engine)
    as_admin(engine, "DELETE FROM table_proposals WHERE party = 'mediator'")
    (check,) = verify(engine)
    assert check.broken is not None, "verify said ok after a mediator proposal was deleted"
    assert (check.broken.table, check.broken.row) == ("table_proposals", "2")
    assert check.broken.what == "the row is missing: link 9 recorded it"


@pytest.mark.parametrize(("count", "events_exported"), [(2, 6), (4, 4)])
def test_s5_a_changed_imported_event_count_is_named_by_verify(
    engine: Engine, tmp_path: Path, count: int, events_exported: int
) -> None:
    # small-case imports 3 events; 2 more are recorded (the passed proposal, a session): 5 in all.
    # With imported_events = 2 export would write event 3 twice (6 items); with 4 it would drop event 4.
    at_the_table(engine)
    as_admin(engine, f"UPDATE cases SET imported_events = {count}")
    (check,) = verify(engine)
    assert check.broken is not None, (
        f"verify said ok with imported_events = {count} ({events_exported} exported)"
    )
    assert (check.broken.table, check.broken.row) == ("cases", "small-case")
    assert check.broken.what == f"imported_events is {count}, but the stored case.yaml holds 3 events"
    with pytest.raises(Exception, match="fails verification"):
        export_case(engine, "small-case", tmp_path / "out")


# --- The tamper suite: every table of the record, changed by an administrator who drops the guards first.


def full_record(engine: Engine) -> str:
    """at_the_table plus a public note, both sides' blind bids and the outcome; returns the head to keep."""
    at_the_table(engine)
    add_note(engine, "small-case", "union", "public", "We passed 5%.")
    submit_bids(engine, "small-case", "union", "raise", [6.0, 5.0])
    submit_bids(engine, "small-case", "employer", "raise", [3.0, 4.0])
    record_outcome(engine, "small-case", "raise", False, None, 2, None)
    (check,) = verify(engine)
    assert check.ok, check.broken
    return check.head


def _insert(table: str, **values: object) -> Statement:
    return lambda connection: connection.execute(
        insert(table_of(table)).values(case_id="small-case", **values)
    )


def _sql(*statements: str) -> Statement:
    def run(connection: Connection) -> None:
        for statement in statements:
            connection.exec_driver_sql(statement)

    return run


def _delete_case(connection: Connection) -> None:
    # The case row alone cannot go (its rows refer to it): the administrator removes the whole case.
    for table in ("record_links", "blind_results", "blind_bids", "notes", "table_proposals", "events",
                  "proposals", "case_files"):  # fmt: skip
        connection.execute(delete(table_of(table)).where(table_of(table).c.case_id == "small-case"))
    connection.execute(delete(table_of("cases")))


def _link_for_nothing(connection: Connection) -> None:
    # A link forged with the right recipe after the head, naming a proposal that was never passed.
    seq, prev = connection.execute(text("SELECT seq, hash FROM record_links ORDER BY seq DESC")).first()  # type: ignore[misc]
    cells = {"content": "0" * 64}
    digest = link_hash("small-case", seq + 1, "table_proposals", "99", cells, prev)
    connection.execute(
        insert(table_of("record_links")).values(
            case_id="small-case", seq=seq + 1, table_name="table_proposals", row_key="99",
            cells=json.dumps(cells), prev_hash=prev, hash=digest,
        )
    )  # fmt: skip


def _event_6(connection: Connection) -> None:
    # An event appended with a correct event hash: the event chain holds, the record's chain does not.
    prev = connection.execute(text("SELECT hash FROM events WHERE seq = 5")).scalar_one()
    moment = dt.datetime(2018, 11, 2, 9, tzinfo=dt.UTC)
    payload = {"by": "employer"}
    digest = event_hash("small-case", 6, "settlement", dt.date(2018, 11, 2), payload, None, moment, prev)
    connection.execute(
        insert(table_of("events")).values(
            case_id="small-case", seq=6, type="settlement", date=dt.date(2018, 11, 2),
            payload=json.dumps(payload), supersedes=None, recorded_at=moment, prev_hash=prev, hash=digest,
        )
    )  # fmt: skip


NOW = dt.datetime(2018, 11, 3, tzinfo=dt.UTC)
# (table, what the administrator does, the table verify names; None: only the kept head shows it)
TAMPERS: list[tuple[str, str, Statement, str | None]] = [
    ("cases", "update", _sql("UPDATE cases SET title = 'Altered'"), "cases"),
    ("cases", "delete", _delete_case, None),
    (
        "cases",
        "insert",
        lambda c: c.execute(
            insert(table_of("cases")).values(
                id="ghost",
                title="Ghost",
                jurisdiction="generic",
                anchor_hash=anchor_hash("ghost", {}),
                imported_events=0,
                imported_at=NOW,
            )
        ),
        "cases",
    ),
    (
        "case_files",
        "update",
        _sql("UPDATE case_files SET sha256 = 'x' WHERE path = 'roster.csv'"),
        "case_files",
    ),
    ("case_files", "delete", _sql("DELETE FROM case_files WHERE path = 'roster.csv'"), "case_files"),
    (
        "case_files",
        "insert",
        _insert("case_files", path="extra.csv", content=b"a,b\n", sha256="0" * 64),
        "case_files",
    ),
    (
        "proposals",
        "update",
        _sql("UPDATE proposals SET title = 'Altered' WHERE proposal_id = 'union-1'"),
        "proposals",
    ),
    ("proposals", "delete", _sql("DELETE FROM proposals WHERE proposal_id = 'union-1'"), "proposals"),
    (
        "proposals",
        "insert",
        _insert(
            "proposals",
            proposal_id="ghost-1",
            position=2,
            party="union",
            date=dt.date(2018, 9, 20),
            body="{}",
        ),
        "proposals",
    ),
    ("events", "update", _sql("UPDATE events SET payload = '{\"hours\":9}' WHERE seq = 5"), "events"),
    ("events", "delete", _sql("DELETE FROM events WHERE seq = 5"), "events"),
    ("events", "insert", _event_6, "events"),
    (
        "table_proposals",
        "update",
        _sql("UPDATE table_proposals SET content = replace(content, '\"percent\":5', '\"percent\":9')"),
        "table_proposals",
    ),
    (
        "table_proposals",
        "delete",
        _sql("DELETE FROM table_proposals WHERE party = 'mediator'"),
        "table_proposals",
    ),
    (
        "table_proposals",
        "insert",
        _insert("table_proposals", proposal_id="mediator-2", party="mediator", content="{}", created_at=NOW),
        "table_proposals",
    ),
    ("notes", "update", _sql("UPDATE notes SET text = 'We passed 9 percent.'"), "notes"),
    ("notes", "delete", _sql("DELETE FROM notes"), "notes"),
    (
        "notes",
        "insert",
        _insert("notes", author="employer", visibility="public", text="Forged.", created_at=NOW),
        "notes",
    ),
    (
        "blind_bids",
        "update",
        _sql("UPDATE blind_bids SET bids = '[9.0]' WHERE party = 'union'"),
        "blind_bids",
    ),
    ("blind_bids", "delete", _sql("DELETE FROM blind_bids WHERE party = 'union'"), "blind_bids"),
    (
        "blind_bids",
        "insert",
        _insert("blind_bids", party="union", issue="raise", bids="[1.0]", created_at=NOW),
        "blind_bids",
    ),
    ("blind_results", "update", _sql("UPDATE blind_results SET rounds = 1"), "blind_results"),
    ("blind_results", "delete", _sql("DELETE FROM blind_results"), "blind_results"),
    (
        "blind_results",
        "insert",
        _insert(
            "blind_results", issue="raise", settled=True, value=4.5, rounds=2, settled_in=2, created_at=NOW
        ),
        "blind_results",
    ),
    ("record_links", "update", _sql("UPDATE record_links SET cells = '{}' WHERE seq = 3"), "record_links"),
    ("record_links", "delete", _sql("DELETE FROM record_links WHERE seq = 3"), "record_links"),
    ("record_links", "insert", _link_for_nothing, "table_proposals"),
]


def test_the_tamper_suite_covers_every_table_of_the_record() -> None:
    assert {t for t, _, _, _ in TAMPERS} == {*RECORD_TABLES, "case_files", "record_links"}
    assert all(sum(1 for t, a, _, _ in TAMPERS if t == table and a == action) == 1
               for table in RECORD_TABLES for action in ("update", "delete", "insert"))  # fmt: skip


@pytest.mark.parametrize(
    ("table", "action", "statement", "named"), TAMPERS, ids=[f"{t}-{a}" for t, a, _, _ in TAMPERS]
)
def test_an_administrator_who_drops_the_guards_is_caught(
    engine: Engine, db_url: str, table: str, action: str, statement: Statement, named: str | None
) -> None:
    head = full_record(engine)
    drop_guards(engine)
    with engine.begin() as connection:
        statement(connection)
    if named is not None:
        broken = [c.broken for c in verify(engine) if c.broken is not None]
        assert [b.table for b in broken] == [named], broken
    # The unchanged-head check. A new case is a record of its own (verify names it above, as a case
    # with no links): small-case still ends on its kept head. Every other change moves small-case's head.
    result = CliRunner().invoke(app, ["verify", "small-case", "--db", db_url, "--expect-head", head])
    if (table, action) == ("cases", "insert"):
        assert result.exit_code == 0 and "head matches: small-case" in result.output, result.output
        assert CliRunner().invoke(app, ["verify", "--db", db_url]).exit_code == 1
    else:
        assert result.exit_code == 1, result.output
        assert "head matches" not in result.output


def test_an_untouched_record_matches_its_kept_head(engine: Engine, db_url: str) -> None:
    head = full_record(engine)
    result = CliRunner().invoke(app, ["verify", "small-case", "--db", db_url, "--expect-head", head.upper()])
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[-1]
        == "head matches: small-case: the record is the one whose head was kept"
    )


def test_a_record_that_grew_since_the_head_was_kept_says_by_how_much(engine: Engine, db_url: str) -> None:
    head = full_record(
        engine
    )  # 1 case + 2 proposals + 5 events + 2 table proposals + note + 2 bids + outcome
    add_note(engine, "small-case", "union", "public", "And now?")
    result = CliRunner().invoke(app, ["verify", "small-case", "--db", db_url, "--expect-head", head])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].endswith(
        f"not {head}: the kept head is link 14 of 15, so 1 row(s) were added to the record since"
    )


def test_an_administrator_who_rewrites_the_whole_chain_is_caught_only_by_the_kept_head(
    engine: Engine, db_url: str
) -> None:
    head = full_record(engine)
    # 5% becomes 9%, and every link is recomputed as the migration would: verify alone cannot tell.
    drop_guards(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE table_proposals SET content = replace(content, '\"percent\":5', '\"percent\":9')"
        )
        connection.exec_driver_sql("DELETE FROM record_links")
        assert chain_existing(connection) == 1
    (check,) = verify(engine)
    assert check.ok and check.head != head
    result = CliRunner().invoke(app, ["verify", "small-case", "--db", db_url, "--expect-head", head])
    assert result.exit_code == 1
    assert "no link of the record has that hash: the record was rewritten" in result.output


def test_taking_back_the_last_row_with_its_link_is_caught_by_the_kept_head(
    engine: Engine, db_url: str
) -> None:
    head = full_record(engine)
    as_admin(engine, "DELETE FROM blind_results", "DELETE FROM record_links WHERE seq = 14")
    (check,) = verify(engine)
    assert check.ok and check.head != head  # a consistent shorter record...
    result = CliRunner().invoke(app, ["verify", "small-case", "--db", db_url, "--expect-head", head])
    assert result.exit_code == 1 and "HEAD DIFFERS: small-case:" in result.output  # ...but not the one kept


# --- Malformed rows: verify names the table, the row and what is wrong, and never crashes (it exited 70
# on a malformed date). SQLite stores what it is given whatever the column's type; PostgreSQL refuses
# such values unless a constraint is dropped, which the NULL cases do.
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
MALFORMED = [
    ("UPDATE events SET date = '2019-13-45' WHERE seq = 2", "events", "2",
     "date is '2019-13-45': month must be in 1..12"),
    ("UPDATE events SET recorded_at = 'yesterday' WHERE seq = 5", "events", "5",
     "recorded_at is 'yesterday': Invalid isoformat string: 'yesterday'"),
    ("UPDATE table_proposals SET draft_id = 'one' WHERE id = 1", "table_proposals", "1",
     "draft_id is 'one': not a value of type INTEGER"),
    ("UPDATE table_proposals SET created_at = 'soon' WHERE id = 1", "table_proposals", "1",
     "created_at is 'soon': Invalid isoformat string: 'soon'"),
    ("UPDATE blind_results SET rounds = 'many'", "blind_results", "1",
     "rounds is 'many': not a value of type INTEGER"),
    ("UPDATE blind_results SET settled = 'maybe'", "blind_results", "1",
     "settled is 'maybe': not a value of type BOOLEAN"),
    ("UPDATE cases SET imported_at = 'then'", "cases", "small-case",
     "imported_at is 'then': Invalid isoformat string: 'then'"),
    ("UPDATE case_files SET content = 'text' WHERE path = 'roster.csv'", "case_files", "roster.csv",
     "roster.csv: its content is str, not the file's bytes"),
]  # fmt: skip


@SQLITE_ONLY
@pytest.mark.parametrize(("statement", "table", "row", "what"), MALFORMED)
def test_a_malformed_value_is_named_with_its_table_and_row(
    engine: Engine, db_url: str, statement: str, table: str, row: str, what: str
) -> None:
    full_record(engine)
    as_admin(engine, statement)
    (check,) = verify(engine)
    assert check.broken is not None and (check.broken.table, check.broken.row, check.broken.what) == (
        table,
        row,
        what,
    )
    result = CliRunner().invoke(app, ["verify", "--db", db_url])
    assert result.exit_code == 1 and result.output.startswith("BROKEN: small-case: "), result.output


@pytest.mark.parametrize(
    ("statement", "table", "row", "what"),
    [
        ("UPDATE events SET payload = 'not json' WHERE seq = 2", "events", "2",
         "the payload is not valid JSON"),
        ("UPDATE events SET hash = substr(hash, 1, 10) WHERE seq = 5", "events", "5",
         "but the stored hash is"),
        ("UPDATE record_links SET cells = 'not json' WHERE seq = 4", "record_links", "4",
         "link 4: its table, row, cells or hashes are not readable (cells must be a JSON object of hashes)"),
        ("UPDATE record_links SET hash = substr(hash, 1, 8) WHERE seq = 4", "record_links", "4",
         "but its stored hash is"),
    ],
)  # fmt: skip
def test_non_json_and_truncated_hashes_are_named(
    engine: Engine, statement: str, table: str, row: str, what: str
) -> None:
    full_record(engine)
    as_admin(engine, statement)
    (check,) = verify(engine)
    assert check.broken is not None and (check.broken.table, check.broken.row) == (table, row)
    assert what in check.broken.what


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize(("table", "column", "row"), [("notes", "text", "1"), ("events", "date", "3")])
def test_a_null_where_the_schema_forbids_it_is_named(
    engine: Engine, table: str, column: str, row: str
) -> None:
    full_record(engine)
    key = "seq = 3" if table == "events" else "id = 1"
    as_admin(
        engine,
        f"ALTER TABLE {table} ALTER COLUMN {column} DROP NOT NULL",
        f"UPDATE {table} SET {column} = NULL WHERE {key}",
    )
    (check,) = verify(engine)
    assert check.broken is not None
    assert (check.broken.table, check.broken.row, check.broken.what) == (
        table,
        row,
        f"{column} is empty (NULL)",
    )


def test_the_storage_package_exports_what_it_lists() -> None:
    import bargaining.storage as storage

    assert {"record_head", "link_number", "verify", "export_case"} <= set(storage.__all__)
    assert all(hasattr(storage, name) for name in storage.__all__)


# --- Low finding: two passes at once answered 500 (an IntegrityError from the unique proposal id).


def test_two_passes_of_one_proposal_at_once_give_one_proposal_and_one_message(engine: Engine) -> None:
    import_case(engine, SMALL_CASE)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def pass_it() -> None:
        event = NewEvent("proposal_passed", dt.date(2018, 10, 10), {"proposal": "union-2", "by": "union"})
        start.wait()
        try:
            pass_proposal(engine, "small-case", PASSED, event, 7, None)
            outcomes.append("passed")
        except StorageError as refused:
            outcomes.append(str(refused))

    threads = [threading.Thread(target=pass_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [
        "passed",
        "proposal 'union-2' is already in the case; reload the page and try again",
    ]
    again = {**PASSED, "id": "union-3"}
    event = NewEvent("proposal_passed", dt.date(2018, 10, 11), {"proposal": "union-3", "by": "union"})
    with pytest.raises(StorageError, match=r"^draft 7 was already passed at the table as union-2$"):
        pass_proposal(engine, "small-case", again, event, 7, None)
    (check,) = verify(engine)
    assert check.ok and check.events == 4


# --- Low finding: huge ids answered 500 (SQLite's driver raised OverflowError; PostgreSQL "out of range").


def test_a_number_too_large_for_the_database_is_a_message_not_a_crash(engine: Engine) -> None:
    import_case(engine, SMALL_CASE)
    too_large = "a number is too large for the database: give a smaller one"
    with pytest.raises(StorageError, match=re.escape(too_large)):
        record_outcome(engine, "small-case", "raise", False, None, 10**30, None)
    # Looking a row up by such an id (a number in a URL): SQLite's driver cannot send it, so the same
    # message; PostgreSQL compares it as a numeric and finds no row.
    lookup = text("SELECT id FROM notes WHERE id = :id")
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            with pytest.raises(StorageError, match=re.escape(too_large)):
                connection.execute(lookup, {"id": 10**30})
        else:
            assert connection.execute(lookup, {"id": 10**30}).first() is None
    (check,) = verify(engine)
    assert check.ok and check.events == 3


# --- Migration 0005 brings a database made before it along: its rows are chained as they stand.


def _to_revision(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(resources.files("bargaining.storage") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if revision == "head":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)


def test_an_older_database_is_chained_deterministically_and_guarded(engine: Engine) -> None:
    full_record(engine)
    heads = []
    for _ in range(2):
        # Back to 0004 (no links, no guards on the workbench's tables), then up again as `bargain init` does.
        _to_revision(engine, "0004")
        with engine.begin() as connection:  # unguarded at 0004: the S4 reproduction
            connection.exec_driver_sql("UPDATE notes SET text = text")
        _to_revision(engine, "head")
        (check,) = verify(engine)
        assert check.ok, check.broken
        heads.append(check.head)
        with engine.connect() as connection:
            tables = connection.execute(text("SELECT table_name FROM record_links ORDER BY seq")).scalars()
            # The case row, its proposal index, then the rest in the order written (full_record's order).
            assert list(tables) == [
                "cases", "proposals", "proposals", "events", "events", "events", "table_proposals", "events",
                "table_proposals", "events", "notes", "blind_bids", "blind_bids", "blind_results",
            ]  # fmt: skip
    assert heads[0] == heads[1]
    with pytest.raises(DBAPIError), engine.begin() as connection:
        connection.exec_driver_sql("UPDATE notes SET text = 'changed'")
