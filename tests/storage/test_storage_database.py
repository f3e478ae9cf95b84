"""Opening, creating and migrating the workspace database, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.exc import DBAPIError

from bargaining.storage import (
    StorageError,
    current_revision,
    database_url,
    head_revision,
    import_case,
    open_database,
)
from bargaining.storage.schema import metadata, users

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"


def test_the_url_comes_from_the_option_then_the_environment_then_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BARGAINING_DB", raising=False)
    assert database_url(None) == "sqlite:///bargaining.db"
    monkeypatch.setenv("BARGAINING_DB", "postgresql+psycopg://u@h/db")
    assert database_url(None) == "postgresql+psycopg://u@h/db"
    assert database_url("work/my.db") == "sqlite:///work/my.db"


def test_a_fresh_database_is_at_the_newest_revision_and_matches_the_tables(engine: Engine) -> None:
    assert head_revision() >= "0001"
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_init_is_idempotent_and_keeps_the_data(db_url: str) -> None:
    first = open_database(db_url, create=True)
    import_case(first, SMALL_CASE)
    first.dispose()
    again = open_database(db_url, create=True)
    with again.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM events")).scalar_one() == 3
    again.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 30_000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    engine.dispose()


def test_a_missing_or_foreign_database_is_refused_with_what_to_do(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(StorageError, match=r"no database at sqlite:///.*none\.db; run `bargain init`"):
        open_database(f"sqlite:///{missing}")
    assert not missing.exists()
    foreign = tmp_path / "other.db"
    create_engine(f"sqlite:///{foreign}").connect().close()
    with pytest.raises(StorageError, match="is not a bargaining database yet; run `bargain init` first"):
        open_database(f"sqlite:///{foreign}")


def test_a_bad_url_or_unreachable_server_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is not a database URL"):
        open_database("not a url")
    with pytest.raises(StorageError, match="unknown kind of database 'nonsense'; use sqlite:///FILE"):
        open_database("nonsense://")
    with pytest.raises(
        StorageError, match=r"cannot open the database postgresql\+psycopg://u:\*\*\*@127\.0\.0\.1:9/x"
    ):
        open_database("postgresql+psycopg://u:secret@127.0.0.1:9/x?connect_timeout=2", create=True)
    with pytest.raises(StorageError, match="cannot open the database"):
        open_database(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}", create=True)


def test_events_and_case_files_refuse_update_and_delete_at_the_sql_level(engine: Engine) -> None:
    import_case(engine, SMALL_CASE)
    for statement in (
        "UPDATE events SET type = 'forged' WHERE seq = 1",
        "DELETE FROM events WHERE seq = 3",
        "UPDATE case_files SET content = content",
        "DELETE FROM case_files",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM events")).scalar_one() == 3


def test_moments_come_back_as_the_same_instant(engine: Engine) -> None:
    moment = dt.datetime(2019, 1, 14, 7, 0, 0, 123456, tzinfo=dt.UTC)
    with engine.begin() as connection:
        connection.execute(insert(users).values(name="mediator", party="mediator", created_at=moment))
    with engine.connect() as connection:
        stored = connection.execute(users.select()).one().created_at
    stored = stored if stored.tzinfo else stored.replace(tzinfo=dt.UTC)
    assert stored == moment


def test_a_configured_but_unreachable_postgres_fails_the_run_rather_than_skipping() -> None:
    # CI sets BARGAINING_TEST_POSTGRES; if the server is down, the storage tests must not pass quietly.
    env = {**os.environ, "BARGAINING_TEST_POSTGRES": "postgresql+psycopg://postgres@127.0.0.1:1/test"}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # start in 1 s, not 6: this run needs no plugin
    target = f"{Path(__file__).parent / 'test_storage_notes.py'}::test_who_reads_which_note"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target],
        env=env, capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert run.returncode != 0, run.stdout
    assert "1 passed, 1 error" in run.stdout
    assert "is set but the server cannot be reached" in run.stdout
