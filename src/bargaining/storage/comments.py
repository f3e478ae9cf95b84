"""Public comments on a case's proposals and the case admins' moderation queue (the tables are made by
migration 0002; storage/accounts.py re-exports these names)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)

from bargaining.storage.database import insert_row, reading, write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.eventlog import now, utc
from bargaining.storage.schema import metadata, users

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.id"), nullable=False, index=True),
    Column("proposal_id", String(128), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("hidden", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

comment_reports = Table(
    "comment_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("comment_id", Integer, ForeignKey("comments.id"), nullable=False, index=True),
    # None: reported by someone without an account (migration 0009); throttled per address instead.
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("reason", Text, nullable=False),
    Column("resolved", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Comment:
    id: int
    case_id: str
    proposal_id: str
    author: str
    text: str
    hidden: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class Report:
    id: int
    comment: Comment
    reporter: str
    reason: str


def _row_id(value: int) -> bool:
    """Whether ``value`` can be a row id at all (SQLite and PostgreSQL bind at most a signed 64-bit one)."""
    return 0 < value < 2**63


def add_comment(engine: Engine, case_id: str, proposal_id: str, user_id: int, text: str) -> int:
    text = text.strip()
    if not text or len(text) > 4000:
        raise StorageError("a comment needs 1 to 4000 characters")
    return insert_row(
        engine,
        comments,
        case_id=case_id,
        proposal_id=proposal_id,
        user_id=user_id,
        text=text,
        hidden=False,
        created_at=now(),
    )


def _comment(row: Any) -> Comment:
    return Comment(row.id, row.case_id, row.proposal_id, row.name, row.text, row.hidden, utc(row.created_at))


def comments_on(engine: Engine, case_id: str, *, include_hidden: bool = False) -> list[Comment]:
    query = (
        select(comments, users.c.name)
        .join(users, users.c.id == comments.c.user_id)
        .where(comments.c.case_id == case_id)
    )
    if not include_hidden:
        query = query.where(comments.c.hidden.is_(False))
    with reading(engine) as connection:
        return [_comment(r) for r in connection.execute(query.order_by(comments.c.id))]


ANONYMOUS_REPORTER = "a visitor without an account"
REASON_LENGTH = 1_000


def report_comment(engine: Engine, case_id: str, comment_id: int, user_id: int | None, reason: str) -> bool:
    """Put a comment in the case admins' moderation queue, reported by an account or (``user_id`` None) by
    anyone; False when there is no such comment."""
    if not _row_id(comment_id):
        return False
    with write_transaction(engine) as connection:
        found = connection.execute(
            select(comments.c.id).where(comments.c.id == comment_id, comments.c.case_id == case_id)
        ).first()
        if found is None:
            return False
        connection.execute(
            insert(comment_reports).values(
                comment_id=comment_id,
                user_id=user_id,
                reason=reason.strip()[:REASON_LENGTH] or "no reason given",
                resolved=False,
                created_at=now(),
            )
        )
    return True


def moderation_queue(engine: Engine, case_id: str) -> list[Report]:
    reporter = users.alias("reporter")
    author = users.alias("author")
    query = (
        select(
            comment_reports.c.id.label("report_id"),
            comment_reports.c.reason,
            comments.c.id,
            comments.c.case_id,
            comments.c.proposal_id,
            comments.c.text,
            comments.c.hidden,
            comments.c.created_at,
            author.c.name,
            reporter.c.name.label("reporter_name"),
        )
        .join(comments, comments.c.id == comment_reports.c.comment_id)
        .join(author, author.c.id == comments.c.user_id)
        .outerjoin(reporter, reporter.c.id == comment_reports.c.user_id)
        .where(comments.c.case_id == case_id, comment_reports.c.resolved.is_(False))
        .order_by(comment_reports.c.id)
    )
    with reading(engine) as connection:
        rows = connection.execute(query).all()
    return [Report(r.report_id, _comment(r), r.reporter_name or ANONYMOUS_REPORTER, r.reason) for r in rows]


def moderate(engine: Engine, case_id: str, report_id: int, hide: bool) -> bool:
    """Resolve a report, hiding its comment or keeping it; False when there is no such open report."""
    if not _row_id(report_id):
        return False
    with write_transaction(engine) as connection:
        row = connection.execute(
            select(comment_reports.c.comment_id)
            .join(comments, comments.c.id == comment_reports.c.comment_id)
            .where(comment_reports.c.id == report_id, comments.c.case_id == case_id)
        ).first()
        if row is None:
            return False
        connection.execute(
            update(comment_reports)
            .where(comment_reports.c.comment_id == row.comment_id)
            .values(resolved=True)
        )
        if hide:
            connection.execute(update(comments).where(comments.c.id == row.comment_id).values(hidden=True))
    return True
