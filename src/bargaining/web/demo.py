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

# The day the demo opens each bundled case on: a settled dispute is worth walking from a telling moment
# (the cases' own records, cases/*/case.yaml): LAUSD after the factfinding report was made public and
# days before the strike of 14 January 2019; Denver after the district declared impasse (5 May 2025)
# and before mediation began (28 May 2025).
DEMO_AS_OF: dict[str, str] = {"lausd-2019": "2019-01-10", "denver-2025": "2025-05-20"}


def seed_demo(engine: Engine, case_ids: Iterable[str]) -> list[str]:
    """Create the demo accounts that are missing and grant their roles on ``case_ids`` (the bundled cases)
    and nowhere else; returns their names."""
    demo_rows.seed(engine, DEMO_ACCOUNTS, DEMO_PASSWORD, case_ids)
    return list(DEMO_ACCOUNTS)


def retire_demo(engine: Engine) -> int:
    """Take every role and session from the demo accounts (a server started without ``--demo``)."""
    return demo_rows.retire(engine)
