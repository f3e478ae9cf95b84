"""The demo accounts' rows: made and granted roles on the bundled cases while ``bargain serve --demo`` runs,
stripped of every role and session when the server starts without it (S11 of issue 10).

Their users rows stay (notes and drafts refer to them), but a demo account signs in only through an app
started with ``demo=True`` (storage.accounts.authenticate), so nothing they had lingers in production.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Engine, delete, select
from sqlalchemy.engine import Connection

from bargaining.storage import accounts
from bargaining.storage.database import write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.schema import cases, users


def _demo_ids(connection: Connection) -> list[int]:
    rows = connection.execute(
        select(accounts.credentials.c.user_id).where(accounts.credentials.c.demo.is_(True))
    )
    return [user_id for (user_id,) in rows]


def seed(engine: Engine, roles: Mapping[str, str | None], password: str, case_ids: Iterable[str]) -> None:
    """Make the demo accounts that are missing; grant each its role on ``case_ids`` and on no other case."""
    bundled = set(case_ids)
    with engine.connect() as connection:
        present = {case_id for (case_id,) in connection.execute(select(cases.c.id))}
        demo = set(_demo_ids(connection))
        named = dict(connection.execute(select(users.c.name, users.c.id)).all())
    for name in roles:
        if name in named and named[name] not in demo:
            raise StorageError(f"{name!r} is a real account, not a demo one: rename it before --demo")
        if name not in named:
            accounts.add_user(engine, name, password, demo=True)
    with write_transaction(engine) as connection:
        demo_ids = _demo_ids(connection)
        connection.execute(
            delete(accounts.grants).where(
                accounts.grants.c.user_id.in_(demo_ids), accounts.grants.c.case_id.not_in(bundled)
            )
        )
    for name, role in roles.items():
        for case_id in sorted(bundled & present):
            if role is not None:
                accounts.grant(engine, name, case_id, role)


def retire(engine: Engine) -> int:
    """Take every role and session from the demo accounts; returns how many roles were taken."""
    with write_transaction(engine) as connection:
        demo_ids = _demo_ids(connection)
        connection.execute(delete(accounts.web_sessions).where(accounts.web_sessions.c.user_id.in_(demo_ids)))
        taken = connection.execute(delete(accounts.grants).where(accounts.grants.c.user_id.in_(demo_ids)))
    return int(taken.rowcount or 0)
