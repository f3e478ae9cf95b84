"""What the workspace holds, for the faces: the cases, the version of a case's record, the account names.

The web and the CLI ask these questions here rather than writing queries: the database library stays in
storage (import-linter's contract)."""

from __future__ import annotations

from sqlalchemy import Engine, bindparam, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from bargaining.storage.database import reading
from bargaining.storage.schema import cases, events, users
from bargaining.storage.tablework import blind_results, table_proposals

DatabaseError = DBAPIError  # what the driver raises; the CLI turns it into a message

Version = tuple[int, str, tuple[int, int]]  # events, head hash, (table proposals, blind outcomes)


# The web asks these on every request: built once, so that a request pays for one round trip only.
_CASES = select(cases.c.id, cases.c.title, cases.c.jurisdiction).order_by(cases.c.id)
_VERSION = select(
    cases.c.id,
    select(func.count()).where(events.c.case_id == cases.c.id).scalar_subquery(),
    select(events.c.hash)
    .where(events.c.case_id == cases.c.id)
    .order_by(events.c.seq.desc())
    .limit(1)
    .scalar_subquery(),
    select(func.count()).where(table_proposals.c.case_id == cases.c.id).scalar_subquery(),
    select(func.count()).where(blind_results.c.case_id == cases.c.id).scalar_subquery(),
).where(cases.c.id == bindparam("case_id"))


def case_list(engine: Engine) -> list[dict[str, str]]:
    """Every case's id, title and jurisdiction, by id."""
    with reading(engine) as connection:
        rows = connection.execute(_CASES)
        return [{"id": r.id, "title": r.title, "jurisdiction": r.jurisdiction} for r in rows]


def case_ids(engine: Engine) -> list[str]:
    with reading(engine) as connection:
        return [case_id for (case_id,) in connection.execute(select(cases.c.id).order_by(cases.c.id))]


def user_names(engine: Engine) -> set[str]:
    with reading(engine) as connection:
        return {name for (name,) in connection.execute(select(users.c.name))}


def case_version(engine: Engine, case_id: str) -> Version | None:
    """What changes whenever the case does (a new event, a proposal passed in the workbench, a blind
    outcome); None when there is no such case. One query."""
    with reading(engine) as connection:
        return version_on(connection, case_id)


def version_on(connection: Connection, case_id: str) -> Version | None:
    """``case_version`` on a connection the caller holds."""
    row = connection.execute(_VERSION, {"case_id": case_id}).first()
    if row is None:
        return None
    _, count, last, passed, outcomes = row
    return int(count), str(last or ""), (int(passed), int(outcomes))
