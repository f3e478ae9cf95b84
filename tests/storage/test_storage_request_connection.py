"""Issue 10, item 6: a web request reads through one connection (storage.request_connection). A read that
fails must not take the request's later reads down with it: on PostgreSQL a failed statement aborts its
transaction, and every later statement in it is refused until it ends."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

from bargaining.storage import case_ids, request_connection
from bargaining.storage.database import reading


def test_a_failed_read_does_not_break_the_requests_next_reads(engine: Engine) -> None:
    checkouts: list[int] = []
    event.listen(engine, "checkout", lambda *_: checkouts.append(1))
    with request_connection(engine):
        assert case_ids(engine) == []
        with pytest.raises(DBAPIError), reading(engine) as connection:
            connection.exec_driver_sql("SELECT * FROM no_such_table")
        # Before the fix, on PostgreSQL: InFailedSqlTransaction (the request answered 500).
        assert case_ids(engine) == []
        assert case_ids(engine) == []
    # The first connection until the failure, then one fresh connection for the rest of the request.
    assert len(checkouts) == 2
