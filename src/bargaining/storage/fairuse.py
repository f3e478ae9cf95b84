"""State the web workbench shares between its processes: the site's signing secret and the sign-in throttle.

Both live in the database, so several server processes (``bargain serve --workers N``) behind one proxy
sign and check the same tokens and count the same failed sign-ins.

The throttle counts failed sign-ins under two keys: the (name, address) pair and the address alone. After
a few free failures each key waits twice as long as before (exponential backoff, capped). A key never
blocks anything outside itself: failures from one address never stop the right password from another, so
no one can lock a named person out (a per-name lock-out is exactly what S12 of issue 10 abused).
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import ipaddress
import secrets
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from bargaining.storage.database import reading, write_transaction
from bargaining.storage.eventlog import utc
from bargaining.storage.identity import skeleton
from bargaining.storage.schema import metadata

site_secrets = Table(
    "site_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(128), nullable=False),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("key", String(400), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure", DateTime(timezone=True), nullable=False, index=True),
    Column("blocked_until", DateTime(timezone=True), nullable=False),
)


def site_secret(engine: Engine, name: str) -> bytes:
    """The site's secret called ``name``, made on first use and the same for every process afterwards."""
    with engine.connect() as connection:
        found = connection.execute(select(site_secrets.c.value).where(site_secrets.c.name == name)).first()
    if found is None:
        try:
            with write_transaction(engine) as connection:
                connection.execute(insert(site_secrets).values(name=name, value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another process made it first: use theirs
        with engine.connect() as connection:
            found = connection.execute(
                select(site_secrets.c.value).where(site_secrets.c.name == name)
            ).first()
    assert found is not None
    return bytes.fromhex(found.value)


@functools.lru_cache(maxsize=64)
def _kept_secret(engine: Engine, name: str) -> bytes:
    return site_secret(engine, name)  # never changes once made


def opaque_id(engine: Engine, kind: str, internal: int) -> str:
    """The id a page shows for a row of ``kind``: an HMAC of its row id under the site's secret, so ids
    tell nothing of how many rows exist (issue 10: global note and draft numbers let a side count the
    other's drafts). Stable: the same row always gets the same id, in every process."""
    key = _kept_secret(engine, "ids")
    return hmac.new(key, f"{kind}:{internal}".encode(), "sha256").hexdigest()[:16]


@dataclass(frozen=True)
class Backoff:
    """After ``free`` failures, each further one makes the key wait ``first_s`` doubled per failure beyond
    ``free + 1``, at most ``cap_s``; a key quiet for ``forget_s`` starts again from nothing."""

    free: int
    first_s: float
    cap_s: float
    forget_s: float

    def wait_after(self, failures: int) -> float:
        if failures <= self.free:
            return 0.0
        return min(self.cap_s, self.first_s * 2.0 ** (failures - self.free - 1))


# Per name and address: a person who mistypes a few times barely notices; a guesser gets ~20 tries an hour.
PAIR = Backoff(free=3, first_s=2.0, cap_s=900.0, forget_s=86_400.0)
# Per address, over every name: generous (a school's staff may share one address), then the same backoff.
ADDRESS = Backoff(free=30, first_s=2.0, cap_s=3_600.0, forget_s=86_400.0)


def address_key(address: str) -> str:
    """An IPv6 client is counted by its /64 (one home or host gets a whole /64); IPv4 by its address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _keys(name: str, address: str) -> dict[str, Backoff]:
    where = address_key(address)
    # The skeleton, so "Demo-Admin" and look-alike spellings count against the same name.
    return {f"pair:{skeleton(name[:200])[:200]}|{where}": PAIR, f"addr:{where}": ADDRESS}


def wait_seconds(engine: Engine, name: str, address: str, at: dt.datetime) -> float:
    """How long this name at this address must wait before its next try (0: try now)."""
    keys = _keys(name, address)
    with reading(engine) as connection:
        rows = connection.execute(
            select(login_failures.c.blocked_until).where(login_failures.c.key.in_(list(keys)))
        ).all()
    return max([0.0, *((utc(r.blocked_until) - at).total_seconds() for r in rows)])


def record_failure(engine: Engine, name: str, address: str, at: dt.datetime) -> None:
    """Count a failed sign-in under both keys and set when each may try again."""
    with write_transaction(engine) as connection:
        oldest = at - dt.timedelta(seconds=max(PAIR.forget_s, ADDRESS.forget_s))
        connection.execute(delete(login_failures).where(login_failures.c.last_failure < oldest))
        for key, rule in _keys(name, address).items():
            _count(connection, key, rule, at)


# Reports of public comments (issue 15: anyone may report one, without an account): five reports from an
# address (or an account), then a wait of a minute that doubles with each further report, up to a day; a
# day without a report starts again from nothing. A visitor cannot flood the moderators' queue. Counted in
# the same table as failed sign-ins, under keys of their own.
REPORTS = Backoff(free=4, first_s=60.0, cap_s=86_400.0, forget_s=86_400.0)


def report_key(address: str, user_id: int | None) -> str:
    """What a report is counted under: the account when signed in, else the address (as sign-ins are)."""
    return f"report:user:{user_id}" if user_id is not None else f"report:addr:{address_key(address)}"


def report_wait(engine: Engine, key: str, at: dt.datetime) -> float:
    """How long ``key`` must wait before its next report (0: report now)."""
    with reading(engine) as connection:
        row = connection.execute(
            select(login_failures.c.blocked_until).where(login_failures.c.key == key)
        ).first()
    return max(0.0, (utc(row.blocked_until) - at).total_seconds()) if row is not None else 0.0


def record_report(engine: Engine, key: str, at: dt.datetime) -> None:
    """Count a report under ``key`` and set when it may report again."""
    with write_transaction(engine) as connection:
        _count(connection, key, REPORTS, at)


def _count(connection: Connection, key: str, rule: Backoff, at: dt.datetime) -> None:
    row = connection.execute(
        select(login_failures.c.failures, login_failures.c.last_failure).where(login_failures.c.key == key)
    ).first()
    quiet = row is None or (at - utc(row.last_failure)).total_seconds() > rule.forget_s
    failures = 1 if quiet or row is None else row.failures + 1
    values = {
        "failures": failures,
        "last_failure": at,
        "blocked_until": at + dt.timedelta(seconds=rule.wait_after(failures)),
    }
    if row is None:
        connection.execute(insert(login_failures).values(key=key, **values))
    else:
        connection.execute(update(login_failures).where(login_failures.c.key == key).values(**values))


def record_success(engine: Engine, name: str, address: str) -> None:
    """The right password clears its (name, address) pair; the address count only fades with time, so
    signing in to one's own account between guesses does not reset a guesser's budget."""
    pair = next(key for key in _keys(name, address) if key.startswith("pair:"))
    with write_transaction(engine) as connection:
        connection.execute(delete(login_failures).where(login_failures.c.key == pair))
