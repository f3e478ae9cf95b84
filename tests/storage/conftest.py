"""Fixtures for the storage tests: one fresh database per test, on SQLite and (when configured) PostgreSQL.

Set BARGAINING_TEST_POSTGRES to a PostgreSQL URL (CI: postgresql+psycopg://postgres@127.0.0.1:5432/test)
and every test taking ``db_url`` or ``engine`` also runs there, each in a schema of its own that is
dropped afterwards. If the variable is set but the server cannot be reached, those tests fail: a CI run
that was meant to test PostgreSQL must not pass without having done so.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from bargaining.storage import open_database

POSTGRES_ENV = "BARGAINING_TEST_POSTGRES"
FIXTURES = Path(__file__).parent / "fixtures"
SMALL_CASE = FIXTURES / "small-case"


@pytest.fixture(scope="session")
def postgres_base() -> Iterator[str | None]:
    """The server URL from the environment, checked once; None when PostgreSQL is not configured."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        yield None
        return
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.fail(f"{POSTGRES_ENV}={url} is set but the server cannot be reached: {exc}", pytrace=False)
    finally:
        engine.dispose()
    yield url


def with_search_path(url: str, schema: str) -> str:
    """The URL with libpq ``options`` that put ``schema`` first: subprocesses given it see the same tables."""
    parsed = make_url(url)
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty database (nothing created in it yet)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workspace.db'}"
        return
    postgres_base: str | None = request.getfixturevalue("postgres_base")
    if postgres_base is None:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    schema = f"bargaining_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield with_search_path(postgres_base, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated, empty workspace database."""
    opened = open_database(db_url, create=True)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def small_case(tmp_path: Path) -> Path:
    """A private copy of the small fixture case, free to edit."""
    target = tmp_path / "small-case"
    shutil.copytree(SMALL_CASE, target)
    return target
