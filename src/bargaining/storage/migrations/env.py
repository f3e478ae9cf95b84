"""Alembic environment: always runs on a connection handed over by ``storage.database.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bargaining.storage.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if not isinstance(_connection, Connection):
    raise RuntimeError("run migrations through bargaining.storage.migrate(engine), not the alembic command")
_run(_connection)
