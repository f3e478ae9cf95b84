"""What the web workbench adds to a case beyond its files: proposals passed at the table or sent by the
mediator, and blind bidding (each side's confidential bids, and the outcomes the mediator ran).

A case's files are append-only and covered by the anchor hash, so a proposal made in the workbench lives in
``table_proposals``; the web adds it to the case's proposals when it loads the case. A side's draft passed at
the table is stored together with its ``proposal_passed`` event in one transaction, and the event's note
carries the sha256 of the proposal's canonical JSON. Every row here is append-only and linked into the
record's chain (links.py) as it is written. Made by migration 0003; guarded and chained by 0005.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
)

from bargaining.model import SIDES
from bargaining.storage.chain import canonical_json, sha256_hex, to_json_value
from bargaining.storage.database import reading, write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.eventlog import NewEvent, append_in, now, utc
from bargaining.storage.links import insert_linked, lock_case
from bargaining.storage.schema import metadata

table_proposals = Table(
    "table_proposals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.id"), nullable=False, index=True),
    Column("proposal_id", String(128), nullable=False),
    Column("party", String(16), nullable=False),
    Column("content", Text, nullable=False),  # the proposal as in case.yaml, canonical JSON
    Column("draft_id", Integer, nullable=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("case_id", "proposal_id"),
    CheckConstraint("party IN ('employer', 'union', 'mediator')", name="party_known"),
)

blind_bids = Table(
    "blind_bids",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.id"), nullable=False, index=True),
    Column("party", String(16), nullable=False),
    Column("issue", String(128), nullable=False),
    Column("bids", Text, nullable=False),  # JSON list, one bid a round
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("party IN ('employer', 'union')", name="party_side"),
)

blind_results = Table(
    "blind_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.id"), nullable=False, index=True),
    Column("issue", String(128), nullable=False),
    Column("settled", Boolean, nullable=False),
    Column("value", Float, nullable=True),
    Column("rounds", Integer, nullable=False),
    Column("settled_in", Integer, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class TableProposal:
    id: int
    proposal_id: str
    party: str
    content: dict[str, Any]
    created_at: dt.datetime
    draft_id: int | None = None  # the team draft it was passed from, if any


@dataclass(frozen=True)
class BlindOutcome:
    """What blind bidding revealed: overlap or not, and the midpoint when they overlapped. No bids."""

    id: int
    issue: str
    settled: bool
    value: float | None
    rounds: int
    settled_in: int | None
    created_at: dt.datetime


def digest(content: Mapping[str, Any]) -> str:
    """sha256 of the proposal's canonical JSON (as docs/storage.md defines it for events)."""
    return sha256_hex(canonical_json(to_json_value(dict(content), "proposal")).encode("utf-8"))


def _insert(
    connection: Connection,
    case_id: str,
    content: Mapping[str, Any],
    draft_id: int | None,
    user_id: int | None,
) -> None:
    # Under the case's lock, so that two passes at once take turns and the second is told why it fails.
    lock_case(connection, case_id)
    proposal_id = str(content["id"])
    taken = select(table_proposals.c.proposal_id).where(table_proposals.c.case_id == case_id)
    if connection.execute(taken.where(table_proposals.c.proposal_id == proposal_id)).first() is not None:
        raise StorageError(f"proposal {proposal_id!r} is already in the case; reload the page and try again")
    if draft_id is not None:
        passed = connection.execute(taken.where(table_proposals.c.draft_id == draft_id)).scalar_one_or_none()
        if passed is not None:
            raise StorageError(f"draft {draft_id} was already passed at the table as {passed}")
    insert_linked(
        connection,
        table_proposals,
        case_id,
        proposal_id=proposal_id,
        party=str(content["party"]),
        content=canonical_json(to_json_value(dict(content), "proposal")),
        draft_id=draft_id,
        user_id=user_id,
        created_at=now(),
    )


def add_proposal(engine: Engine, case_id: str, content: Mapping[str, Any], user_id: int | None) -> None:
    """A proposal with no event of its own (the mediator's, sent to both sides)."""
    with write_transaction(engine) as connection:
        _insert(connection, case_id, content, None, user_id)


def pass_proposal(
    engine: Engine,
    case_id: str,
    content: Mapping[str, Any],
    event: NewEvent,
    draft_id: int | None,
    user_id: int | None,
) -> int:
    """The proposal and the event passing it, in one transaction; returns the event's number."""
    with write_transaction(engine) as connection:
        _insert(connection, case_id, content, draft_id, user_id)
        (stored,) = append_in(connection, case_id, [event])
    return stored.seq


def proposals_of(connection: Connection | Engine, case_id: str) -> list[TableProposal]:
    query = select(table_proposals).where(table_proposals.c.case_id == case_id).order_by(table_proposals.c.id)
    if isinstance(connection, Engine):
        with reading(connection) as opened:
            rows = opened.execute(query).all()
    else:
        rows = connection.execute(query).all()
    return [
        TableProposal(r.id, r.proposal_id, r.party, json.loads(r.content), utc(r.created_at), r.draft_id)
        for r in rows
    ]


def submit_bids(engine: Engine, case_id: str, party: str, issue: str, bids: list[float]) -> int:
    """A side's confidential bids on one issue (the latest submission counts)."""
    if party not in SIDES:
        raise StorageError(f"only a side ({', '.join(SIDES)}) bids, not {party!r}")
    with write_transaction(engine) as connection:
        return insert_linked(
            connection, blind_bids, case_id, party=party, issue=issue, bids=json.dumps(bids), created_at=now()
        )


def bids_of(engine: Engine, case_id: str, party: str) -> dict[str, tuple[float, ...]]:
    """A side's latest bids per issue. Only for that side's own eyes and for running the bidding."""
    with reading(engine) as connection:
        rows = connection.execute(
            select(blind_bids.c.issue, blind_bids.c.bids)
            .where(blind_bids.c.case_id == case_id, blind_bids.c.party == party)
            .order_by(blind_bids.c.id)
        ).all()
    return {issue: tuple(float(b) for b in json.loads(bids)) for issue, bids in rows}


def record_outcome(
    engine: Engine,
    case_id: str,
    issue: str,
    settled: bool,
    value: float | None,
    rounds: int,
    settled_in: int | None,
) -> int:
    with write_transaction(engine) as connection:
        return insert_linked(
            connection,
            blind_results,
            case_id,
            issue=issue,
            settled=settled,
            value=value,
            rounds=rounds,
            settled_in=settled_in,
            created_at=now(),
        )


def outcomes_of(engine: Engine, case_id: str) -> list[BlindOutcome]:
    with reading(engine) as connection:
        rows = connection.execute(
            select(blind_results).where(blind_results.c.case_id == case_id).order_by(blind_results.c.id)
        ).all()
    return [
        BlindOutcome(r.id, r.issue, r.settled, r.value, r.rounds, r.settled_in, utc(r.created_at))
        for r in rows
    ]
