"""A workspace with both bundled cases, the demo accounts, and planted private markers, for the web tests.

Each party's private items carry a unique marker (notes and drafts: a text; preferences: a reservation
score no page shows for any other reason), so a test can search every response for what must not be there.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bargaining.storage import accounts, add_note, drafting, import_case, open_database, tablework
from bargaining.web import create_app
from bargaining.web.demo import DEMO_PASSWORD, seed_demo

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ("lausd-2019", "denver-2025")
# Reservation scores planted in the copies of the bundled cases: the employer shares its preferences with
# the mediator (share_with_mediator: true), the union does not.
EMPLOYER_RESERVATION = "31.41592"
UNION_RESERVATION = "27.18281"
PREFERENCES = """
preferences:
  package:
    terms:
      raise: {type: raise, percent: 1, effective: %(start)s}
    issues:
      raise: {term: raise, field: percent, min: 0, max: 6, step: 1}
  employer:
    share_with_mediator: true
    reservation: 30
    weights: {cost: 100}
    curves:
      cost: [[0, 100], [1000000000, 0]]
  union:
    share_with_mediator: false
    reservation: 40
    weights: {raise: 100}
    curves:
      raise: [[0, 0], [6, 100]]
"""

# Bids that do not overlap (the district's most is below the union's least): running the bidding reveals
# nothing but that.
EMPLOYER_BID = "1.234567"
UNION_BID = "5.432109"
BID_ISSUES = {"lausd-2019": "raise_1", "denver-2025": "raise"}

ROLES = ("employer", "union", "mediator", "observer", "admin", "anonymous")
USERS = {
    "employer": "demo-district",
    "union": "demo-union",
    "mediator": "demo-mediator",
    "admin": "demo-admin",
    "observer": "demo-public",
}


def plant_preferences(text: str, start: str) -> str:
    """The case text with the employer's and the union's reservation scores replaced by the markers."""
    if not re.search(r"^preferences:", text, re.MULTILINE):
        text = text.rstrip("\n") + "\n" + PREFERENCES % {"start": start}
    head, _, section = text.partition("\npreferences:")
    section = re.sub(
        r"(\n  employer:(?:\n    .*)*?\n    reservation: )[0-9.]+", rf"\g<1>{EMPLOYER_RESERVATION}", section
    )
    section = re.sub(
        r"(\n  union:(?:\n    .*)*?\n    reservation: )[0-9.]+", rf"\g<1>{UNION_RESERVATION}", section
    )
    section = re.sub(r"(\n  union:(?:\n    .*)*?\n    share_with_mediator: )\w+", r"\g<1>false", section)
    section = re.sub(r"(\n  employer:(?:\n    .*)*?\n    share_with_mediator: )\w+", r"\g<1>true", section)
    assert EMPLOYER_RESERVATION in section and UNION_RESERVATION in section, "could not plant the markers"
    return head + "\npreferences:" + section


@dataclass(frozen=True)
class Workbench:
    engine: Engine
    client_factory: object
    markers: dict[str, set[str]]  # marker -> roles that may see it


def marker(kind: str, case_id: str) -> str:
    return f"MARKER-{kind}-{case_id}".upper()


@pytest.fixture(scope="session")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    base = tmp_path_factory.mktemp("web")
    engine = open_database(f"sqlite:///{base / 'workspace.db'}", create=True)
    markers: dict[str, set[str]] = {
        EMPLOYER_RESERVATION: {"employer", "mediator"},
        UNION_RESERVATION: {"union"},
    }
    for case_id in BUNDLED:
        folder = base / case_id
        shutil.copytree(ROOT / "cases" / case_id, folder)
        yaml_file = folder / "case.yaml"
        text = yaml_file.read_text(encoding="utf-8")
        start = "2017-07-01" if case_id == "lausd-2019" else "2025-09-01"
        yaml_file.write_text(plant_preferences(text, start), encoding="utf-8")
        import_case(engine, folder)
    seed_demo(engine, BUNDLED)
    for case_id in BUNDLED:
        accounts.grant(engine, "demo-public", case_id, "observer")
        for author, visibility, allowed in (
            ("employer", "private", {"employer"}),
            ("union", "private", {"union"}),
            ("union", "mediator", {"union", "mediator"}),
            ("mediator", "private", {"mediator"}),
        ):
            text = marker(f"{author}-{visibility}-note", case_id)
            add_note(engine, case_id, author, visibility, text)  # type: ignore[arg-type]
            markers[text] = allowed
        employer_draft = marker("employer-draft", case_id)
        accounts.add_draft(
            engine,
            case_id,
            "employer",
            None,
            employer_draft,
            [{"type": "raise", "percent": 1, "effective": "2019-07-01"}],
        )
        markers[employer_draft] = {"employer"}
        union_draft = marker("union-shared-draft", case_id)
        draft_id = accounts.add_draft(
            engine,
            case_id,
            "union",
            None,
            union_draft,
            [{"type": "raise", "percent": 9, "effective": "2019-07-01"}],
        )
        drafting.share_draft(engine, case_id, "union", draft_id, True)
        markers[union_draft] = {"union", "mediator"}
        # Blind bids: each side's own eyes only, never the other side's nor the mediator's.
        issue = BID_ISSUES[case_id]
        for side, bid in (("employer", EMPLOYER_BID), ("union", UNION_BID)):
            tablework.submit_bids(engine, case_id, side, issue, [float(bid)])
            markers[bid] = {side}
    yield Workbench(engine, None, markers)
    engine.dispose()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, "no CSRF token in the form"
    return found.group(1)


def signed_in(engine: Engine, role: str) -> TestClient:
    """A client of a fresh app, signed in as the demo account holding ``role`` (anonymous: not at all)."""
    client = TestClient(create_app(engine, demo=True))
    if role == "anonymous":
        return client
    form = client.get("/login")
    response = client.post(
        "/login",
        data={"name": USERS[role], "password": DEMO_PASSWORD, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def one_case_workspace(base: Path, folder: Path, case_id: str) -> Engine:
    """A fresh SQLite workspace holding one case, with the demo accounts on it and the public observer."""
    found = open_database(f"sqlite:///{base / 'workspace.db'}", create=True)
    import_case(found, folder)
    seed_demo(found, (case_id,))
    accounts.grant(found, "demo-public", case_id, "observer")
    return found


def workspace_copy(workbench: Workbench, folder: Path) -> Engine:
    """A copy of the planted workspace in ``folder``, for tests that write to it."""
    with workbench.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(str(workbench.engine.url.database), folder / "w.db")
    return open_database(f"sqlite:///{folder / 'w.db'}")


@pytest.fixture
def copied_workspace(workbench: Workbench, tmp_path: Path) -> Iterator[Engine]:
    """A test's own copy of the planted workspace (``workspace_copy``), disposed of after it."""
    copy = workspace_copy(workbench, tmp_path)
    yield copy
    copy.dispose()


@contextmanager
def serving(engine: Engine) -> Iterator[str]:
    """The workbench over ``engine`` on a free local port, for a real browser; its address while it runs.
    The engine is the caller's to dispose of."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(engine, demo=True), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(10)
