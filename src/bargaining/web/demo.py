"""Demo accounts, seeded only by ``bargain serve --demo`` (and ``make run``): clearly named ``demo-*``,
with roles on the bundled cases only, and able to sign in only while the server runs with ``--demo``."""

from __future__ import annotations

from collections.abc import Iterable

from bargaining.storage import Engine
from bargaining.storage import demo as demo_rows

DEMO_PASSWORD = "demo-password"
# name -> role on each bundled case (None: no grant, i.e. a member of the public with an account)
DEMO_ACCOUNTS: dict[str, str | None] = {
    "demo-union": "union",
    "demo-district": "employer",
    "demo-mediator": "mediator",
    "demo-admin": "admin",
    "demo-public": None,
}


def seed_demo(engine: Engine, case_ids: Iterable[str]) -> list[str]:
    """Create the demo accounts that are missing and grant their roles on ``case_ids`` (the bundled cases)
    and nowhere else; returns their names."""
    demo_rows.seed(engine, DEMO_ACCOUNTS, DEMO_PASSWORD, case_ids)
    return list(DEMO_ACCOUNTS)


def retire_demo(engine: Engine) -> int:
    """Take every role and session from the demo accounts (a server started without ``--demo``)."""
    return demo_rows.retire(engine)
