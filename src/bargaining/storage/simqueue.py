"""The queue of simulation runs started from the web workbench, shared by every server process.

Runs are queued per person and per case, each bounded, and started in turn: the next run to start belongs
to whoever was served least recently (round-robin between people), oldest first within a person. So one
person resubmitting as fast as runs finish cannot keep anyone else waiting for more than one run per other
person ahead of them (S10 of issue 10). The order of starts is a counter, not a clock: deterministic.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    or_,
    select,
    update,
)

from bargaining.storage.database import reading, write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.eventlog import now, utc
from bargaining.storage.schema import metadata

# A running run whose process has said nothing for this long died with its process.
STALE = dt.timedelta(minutes=10)

simulation_runs = Table(
    "simulation_runs",
    metadata,
    Column("seq", Integer, primary_key=True),
    Column("token", String(32), nullable=False, unique=True),
    Column("case_id", String(64), ForeignKey("cases.id"), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("runs", Integer, nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("done", Integer, nullable=False),
    Column("start_order", Integer, nullable=True),
    Column("summary", Text, nullable=True),
    Column("error", Text, nullable=True),
    Column("queued_at", DateTime(timezone=True), nullable=False),
    Column("heard_at", DateTime(timezone=True), nullable=False),
    Column("as_of", Date, nullable=True),  # the replayed day the run takes the case on (migration 0010)
)


class QueueFull(StorageError):
    """A run refused by a bound of the queue (the web answers 429)."""


@dataclass(frozen=True)
class Limits:
    per_user: int  # runs of one person queued or running
    per_case: int  # runs on one case queued or running
    total: int  # runs queued or running in the whole workspace


@dataclass(frozen=True)
class QueuedRun:
    id: str
    case_id: str
    role: str
    user_id: int
    runs: int
    seed: int
    status: str  # queued, running, done, failed
    done: int
    summary: dict[str, Any] | None
    error: str | None
    as_of: dt.date | None = None  # the case as it stood on this day (None: as it stands)


def _run(row: Any, at: dt.datetime) -> QueuedRun:
    status, error = row.status, row.error
    if status == "running" and at - utc(row.heard_at) > STALE:
        status, error = "failed", "the server stopped during the run; start it again"
    summary = json.loads(row.summary) if row.summary else None
    return QueuedRun(
        row.token,
        row.case_id,
        row.role,
        row.user_id,
        row.runs,
        row.seed,
        status,
        row.done,
        summary,
        error,
        row.as_of,
    )


def _outstanding(at: dt.datetime) -> Any:
    return or_(
        simulation_runs.c.status == "queued",
        (simulation_runs.c.status == "running") & (simulation_runs.c.heard_at >= at - STALE),
    )


def enqueue(
    engine: Engine,
    case_id: str,
    role: str,
    user_id: int,
    runs: int,
    seed: int,
    limits: Limits,
    as_of: dt.date | None = None,
) -> QueuedRun:
    """Queue a run (of the case as it stood on ``as_of``, when given), or raise QueueFull naming the bound
    it would break."""
    at = now()
    with write_transaction(engine) as connection:
        counts = connection.execute(
            select(
                func.count(),
                func.count().filter(simulation_runs.c.user_id == user_id),
                func.count().filter(simulation_runs.c.case_id == case_id),
            ).where(_outstanding(at))
        ).one()
        total, mine, case = counts
        if mine >= limits.per_user:
            raise QueueFull(
                f"you have {mine} simulations waiting or running (at most {limits.per_user}); "
                "wait for one to finish"
            )
        if case >= limits.per_case:
            raise QueueFull(
                f"{case} simulations of this case are waiting or running (at most {limits.per_case}); "
                "try again in a minute"
            )
        if total >= limits.total:
            raise QueueFull(f"{total} simulations are waiting or running; try again in a minute")
        token = secrets.token_hex(8)
        connection.execute(
            insert(simulation_runs).values(
                token=token,
                case_id=case_id,
                role=role,
                user_id=user_id,
                runs=runs,
                seed=seed,
                status="queued",
                done=0,
                queued_at=at,
                heard_at=at,
                as_of=as_of,
            )
        )
    return QueuedRun(token, case_id, role, user_id, runs, seed, "queued", 0, None, None, as_of)


def claim_next(engine: Engine) -> QueuedRun | None:
    """Mark the next run to start as running and return it (None when nothing waits).

    Next: among the people with a queued run, the one whose last start is oldest (never started: first);
    ties and runs within a person in the order queued.
    """
    at = now()
    with write_transaction(engine) as connection:
        queued = connection.execute(
            select(simulation_runs.c.seq, simulation_runs.c.user_id)
            .where(simulation_runs.c.status == "queued")
            .order_by(simulation_runs.c.seq)
        ).all()
        if not queued:
            return None
        served = dict(
            connection.execute(
                select(simulation_runs.c.user_id, func.max(simulation_runs.c.start_order))
                .where(simulation_runs.c.start_order.is_not(None))
                .group_by(simulation_runs.c.user_id)
            ).all()
        )
        chosen = min(queued, key=lambda r: (served.get(r.user_id, 0), r.seq))
        last = connection.execute(select(func.max(simulation_runs.c.start_order))).scalar()
        connection.execute(
            update(simulation_runs)
            .where(simulation_runs.c.seq == chosen.seq)
            .values(status="running", start_order=(last or 0) + 1, heard_at=at)
        )
        row = connection.execute(select(simulation_runs).where(simulation_runs.c.seq == chosen.seq)).one()
    return _run(row, at)


def progress(engine: Engine, run_id: str, done: int) -> None:
    with write_transaction(engine) as connection:
        connection.execute(
            update(simulation_runs).where(simulation_runs.c.token == run_id).values(done=done, heard_at=now())
        )


def finish(engine: Engine, run_id: str, summary: dict[str, Any] | None, error: str | None) -> None:
    """Store a run's summary (done) or why it failed."""
    values: dict[str, Any] = {"heard_at": now()}
    if error is None:
        values.update(status="done", summary=json.dumps(summary, allow_nan=False))
    else:
        values.update(status="failed", error=error)
    with write_transaction(engine) as connection:
        connection.execute(update(simulation_runs).where(simulation_runs.c.token == run_id).values(**values))


def runs_of(engine: Engine, case_id: str, role: str, limit: int = 50) -> list[QueuedRun]:
    """A role's runs on a case, newest first."""
    at = now()
    with reading(engine) as connection:
        rows = connection.execute(
            select(simulation_runs)
            .where(simulation_runs.c.case_id == case_id, simulation_runs.c.role == role)
            .order_by(simulation_runs.c.seq.desc())
            .limit(limit)
        ).all()
    return [_run(r, at) for r in rows]


def run_of(engine: Engine, case_id: str, role: str, run_id: str) -> QueuedRun | None:
    with reading(engine) as connection:
        row = connection.execute(
            select(simulation_runs).where(
                simulation_runs.c.token == run_id,
                simulation_runs.c.case_id == case_id,
                simulation_runs.c.role == role,
            )
        ).first()
    return _run(row, now()) if row is not None else None
