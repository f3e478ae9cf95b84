"""Opening the workspace database, migrating it, and the one way to write to it.

SQLite (the default) runs in WAL mode with a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so that two writers queue for the lock instead of failing half-way. PostgreSQL is
reached through psycopg 3; writers serialise per case on the case row (``SELECT ... FOR UPDATE``).

Reads go through ``reading``: inside ``request_connection`` (one web request) every read of the request
shares one connection and one transaction, so a page is one checkout and, on SQLite, one ``BEGIN``; a
write in the request ends that read transaction, so what is read after it sees the write.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, Table, create_engine, event, insert
from sqlalchemy.engine import Connection, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from bargaining.storage.errors import StorageError

ENV_VAR = "BARGAINING_DB"
DEFAULT_URL = "sqlite:///bargaining.db"
BUSY_TIMEOUT_MS = 30_000
# Connections each process keeps open (and how many more it may open under a burst, closed when returned).
# A web request holds one connection while it runs; a server process runs at most 40 requests' code at
# once (anyio's thread pool), so 20 + 30 never makes a request wait for a connection, and two workers stay
# well under PostgreSQL's default 100 connections. Opening a PostgreSQL connection costs a process on the
# server: keeping them is what makes a request cheap.
POOL_SIZE, POOL_OVERFLOW = 20, 30
_WRITE = "bargaining_write"


def database_url(option: str | None = None) -> str:
    """The URL to use: ``--db``, else $BARGAINING_DB, else ``bargaining.db`` here; a bare path is SQLite."""
    value = option or os.environ.get(ENV_VAR) or DEFAULT_URL
    return value if "://" in value else f"sqlite:///{value}"


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def open_database(url: str, *, create: bool = False) -> Engine:
    """An engine for ``url``. With ``create`` the database is created and migrated to the newest schema;
    without it, a database that does not exist or is not at the newest schema is refused."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(
            f"{url!r} is not a database URL (expected e.g. sqlite:///bargaining.db or "
            "postgresql+psycopg://user@host/dbname)"
        ) from None
    sqlite = parsed.get_backend_name() == "sqlite"
    in_file = sqlite and parsed.database not in (None, "", ":memory:")
    if in_file and not create and not Path(str(parsed.database)).exists():
        raise StorageError(f"no database at {shown(url)}; run `bargain init` (or `bargain import`) first")
    try:
        engine = create_engine(
            parsed,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000} if sqlite else {},
            # (an in-memory SQLite database has a pool of its own kind, without these)
            **({"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW} if not sqlite or in_file else {}),
        )
    except NoSuchModuleError:
        raise StorageError(
            f"{shown(url)}: unknown kind of database {parsed.drivername!r}; "
            "use sqlite:///FILE or postgresql+psycopg://USER@HOST/DBNAME"
        ) from None
    except ImportError as exc:
        raise StorageError(f"cannot use {shown(url)}: {exc} (is its driver installed?)") from None
    if sqlite:
        _configure_sqlite(engine)
    event.listen(engine, "handle_error", _number_too_large)
    try:
        if create:
            migrate(engine)
        else:
            _require_current(engine, url)
    except DBAPIError as exc:
        engine.dispose()
        raise StorageError(f"cannot open the database {shown(url)}: {_first_line(exc.orig)}") from None
    except StorageError:
        engine.dispose()
        raise
    return engine


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0] if error is not None and str(error).strip() else "unknown error"


def _number_too_large(context: ExceptionContext) -> StorageError | None:
    """A number beyond what a column holds (an id of 10**30 in a URL, a count too large) is the caller's
    mistake, not the server's: a message instead of an internal error. SQLite's driver raises
    OverflowError before the statement runs; PostgreSQL answers with SQLSTATE 22003."""
    original = context.original_exception
    if isinstance(original, OverflowError) or getattr(original, "sqlstate", None) == "22003":
        return StorageError("a number is too large for the database: give a smaller one")
    return None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit reported to the user survives a power cut, not only a killed process.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock at once: a writer that first reads the chain head and then
        # inserts can never be overtaken by another writer in between.
        immediate = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class _Held:
    """The connection a web request reads through, taken from the pool at its first read and returned
    when the request's response starts (``release``). One thread at a time uses it: the request's code
    runs in turn in the thread pool (the gate, then the route); the lock makes that a rule."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.connection: Connection | None = None
        self.released = False
        self.lock = threading.RLock()

    def end_transaction(self) -> None:
        """End the read transaction (a write just committed): the next read starts a new one."""
        with self.lock:
            if self.connection is not None and self.connection.in_transaction():
                self.connection.rollback()

    def release(self) -> None:
        with self.lock:
            self.released = True
            if self.connection is not None:
                self.connection.close()  # rolls the read transaction back and returns it to the pool
                self.connection = None


_REQUEST: ContextVar[_Held | None] = ContextVar("bargaining_request_connection", default=None)


@contextmanager
def request_connection(engine: Engine) -> Iterator[_Held]:
    """Within this block (one web request, and the threads it runs its code in), ``reading(engine)`` gives
    one shared connection in one read transaction. Call ``release`` on what it yields as soon as the
    request's reads are over (the block's end does it too); reads after that get connections of their
    own."""
    held = _Held(engine)
    token = _REQUEST.set(held)
    try:
        yield held
    finally:
        _REQUEST.reset(token)
        held.release()


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection to read with: the request's (see ``request_connection``), else one of its own."""
    held = _REQUEST.get()
    if held is None or held.engine is not engine:
        with engine.connect() as connection:
            yield connection
        return
    with held.lock:
        if held.released:
            with engine.connect() as connection:
                yield connection
            return
        if held.connection is None:
            held.connection = engine.connect()
        try:
            yield held.connection
        except BaseException:
            # A failed statement leaves a PostgreSQL transaction refusing every later one: the request's
            # next read starts on a fresh connection, as it would have before connections were shared.
            held.connection.close()
            held.connection = None
            raise


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the write lock from its start (SQLite) and commits on success. Inside a
    request, the request's read transaction ends first (so the write's lock is not held up by it, nor
    its SQLite snapshot made stale) and again after (so reads after the write see it)."""
    held = _REQUEST.get()
    if held is not None and held.engine is engine:
        held.end_transaction()
    try:
        with engine.execution_options(**{_WRITE: True}).begin() as connection:
            yield connection
    finally:
        if held is not None and held.engine is engine:
            held.end_transaction()


def insert_row(engine: Engine, table: Table, **values: Any) -> int:
    """Insert one row in a write transaction of its own; return its ``id``."""
    with write_transaction(engine) as connection:
        return int(connection.execute(insert(table).values(**values).returning(table.c.id)).scalar_one())


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("bargaining.storage") / "migrations"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> str:
    """Bring the schema to the newest revision (creating it when empty); returns that revision."""
    config = _alembic_config()
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head_revision()


def _require_current(engine: Engine, url: str) -> None:
    revision = current_revision(engine)
    if revision is None:
        raise StorageError(f"{shown(url)} is not a bargaining database yet; run `bargain init` first")
    if revision != head_revision():
        raise StorageError(
            f"{shown(url)} has schema revision {revision}, this version needs {head_revision()}; "
            "run `bargain init` to upgrade it"
        )
