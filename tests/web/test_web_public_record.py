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


def _states(engine: Engine) -> list[tuple[object, object, object]]:
    rows = _public(engine)["record"]
    assert isinstance(rows, list)
    return [(r["date"], r["type"], r["state"]) for r in rows]


def test_s6_the_public_timeline_labels_do_not_reveal_a_private_step(tmp_path: Path) -> None:
    # The same public steps after lausd's settlement (in effect since 29 Jan 2019): a strike from 5 to 6
    # Feb. Walked over the public events only, the strike ends back "in effect" in both workspaces. Walked
    # over the whole record, the private factfinding report of 1 Feb in the second made the strike end in
    # "factfinding" (the state before the strike), telling the public that a report had come in.
    timelines = []
    for with_private in (False, True):
        engine = open_database(f"sqlite:///{tmp_path / f'{with_private}.db'}", create=True)
        import_case(engine, ROOT / "cases" / LAUSD)
        if with_private:
            _record(engine, "factfinding_report", "2019-02-01", by="factfinder")
        _record(engine, "strike_started", "2019-02-05", by="union")
        _record(engine, "strike_ended", "2019-02-06", by="union")
        timelines.append(_states(engine))
        engine.dispose()
    without, with_report = timelines
    assert without[-2:] == [
        ("2019-02-05", "strike_started", "strike"),
        ("2019-02-06", "strike_ended", "in_effect"),
    ]
    assert with_report == without
