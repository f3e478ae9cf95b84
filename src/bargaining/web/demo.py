"""Demo accounts, seeded only by ``bargain serve --demo`` (and ``make run``): clearly named ``demo-*``."""

from __future__ import annotations

from sqlalchemy import Engine, select

from bargaining.storage import accounts
from bargaining.storage.schema import cases, users

DEMO_PASSWORD = "demo-password"
# name -> role on every case (None: no grant, i.e. a member of the public with an account)
DEMO_ACCOUNTS: dict[str, str | None] = {
    "demo-union": "union",
    "demo-district": "employer",
    "demo-mediator": "mediator",
    "demo-admin": "admin",
    "demo-public": None,
}


def seed_demo(engine: Engine) -> list[str]:
    """Create the demo accounts that are missing and grant their roles on every case; returns their names."""
    with engine.connect() as connection:
        existing = {name for (name,) in connection.execute(select(users.c.name))}
        case_ids = [case_id for (case_id,) in connection.execute(select(cases.c.id))]
    for name, role in DEMO_ACCOUNTS.items():
        if name not in existing:
            accounts.add_user(engine, name, DEMO_PASSWORD, demo=True)
        if role is not None:
            for case_id in case_ids:
                accounts.grant(engine, name, case_id, role)
    return list(DEMO_ACCOUNTS)
