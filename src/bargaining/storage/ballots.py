"""The members' secret ballot: strike authorization, ratification and surveys (issue 16 item 3).

What is stored, and what is not (docs/ballots.md): a ballot's question, choices, window, threshold and
eligible count; one SHA-256 hash per one-time credential with a used flag, shuffled so that row order does
not follow the roster; one counter per choice; one SHA-256 hash per receipt. No member id, no vote row, no
time of voting. Casting a vote marks the credential used, adds one to the chosen counter and stores the
receipt's hash in one transaction, so either all three happen or none. The clock is always passed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import (
    Boolean,
    CheckConstraint,
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

from bargaining.storage.chain import StoredEvent
from bargaining.storage.database import reading, write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.eventlog import NewEvent, append_event, read_events, utc
from bargaining.storage.schema import cases, metadata

KINDS = ("strike_authorization", "ratification", "survey")
# The share of votes cast the first choice needs, and whether reaching it exactly is enough.
THRESHOLDS: dict[str, tuple[Fraction, bool]] = {
    "majority": (Fraction(1, 2), False),  # more than half
    "two-thirds": (Fraction(2, 3), True),  # at least two thirds
}

ballots = Table(
    "ballots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("question", Text, nullable=False),
    Column("choices", Text, nullable=False),  # JSON list of the choices' words, in order
    Column("threshold", String(16), nullable=True),  # None for a survey
    Column("opens_at", DateTime(timezone=True), nullable=False),
    Column("closes_at", DateTime(timezone=True), nullable=False),
    Column("eligible", Integer, nullable=False),
    Column("groups", Text, nullable=True),  # a survey's groups (JSON list), each member saying theirs
    CheckConstraint("eligible >= 1", name="eligible_positive"),
)

ballot_credentials = Table(
    "ballot_credentials",
    metadata,
    Column("hash", String(64), primary_key=True),  # sha256 of the credential; the credential is not kept
    Column("ballot_id", Integer, ForeignKey("ballots.id"), nullable=False, index=True),
    Column("used", Boolean, nullable=False),
)

ballot_counts = Table(
    "ballot_counts",
    metadata,
    Column("ballot_id", Integer, ForeignKey("ballots.id"), primary_key=True),
    Column("choice", Integer, primary_key=True, autoincrement=False),
    Column("votes", Integer, nullable=False),
)

# A survey's answers per group: one counter per (group, choice). The group is said by the voter when voting
# and is stored nowhere else; no row names a credential.
ballot_group_counts = Table(
    "ballot_group_counts",
    metadata,
    Column("ballot_id", Integer, ForeignKey("ballots.id"), primary_key=True),
    Column("group_index", Integer, primary_key=True, autoincrement=False),
    Column("choice", Integer, primary_key=True, autoincrement=False),
    Column("votes", Integer, nullable=False),
)

ballot_receipts = Table(
    "ballot_receipts",
    metadata,
    Column("hash", String(64), primary_key=True),  # sha256 of the receipt code given to the voter
    Column("ballot_id", Integer, ForeignKey("ballots.id"), nullable=False, index=True),
)


class BallotRefused(StorageError):
    """A ballot, vote or count the rules refuse; ``str()`` says why."""


@dataclass(frozen=True)
class Ballot:
    id: int
    case_id: str
    kind: str
    question: str
    choices: tuple[str, ...]
    threshold: str | None
    opens_at: dt.datetime
    closes_at: dt.datetime
    eligible: int
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Opened:
    """A new ballot and each member's credential: shown once to the admin who delivers them, never stored."""

    ballot: Ballot
    credentials: tuple[tuple[str, str], ...]  # (member id, credential)


@dataclass(frozen=True)
class Result:
    ballot: Ballot
    votes: tuple[int, ...]  # per choice, in the ballot's order

    @property
    def cast(self) -> int:
        return sum(self.votes)

    @property
    def turnout(self) -> Fraction:
        return Fraction(self.cast, self.ballot.eligible)

    @property
    def passed(self) -> bool | None:
        """Whether the first choice reached the threshold of votes cast; None for a survey."""
        if self.ballot.threshold is None:
            return None
        if self.cast == 0:
            return False
        share, inclusive = THRESHOLDS[self.ballot.threshold]
        first = Fraction(self.votes[0], self.cast)
        return first >= share if inclusive else first > share


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode()).hexdigest()


def open_ballot(
    engine: Engine,
    case_id: str,
    *,
    kind: str,
    question: str,
    choices: Sequence[str],
    threshold: str | None,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    members: Sequence[str],
    groups: Sequence[str] = (),
) -> Opened:
    """Store a ballot with one credential per eligible member (the unit's roster ids). A survey may name
    groups (e.g. the roster's roles): each respondent then says theirs, and answers are counted per group."""
    if kind not in KINDS:
        raise BallotRefused(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
    named = [g.strip() for g in groups]
    if named and (kind != "survey" or any(not g for g in named) or len(set(named)) != len(named)):
        raise BallotRefused("groups: only a survey has groups, each named once")
    if kind == "survey":
        if threshold is not None:
            raise BallotRefused("a survey has no threshold")
    elif threshold not in THRESHOLDS:
        raise BallotRefused(f"threshold {threshold!r}: expected one of {', '.join(THRESHOLDS)}")
    words = [c.strip() for c in choices]
    if len(words) < 2 or any(not w for w in words) or len(set(words)) != len(words):
        raise BallotRefused("choices: expected at least two different, non-empty choices")
    if not question.strip():
        raise BallotRefused("question: expected the question the members answer")
    if utc(closes_at) <= utc(opens_at):
        raise BallotRefused("the ballot must close after it opens")
    eligible = sorted(set(members))
    if not eligible:
        raise BallotRefused("no eligible members: the roster holds no member ids")
    issued = [(member, secrets.token_urlsafe(32)) for member in eligible]
    hashes = [_digest(credential) for _, credential in issued]
    # Rows in a random order: insertion order (SQLite's rowid) must not follow the sorted roster.
    secrets.SystemRandom().shuffle(hashes)
    with write_transaction(engine) as connection:
        if connection.execute(select(cases.c.id).where(cases.c.id == case_id)).first() is None:
            raise BallotRefused(f"no case {case_id!r} in the database")
        ballot_id = int(
            connection.execute(
                insert(ballots)
                .values(
                    case_id=case_id, kind=kind, question=question.strip(), choices=json.dumps(words),
                    threshold=threshold, opens_at=utc(opens_at), closes_at=utc(closes_at),
                    eligible=len(eligible), groups=json.dumps(named) if named else None,
                )
                .returning(ballots.c.id)
            ).scalar_one()
        )  # fmt: skip
        connection.execute(
            insert(ballot_credentials), [{"hash": h, "ballot_id": ballot_id, "used": False} for h in hashes]
        )
        connection.execute(
            insert(ballot_counts),
            [{"ballot_id": ballot_id, "choice": i, "votes": 0} for i in range(len(words))],
        )
        if named:
            connection.execute(
                insert(ballot_group_counts),
                [
                    {"ballot_id": ballot_id, "group_index": g, "choice": i, "votes": 0}
                    for g in range(len(named))
                    for i in range(len(words))
                ],
            )
    return Opened(find_ballot(engine, ballot_id), tuple(issued))


def find_ballot(engine: Engine, ballot_id: int) -> Ballot:
    with reading(engine) as connection:
        row = connection.execute(select(ballots).where(ballots.c.id == ballot_id)).first()
    if row is None:
        raise BallotRefused(f"no ballot {ballot_id} in the database")
    return Ballot(
        row.id, row.case_id, row.kind, row.question, tuple(json.loads(row.choices)), row.threshold,
        utc(row.opens_at), utc(row.closes_at), row.eligible, tuple(json.loads(row.groups or "[]")),
    )  # fmt: skip


def cast_vote(
    engine: Engine, ballot_id: int, credential: str, choice: str, at: dt.datetime, group: str | None = None
) -> str:
    """Count one vote and return the voter's receipt code. Refused before the window opens, after it
    closes, for an unknown choice or group and for an unknown or already used credential."""
    ballot = find_ballot(engine, ballot_id)
    if choice not in ballot.choices:
        raise BallotRefused(f"choice {choice!r}: expected one of {', '.join(ballot.choices)}")
    if ballot.groups and group not in ballot.groups:
        raise BallotRefused(f"group {group!r}: expected one of {', '.join(ballot.groups)}")
    when = utc(at)
    if when < ballot.opens_at:
        raise BallotRefused(
            f"ballot {ballot_id} opens at {ballot.opens_at:%Y-%m-%d %H:%M} UTC; no vote before"
        )
    if when >= ballot.closes_at:
        raise BallotRefused(f"ballot {ballot_id} closed at {ballot.closes_at:%Y-%m-%d %H:%M} UTC")
    # Hex, never base64: a receipt starting with "-" reads as an option to `bargain ballot verify-receipt`.
    receipt = secrets.token_hex(16)
    key = _digest(credential)
    with write_transaction(engine) as connection:
        # One UPDATE that only succeeds on an unused credential: two votes racing with the same credential
        # cannot both see it unused.
        marked = connection.execute(
            update(ballot_credentials)
            .where(
                ballot_credentials.c.hash == key,
                ballot_credentials.c.ballot_id == ballot_id,
                ballot_credentials.c.used.is_(False),
            )
            .values(used=True)
        ).rowcount
        if marked != 1:
            raise BallotRefused("this credential is unknown or has already voted; nothing was counted")
        connection.execute(
            update(ballot_counts)
            .where(
                ballot_counts.c.ballot_id == ballot_id, ballot_counts.c.choice == ballot.choices.index(choice)
            )
            .values(votes=ballot_counts.c.votes + 1)
        )
        if ballot.groups and group is not None:
            connection.execute(
                update(ballot_group_counts)
                .where(
                    ballot_group_counts.c.ballot_id == ballot_id,
                    ballot_group_counts.c.group_index == ballot.groups.index(group),
                    ballot_group_counts.c.choice == ballot.choices.index(choice),
                )
                .values(votes=ballot_group_counts.c.votes + 1)
            )
        connection.execute(insert(ballot_receipts).values(hash=_digest(receipt), ballot_id=ballot_id))
    return receipt


def receipt_counted(engine: Engine, ballot_id: int, receipt: str) -> bool:
    """Whether a vote with this receipt was counted in this ballot (not which choice it was)."""
    with reading(engine) as connection:
        found = connection.execute(
            select(ballot_receipts.c.hash).where(
                ballot_receipts.c.hash == _digest(receipt), ballot_receipts.c.ballot_id == ballot_id
            )
        ).first()
    return found is not None


def results(engine: Engine, ballot_id: int, at: dt.datetime) -> Result:
    """The totals per choice, only once the window has closed."""
    ballot = find_ballot(engine, ballot_id)
    if utc(at) < ballot.closes_at:
        raise BallotRefused(
            f"ballot {ballot_id} is open until {ballot.closes_at:%Y-%m-%d %H:%M} UTC; "
            "no counts before it closes"
        )
    with reading(engine) as connection:
        rows = connection.execute(
            select(ballot_counts.c.votes)
            .where(ballot_counts.c.ballot_id == ballot_id)
            .order_by(ballot_counts.c.choice)
        ).all()
    return Result(ballot, tuple(int(r.votes) for r in rows))


# The kinds whose totals go to the case's record when published; a survey's stay with the union.
RECORDED = ("strike_authorization", "ratification")


def publish_results(engine: Engine, ballot_id: int, at: dt.datetime) -> StoredEvent:
    """Put the closed ballot's totals in the case's record as a ``ballot_result`` event by the union, dated
    the day they are published. Refused before the ballot closes, for a survey and when already published."""
    result = results(engine, ballot_id, at)
    ballot = result.ballot
    if ballot.kind not in RECORDED:
        raise BallotRefused(f"ballot {ballot_id} is a {ballot.kind}: its results stay with the union")
    published = [
        e
        for e in read_events(engine, ballot.case_id)
        if e.type == "ballot_result" and e.payload.get("ballot") == ballot_id
    ]
    if published:
        raise BallotRefused(
            f"ballot {ballot_id}'s results are already in the record (event {published[0].seq})"
        )
    payload = {
        "by": "union",
        "ballot": ballot_id,
        "kind": ballot.kind,
        "question": ballot.question,
        "choices": list(ballot.choices),
        "votes": list(result.votes),
        "eligible": ballot.eligible,
        "threshold": ballot.threshold,
        "passed": result.passed,
    }
    return append_event(engine, ballot.case_id, NewEvent("ballot_result", utc(at).date(), payload))


def ballot_for_credential(engine: Engine, case_id: str, credential: str) -> tuple[Ballot, bool] | None:
    """The ballot of the case a one-time credential belongs to, and whether it was used (None when the
    credential is no credential of this case)."""
    with reading(engine) as connection:
        row = connection.execute(
            select(ballot_credentials.c.ballot_id, ballot_credentials.c.used).where(
                ballot_credentials.c.hash == _digest(credential)
            )
        ).first()
    if row is None:
        return None
    ballot = find_ballot(engine, int(row.ballot_id))
    if ballot.case_id != case_id:
        return None
    return ballot, bool(row.used)
