"""People of the web workbench: passwords (argon2), roles per case, sessions, team drafts, and what each
side shares with the mediator (public comments and their moderation: storage/comments.py, re-exported).

The tables live on the same ``metadata`` as the rest of the workspace (storage/schema.py) and are made
by migration 0002. Secrets are never stored in the clear: passwords as argon2 hashes, session tokens as
their sha256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
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
    and_,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from bargaining.model import SIDES, WEB_ROLES, WebRole, web_role
from bargaining.storage import fairuse, identity
from bargaining.storage.comments import REASON_LENGTH as REASON_LENGTH
from bargaining.storage.comments import Comment as Comment
from bargaining.storage.comments import Report as Report
from bargaining.storage.comments import add_comment as add_comment
from bargaining.storage.comments import comment_reports as comment_reports
from bargaining.storage.comments import comments as comments
from bargaining.storage.comments import comments_on as comments_on
from bargaining.storage.comments import moderate as moderate
from bargaining.storage.comments import moderation_queue as moderation_queue
from bargaining.storage.comments import report_comment as report_comment
from bargaining.storage.database import insert_row, reading, write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.eventlog import now, utc
from bargaining.storage.schema import cases, metadata, users

Role = WebRole
ROLES = WEB_ROLES
SESSION_HOURS = 12

# The password of a users row that may sign in; users rows without one (CLI notes) cannot.
credentials = Table(
    "credentials",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("site_admin", Boolean, nullable=False),
    Column("demo", Boolean, nullable=False),
)

grants = Table(
    "grants",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.id"), primary_key=True),
    Column("role", String(16), nullable=False),
    CheckConstraint("role IN ('employer', 'union', 'mediator', 'observer', 'admin')", name="role_known"),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# A side's proposal in preparation: private to the side until shared with the mediator.
drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.id"), nullable=False, index=True),
    Column("party", String(16), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("title", Text, nullable=False),
    Column("terms", Text, nullable=False),
    Column("shared_with_mediator", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The bargaining unit it is for, in a case of several (None: the case's only unit).
    Column("unit", String(60), nullable=True),
    CheckConstraint("party IN ('employer', 'union')", name="party_side"),
)

# Items a side shares with the mediator beyond drafts and notes (today: "preferences").
shares = Table(
    "shares",
    metadata,
    Column("case_id", String(64), ForeignKey("cases.id"), primary_key=True),
    Column("party", String(16), primary_key=True),
    Column("item", String(64), primary_key=True),
)


class WrongPassword(StorageError):
    """The current password given to change it was wrong (the web counts it as a failed sign-in)."""


_hasher = PasswordHasher()
# Verifying against this keeps an unknown name as slow as a wrong password (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash("not a password of anyone")
# Each argon2 hash or check takes 64 MiB and a core for a moment: a burst of sign-ins queues here instead of
# running all at once in the server's thread pool (40 threads: 2.5 GB, and every page stalls behind them).
_ARGON2_AT_ONCE = threading.BoundedSemaphore(2)


def _hash(password: str) -> str:
    with _ARGON2_AT_ONCE:
        return _hasher.hash(password)


def _verify(hashed: str, password: str) -> None:
    with _ARGON2_AT_ONCE:
        _hasher.verify(hashed, password)


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    site_admin: bool
    demo: bool


@dataclass(frozen=True)
class Draft:
    id: int  # the row's id: internal, never shown (pages show ``ref``)
    ref: str  # fairuse.opaque_id: what pages and the API call it
    case_id: str
    party: str
    title: str
    terms: list[dict[str, Any]]
    shared_with_mediator: bool
    created_at: dt.datetime
    unit: str | None = None  # the bargaining unit it is for; None: the case's only unit


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(
    engine: Engine, name: str, password: str, *, site_admin: bool = False, demo: bool = False
) -> Account:
    """Create a person who may sign in. The name is normalised and must not look like an existing one
    (storage/identity.py); the password must pass the password rules; ``demo-*`` names are the demo's."""
    name = identity.canonical_name(name)
    if name.casefold().startswith(identity.RESERVED_PREFIX) and not demo:
        raise StorageError(f"names starting {identity.RESERVED_PREFIX!r} are kept for the demo accounts")
    identity.check_password(password, name)
    hashed = _hash(password)
    looks = identity.skeleton(name)
    with write_transaction(engine) as connection:
        for (existing,) in connection.execute(select(users.c.name)):
            if identity.skeleton(existing) == looks:
                raise StorageError(
                    f"there is already a user {existing!r}"
                    + ("" if existing == name else f", which {name!r} looks like")
                )
        user_id = connection.execute(
            insert(users).values(name=name, party=None, created_at=now()).returning(users.c.id)
        ).scalar_one()
        connection.execute(
            insert(credentials).values(
                user_id=user_id, password_hash=hashed, site_admin=site_admin, demo=demo
            )
        )
    return Account(user_id, name, site_admin, demo)


def change_password(engine: Engine, account: Account, current: str, new: str) -> None:
    """Replace a person's password after checking the current one; every session of theirs ends."""
    if account.demo:
        raise StorageError("the demo accounts are shared: their password cannot be changed")
    if authenticate(engine, account.name, current) is None:
        raise WrongPassword("the current password is wrong")
    if new == current:
        raise StorageError("the new password is the same as the current one")
    identity.check_password(new, account.name)
    hashed = _hash(new)
    with write_transaction(engine) as connection:
        connection.execute(
            update(credentials).where(credentials.c.user_id == account.id).values(password_hash=hashed)
        )
        connection.execute(delete(web_sessions).where(web_sessions.c.user_id == account.id))


def grant(engine: Engine, name: str, case_id: str, role: str) -> None:
    """Give ``name`` a role on a case (replacing the one it had)."""
    if role not in ROLES:
        raise StorageError(f"role {role!r} is not one of {', '.join(ROLES)}")
    with write_transaction(engine) as connection:
        user = connection.execute(select(users.c.id).where(users.c.name == name)).first()
        if user is None:
            raise StorageError(f"no user {name!r}; add one with `bargain user add`")
        if connection.execute(select(cases.c.id).where(cases.c.id == case_id)).first() is None:
            raise StorageError(f"no case {case_id!r} in the database")
        connection.execute(delete(grants).where(grants.c.user_id == user.id, grants.c.case_id == case_id))
        connection.execute(insert(grants).values(user_id=user.id, case_id=case_id, role=role))


def authenticate(engine: Engine, name: str, password: str, *, demo: bool = True) -> Account | None:
    """The account when the password is right, else None (same work either way). With ``demo`` False the
    demo accounts cannot sign in (they work only while ``bargain serve --demo`` runs)."""
    # Stored names are NFKC and trimmed; a name made before the name rules still signs in as it was.
    name = unicodedata.normalize("NFKC", name).strip()
    with engine.connect() as connection:
        row = connection.execute(
            select(users.c.id, users.c.name, credentials)
            .join(credentials, credentials.c.user_id == users.c.id)
            .where(users.c.name == name)
        ).first()
    try:
        _verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or (row.demo and not demo):
        return None
    return Account(row.id, row.name, row.site_admin, row.demo)


def open_session(engine: Engine, account: Account) -> tuple[str, str]:
    """A new session: (token for the cookie, CSRF token bound to it)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = now() + dt.timedelta(hours=SESSION_HOURS)
    with write_transaction(engine) as connection:
        connection.execute(delete(web_sessions).where(web_sessions.c.expires_at < now()))
        connection.execute(
            insert(web_sessions).values(
                token_sha256=_digest(token), user_id=account.id, csrf=csrf, expires_at=expires
            )
        )
    return token, csrf


# Asked on every request of a signed-in person, with their role on the page's case (none when NULL).
_SESSION = (
    select(
        users.c.id,
        users.c.name,
        credentials.c.site_admin,
        credentials.c.demo,
        web_sessions.c.csrf,
        web_sessions.c.expires_at,
        grants.c.role,
    )
    .join(web_sessions, web_sessions.c.user_id == users.c.id)
    .join(credentials, credentials.c.user_id == users.c.id)
    .outerjoin(grants, and_(grants.c.user_id == users.c.id, grants.c.case_id == bindparam("case_id")))
    .where(web_sessions.c.token_sha256 == bindparam("token"))
)
_ROLES = select(grants.c.case_id, grants.c.role).where(grants.c.user_id == bindparam("user_id"))


def session_on(
    connection: Connection, token: str, *, demo: bool, case_id: str | None = None
) -> tuple[Account, str, Role | None] | None:
    """On ``connection``: the account, CSRF token and role on ``case_id`` (None without one) of a live
    session, else None (a demo account's too when not ``demo``)."""
    row = connection.execute(_SESSION, {"token": _digest(token), "case_id": case_id}).first()
    if row is None or utc(row.expires_at) < now() or (row.demo and not demo):
        return None
    role = web_role(row.role) if row.role is not None else None
    return Account(row.id, row.name, row.site_admin, row.demo), row.csrf, role


def session_account(engine: Engine, token: str, *, demo: bool = True) -> tuple[Account, str] | None:
    """The account and CSRF token of a live session, else None (a demo account's too when not ``demo``)."""
    with reading(engine) as connection:
        return found[:2] if (found := session_on(connection, token, demo=demo)) is not None else None


def close_session(engine: Engine, token: str) -> None:
    with write_transaction(engine) as connection:
        connection.execute(delete(web_sessions).where(web_sessions.c.token_sha256 == _digest(token)))


def roles_of(engine: Engine, user_id: int) -> dict[str, Role]:
    """Case id -> role for one person."""
    with reading(engine) as connection:
        rows = connection.execute(_ROLES, {"user_id": user_id})
        return {case_id: web_role(role) for case_id, role in rows}


def add_draft(
    engine: Engine,
    case_id: str,
    party: str,
    user_id: int | None,
    title: str,
    terms: list[dict[str, Any]],
    unit: str | None = None,
) -> str:
    """Save a side's draft (for ``unit``, in a case of several); returns the id its pages show
    (fairuse.opaque_id)."""
    if party not in SIDES:
        raise StorageError(f"only a side ({', '.join(SIDES)}) drafts proposals, not {party!r}")
    draft_id = insert_row(
        engine,
        drafts,
        case_id=case_id,
        party=party,
        user_id=user_id,
        title=title,
        terms=json.dumps(terms, sort_keys=True, default=str),
        shared_with_mediator=False,
        created_at=now(),
        unit=unit,
    )
    return fairuse.opaque_id(engine, "draft", draft_id)


def drafts_of(
    engine: Engine, case_id: str, party: str | None = None, *, shared_only: bool = False
) -> list[Draft]:
    """A side's drafts (``party``), or every side's drafts shared with the mediator (``shared_only``)."""
    query = select(drafts).where(drafts.c.case_id == case_id)
    if party is not None:
        query = query.where(drafts.c.party == party)
    if shared_only:
        query = query.where(drafts.c.shared_with_mediator.is_(True))
    with reading(engine) as connection:
        rows = connection.execute(query.order_by(drafts.c.id)).all()
    return [
        Draft(
            r.id,
            fairuse.opaque_id(engine, "draft", r.id),
            r.case_id,
            r.party,
            r.title,
            json.loads(r.terms),
            r.shared_with_mediator,
            utc(r.created_at),
            r.unit,
        )
        for r in rows
    ]


def draft_by_ref(engine: Engine, case_id: str, party: str, ref: str) -> Draft | None:
    """One of a side's drafts by the id its pages show; None when it is not theirs."""
    return next((d for d in drafts_of(engine, case_id, party) if d.ref == ref), None)


WITHHELD = ":withheld"  # the row of an item the side chose not to share (whatever the case file says)


def set_share(engine: Engine, case_id: str, party: str, item: str, shared: bool) -> None:
    """The side's choice to share ``item`` with the mediator or not; it overrides the case file's."""
    with write_transaction(engine) as connection:
        connection.execute(
            delete(shares).where(
                shares.c.case_id == case_id,
                shares.c.party == party,
                shares.c.item.in_((item, item + WITHHELD)),
            )
        )
        chosen = item if shared else item + WITHHELD
        connection.execute(insert(shares).values(case_id=case_id, party=party, item=chosen))


def share_choice(engine: Engine, case_id: str, party: str, item: str) -> bool | None:
    """Whether the side chose in the workbench to share ``item`` (True) or not (False); None: no choice
    made, the case file decides."""
    with reading(engine) as connection:
        rows = connection.execute(
            select(shares.c.item).where(
                shares.c.case_id == case_id,
                shares.c.party == party,
                shares.c.item.in_((item, item + WITHHELD)),
            )
        )
        found = {chosen for (chosen,) in rows}
    return True if item in found else False if found else None
