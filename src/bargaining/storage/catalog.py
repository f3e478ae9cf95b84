"""What the workspace holds, for the faces: the cases, the version of a case's record, the account names.

The web and the CLI ask these questions here rather than writing queries: the database library stays in
storage (import-linter's contract)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError

from bargaining.storage import tablework
from bargaining.storage.schema import cases, events, users

DatabaseError = DBAPIError  # what the driver raises; the CLI turns it into a message

Version = tuple[int, str, tuple[int, int]]  # events, head hash, (table proposals, blind outcomes)


def case_list(engine: Engine) -> list[dict[str, str]]:
    """Every case's id, title and jurisdiction, by id."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(cases.c.id, cases.c.title, cases.c.jurisdiction).order_by(cases.c.id)
        )
        return [{"id": r.id, "title": r.title, "jurisdiction": r.jurisdiction} for r in rows]


def case_ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [case_id for (case_id,) in connection.execute(select(cases.c.id).order_by(cases.c.id))]


def user_names(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return {name for (name,) in connection.execute(select(users.c.name))}


def case_version(engine: Engine, case_id: str) -> Version | None:
    """What changes whenever the case does (a new event, a proposal passed in the workbench, a blind
    outcome); None when there is no such case."""
    with engine.connect() as connection:
        if connection.execute(select(cases.c.id).where(cases.c.id == case_id)).first() is None:
            return None
        count, head = connection.execute(
            select(func.count(), func.max(events.c.seq)).where(events.c.case_id == case_id)
        ).one()
        last = connection.execute(
            select(events.c.hash).where(events.c.case_id == case_id, events.c.seq == head)
        ).scalar_one_or_none()
        added = tablework.version(connection, case_id)
    return int(count), str(last or ""), added
