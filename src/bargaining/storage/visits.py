"""What the web's gate asks of the database on every request, asked together: who the session is, their
role on the case the page is about, and the version of that case's record. One connection, one read
transaction (so on SQLite the three answers are of one moment of the database), two statements."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bargaining.storage.accounts import Account, Role, session_on
from bargaining.storage.catalog import Version, version_on
from bargaining.storage.database import reading


@dataclass(frozen=True)
class Visit:
    account: Account | None  # None: no live session (the public)
    csrf: str | None  # the session's CSRF token
    role: Role | None  # the account's role on the case; None: no grant there (or no account, no case)
    version: Version | None  # the case's version; None: no such case, or no case asked about


def visit(engine: Engine, token: str | None, case_id: str | None, *, demo: bool) -> Visit:
    """The session behind ``token`` (if any) and, for ``case_id``, the role and the case's version."""
    with reading(engine) as connection:
        found = session_on(connection, token, demo=demo, case_id=case_id) if token else None
        version = version_on(connection, case_id) if case_id is not None else None
    if found is None:
        return Visit(None, None, None, version)
    account, csrf, role = found
    return Visit(account, csrf, role, version)
