"""What the public page lets a watcher infer about private steps (issue 10, S6 and item 3's head).

Each test is a differential attack by a member of the public: record something private at the table and
look for any change on the public page or API. Before the fixes the page's head moved with every private
note or session (dating it to the minute), and the public timeline's state labels were walked over the whole
record, so a private factfinding report changed the state a later public row said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from bargaining.cli import app as cli
from bargaining.storage import NewEvent, add_note, append_event, import_case, open_database, verify
from bargaining.web import create_app

from .conftest import ROOT

LAUSD = "lausd-2019"
DENVER = "denver-2025"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[Engine, str]]:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    found = open_database(url, create=True)
    import_case(found, ROOT / "cases" / LAUSD)
    yield found, url
    found.dispose()


def _public(engine: Engine) -> dict[str, object]:
    response = TestClient(create_app(engine)).get(f"/api/cases/{LAUSD}/public")
    assert response.status_code == 200
    document: dict[str, object] = response.json()
    return document


def _record(engine: Engine, kind: str, day: str, **payload: object) -> None:
    append_event(engine, LAUSD, NewEvent(kind, dt.date.fromisoformat(day), payload))


def test_the_public_head_does_not_move_with_private_rows(database: tuple[Engine, str]) -> None:
    engine, _ = database
    head = _public(engine)["head"]
    # A private note, a note shared with the mediator and a session (private: issue 6) each add a link.
    add_note(engine, LAUSD, "union", "private", "our bottom line is 5%")
    add_note(engine, LAUSD, "employer", "mediator", "for the mediator only")
    _record(engine, "session", "2019-02-01")
    (check,) = verify(engine, LAUSD)
    assert check.ok and check.head != head  # the record moved on...
    assert _public(engine)["head"] == head  # ...the public's view of it did not


def test_the_public_head_moves_with_each_public_row(database: tuple[Engine, str]) -> None:
    engine, _ = database
    first = _public(engine)["head"]
    _record(engine, "session", "2019-02-01")
    _record(engine, "statement", "2019-02-02", by="union", summary="we ratified")
    after_statement = _public(engine)["head"]
    assert after_statement != first
    add_note(engine, LAUSD, "union", "public", "a public note is on the page too")
    after_note = _public(engine)["head"]
    assert after_note != after_statement
    # With nothing private after it, the public head is the record's head itself.
    (check,) = verify(engine, LAUSD)
    assert after_note == check.head


def test_a_kept_public_head_is_checked_with_verify(database: tuple[Engine, str]) -> None:
    engine, url = database
    _record(engine, "statement", "2019-02-02", by="union", summary="a public statement")
    kept = str(_public(engine)["head"])
    _record(engine, "session", "2019-02-03")
    add_note(engine, LAUSD, "union", "private", "private")
    # The record grew after the public head: verify says the record up to it is intact, and how much follows.
    result = CliRunner().invoke(cli, ["verify", LAUSD, "--db", url, "--expect-head", kept])
    assert result.exit_code == 1
    assert "2 row(s) were added to the record since" in result.output
    assert "BROKEN" not in result.output


def test_s6_the_public_timeline_labels_do_not_reveal_a_private_step(tmp_path: Path) -> None:
    # Denver's agreement was ratified on 21 Aug 2025. The same two public steps follow in two workspaces: a
    # strike on 2 Sep and a settlement on 3 Sep. By the Colorado pack neither is a step from "ratified", so
    # walked over the public events the state stays and neither row carries a state. In the second workspace
    # the union first asked the state for intervention (1 Sep, private); walked over the whole record that
    # request made the settlement a step from "intervention pending", and its public row said "tentative
    # agreement", telling the public that something private had happened in between.
    timelines = []
    for with_private in (False, True):
        engine = open_database(f"sqlite:///{tmp_path / f'{with_private}.db'}", create=True)
        import_case(engine, ROOT / "cases" / DENVER)
        if with_private:
            append_event(
                engine, DENVER, NewEvent("intervention_requested", dt.date(2025, 9, 1), {"by": "union"})
            )
        append_event(engine, DENVER, NewEvent("strike_started", dt.date(2025, 9, 2), {"by": "union"}))
        append_event(engine, DENVER, NewEvent("settlement", dt.date(2025, 9, 3), {"by": "both"}))
        response = TestClient(create_app(engine)).get(f"/api/cases/{DENVER}/public")
        timelines.append([(r["date"], r["type"], r["state"]) for r in response.json()["record"]])
        engine.dispose()
    without, with_request = timelines
    assert without[-2:] == [("2025-09-02", "strike_started", None), ("2025-09-03", "settlement", None)]
    assert with_request == without
