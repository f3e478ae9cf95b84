"""The accounts tables on SQLite and, when BARGAINING_TEST_POSTGRES is set, on PostgreSQL (a schema of its
own, dropped afterwards; an unreachable server fails the test rather than skipping it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from bargaining.storage import StorageError, accounts, import_case, open_database

from .conftest import ROOT

POSTGRES = os.environ.get("BARGAINING_TEST_POSTGRES")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'w.db'}"
        opened = open_database(url, create=True)
        yield opened
        opened.dispose()
        return
    if not POSTGRES:
        pytest.skip("BARGAINING_TEST_POSTGRES is not set")
    schema = f"web_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        pytest.fail(f"BARGAINING_TEST_POSTGRES is set but the server cannot be reached: {exc}", pytrace=False)
    url = make_url(POSTGRES).update_query_dict({"options": f"-csearch_path={schema}"})
    opened = open_database(url.render_as_string(hide_password=False), create=True)
    try:
        yield opened
    finally:
        opened.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_users_roles_sessions_comments_and_moderation_round_trip(engine: Engine) -> None:
    import_case(engine, ROOT / "cases" / "denver-2025")
    ana = accounts.add_user(engine, "ana", "a long passphrase")
    with pytest.raises(StorageError, match="already a user"):
        accounts.add_user(engine, "ana", "another passphrase")
    assert accounts.authenticate(engine, "ana", "a long passphrase") == ana
    assert accounts.authenticate(engine, "ana", "wrong passphrase") is None
    assert accounts.authenticate(engine, "nobody", "a long passphrase") is None
    accounts.grant(engine, "ana", "denver-2025", "union")
    accounts.grant(engine, "ana", "denver-2025", "mediator")  # replaces, never two roles on one case
    assert accounts.roles_of(engine, ana.id) == {"denver-2025": "mediator"}
    with pytest.raises(StorageError, match="no case"):
        accounts.grant(engine, "ana", "no-such-case", "union")
    token, csrf = accounts.open_session(engine, ana)
    assert accounts.session_account(engine, token) == (ana, csrf)
    accounts.close_session(engine, token)
    assert accounts.session_account(engine, token) is None
    comment = accounts.add_comment(engine, "denver-2025", "dcta-2025-04-21", ana.id, "too costly?")
    assert accounts.report_comment(engine, "denver-2025", comment, ana.id, "rude")
    assert not accounts.report_comment(engine, "denver-2025", comment + 99, ana.id, "rude")
    queue = accounts.moderation_queue(engine, "denver-2025")
    assert [(r.comment.text, r.reporter, r.reason) for r in queue] == [("too costly?", "ana", "rude")]
    assert accounts.moderate(engine, "denver-2025", queue[0].id, hide=True)
    assert accounts.moderation_queue(engine, "denver-2025") == []
    assert accounts.comments_on(engine, "denver-2025") == []
    assert [c.hidden for c in accounts.comments_on(engine, "denver-2025", include_hidden=True)] == [True]
