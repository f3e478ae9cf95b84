"""Steps waiting for the other side's confirmation before they enter the record.

A joint step (a settlement, a tentative agreement) or a step that would publish the other side's material
is asked for by one party and recorded only when the party named in ``confirm_by`` confirms it; declined,
it never enters the record. Confirming appends the event in the same transaction that closes the request,
so a step is recorded once or not at all. Who must confirm is decided by the web's policy; this module
only keeps the requests. Made by migration 0006.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    select,
    update,
)

from bargaining.storage.chain import canonical_json
from bargaining.storage.database import insert_row, reading, write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.eventlog import NewEvent, append_in, now, utc
from bargaining.storage.schema import metadata

Status = Literal["pending", "confirmed", "declined"]
PARTIES = ("employer", "union", "mediator")

pending_steps = Table(
    "pending_steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.id"), nullable=False, index=True),
    Column("type", String(64), nullable=False),
    Column("date", Date, nullable=False),
    Column("payload", Text, nullable=False),
    Column("supersedes", Integer, nullable=True),
    Column("asked_by", String(16), nullable=False),
    Column("confirm_by", String(16), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("event_seq", Integer, nullable=True),
    CheckConstraint("asked_by IN ('employer', 'union', 'mediator')", name="asked_by_known"),
    CheckConstraint("confirm_by IN ('employer', 'union', 'mediator')", name="confirm_by_known"),
    CheckConstraint("status IN ('pending', 'confirmed', 'declined')", name="status_known"),
)


@dataclass(frozen=True)
class PendingStep:
    id: int
    case_id: str
    event: NewEvent
    asked_by: str
    confirm_by: str
    created_at: dt.datetime
    status: Status
    event_seq: int | None


def ask(
    engine: Engine, case_id: str, event: NewEvent, asked_by: str, confirm_by: str, user_id: int | None
) -> int:
    """Keep a step until ``confirm_by`` confirms or declines it; returns the request's number."""
    if asked_by not in PARTIES or confirm_by not in PARTIES or asked_by == confirm_by:
        raise StorageError(f"a step asked by the {asked_by} cannot wait for the {confirm_by}")
    problems = event.problems()
    if problems:
        raise StorageError("; ".join(problems))
    return insert_row(
        engine,
        pending_steps,
        case_id=case_id,
        type=event.type,
        date=event.date,
        payload=canonical_json(event.payload_json()),
        supersedes=event.supersedes,
        asked_by=asked_by,
        confirm_by=confirm_by,
        user_id=user_id,
        created_at=now(),
        status="pending",
    )


def steps_of(engine: Engine, case_id: str, *, open_only: bool = True) -> list[PendingStep]:
    query = select(pending_steps).where(pending_steps.c.case_id == case_id).order_by(pending_steps.c.id)
    if open_only:
        query = query.where(pending_steps.c.status == "pending")
    with reading(engine) as connection:
        return [_step(row) for row in connection.execute(query).mappings()]


def decide(engine: Engine, case_id: str, step_id: int, party: str, confirm: bool) -> PendingStep:
    """``party`` confirms (the event is appended) or declines an open step it was asked to confirm."""
    with write_transaction(engine) as connection:
        row = (
            connection.execute(
                select(pending_steps).where(pending_steps.c.case_id == case_id, pending_steps.c.id == step_id)
            )
            .mappings()
            .first()
        )
        if row is None or row["confirm_by"] != party:
            raise StorageError(f"no step {step_id} waits for the {party}'s confirmation in case {case_id!r}")
        if row["status"] != "pending":
            raise StorageError(f"step {step_id} was already {row['status']}")
        step = _step(row)
        seq = append_in(connection, case_id, [step.event])[0].seq if confirm else None
        connection.execute(
            update(pending_steps)
            .where(pending_steps.c.id == step_id)
            .values(status="confirmed" if confirm else "declined", decided_at=now(), event_seq=seq)
        )
    return PendingStep(
        step.id, case_id, step.event, step.asked_by, step.confirm_by, step.created_at,
        "confirmed" if confirm else "declined", seq,
    )  # fmt: skip


def _step(row: Any) -> PendingStep:
    payload: dict[str, Any] = json.loads(row["payload"])
    event = NewEvent(row["type"], row["date"], payload, row["supersedes"])
    return PendingStep(
        row["id"], row["case_id"], event, row["asked_by"], row["confirm_by"], utc(row["created_at"]),
        row["status"], row["event_seq"],
    )  # fmt: skip
