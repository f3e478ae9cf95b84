"""Issue 10, item 6 (the load target): a request reads through one database connection in one read
transaction, a write in a request is seen by what the request reads after it, a page's heavy documents
are built once however many requests ask at once, and the server prepares them as it starts.

Counted with SQLAlchemy's event listeners (pool checkouts, statements), never timed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from bargaining.storage import add_note, notes_for, request_connection
from bargaining.web.app import warm
from bargaining.web.casedata import Workspace
from bargaining.web.context import blank_term_form, templates

from .conftest import Workbench, signed_in

CASE = "lausd-2019"
PAGES = {
    "union": ["", "/proposals", "/movement", "/team", "/record", "/public", "/proposals/utla-2018-08"],
    "employer": ["", "/proposals", "/movement", "/team", "/record", "/public"],
    "mediator": ["", "/proposals", "/movement", "/mediation", "/public"],
    "observer": ["", "/proposals", "/public"],
    "anonymous": ["", "/proposals", "/public"],
}
API = ["", "/proposals", "/public"]


@contextmanager
def counting(engine: Engine) -> Iterator[dict[str, Any]]:
    """Connections taken from the pool, and the statements sent, while the block runs."""
    seen: dict[str, Any] = {"checkouts": 0, "statements": []}

    def checkout(*_: object) -> None:
        seen["checkouts"] += 1

    def statement(_conn: object, _cursor: object, text: str, *_: object) -> None:
        seen["statements"].append(text.split()[0].upper())

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "before_cursor_execute", statement)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "before_cursor_execute", statement)


def test_every_page_of_the_load_benchmark_reads_through_one_connection(workbench: Workbench) -> None:
    for role, pages in PAGES.items():
        client = signed_in(workbench.engine, role)
        paths = [f"/cases/{CASE}{p}" for p in pages] + [f"/api/cases/{CASE}{p}" for p in API]
        for path in paths:
            assert client.get(path).status_code == 200, path  # first: the case is built and cached
            with counting(workbench.engine) as seen:
                assert client.get(path).status_code == 200, path
            # Before: the gate alone took three (session, roles, version), the team room ten.
            assert seen["checkouts"] == 1, (role, path, seen)
            # On SQLite one BEGIN: the session, the role and the version are read in one transaction.
            assert seen["statements"].count("BEGIN") == 1, (role, path, seen["statements"])


def test_the_gate_reads_session_role_and_version_in_two_statements(workbench: Workbench) -> None:
    client = signed_in(workbench.engine, "union")
    client.get(f"/api/cases/{CASE}")  # this app builds the case once
    with counting(workbench.engine) as seen:
        assert client.get(f"/api/cases/{CASE}").status_code == 200
    # BEGIN, the session with the role on the case (one join), the case's version; the dashboard is
    # cached for this version and asks nothing more.
    assert seen["statements"] == ["BEGIN", "SELECT", "SELECT"], seen
    assert seen["checkouts"] == 1


def test_a_read_after_a_write_in_the_same_request_sees_the_write(workbench: Workbench) -> None:
    engine = workbench.engine
    with request_connection(engine), counting(engine) as seen:
        before = len(notes_for(engine, CASE, "union"))  # opens the request's read transaction
        add_note(engine, CASE, "union", "private", "written in the middle of a request")
        after = notes_for(engine, CASE, "union")
    # On SQLite a read transaction keeps its snapshot: without ending it at the write, the note written
    # by the write's own connection would not be seen here.
    assert len(after) == before + 1
    assert after[-1].text == "written in the middle of a request"
    assert seen["checkouts"] == 2  # the reads' connection, and the write's own


def test_a_request_may_not_share_its_connection_after_it_released_it(workbench: Workbench) -> None:
    engine = workbench.engine
    with request_connection(engine) as held, counting(engine) as seen:
        notes_for(engine, CASE, "union")
        notes_for(engine, CASE, "union")
        held.release()  # the response started: back to the pool
        notes_for(engine, CASE, "union")  # e.g. a streamed body: a connection of its own
    assert seen["checkouts"] == 2


def test_a_document_asked_for_by_many_requests_at_once_is_built_once(workbench: Workbench) -> None:
    loaded = Workspace(workbench.engine).load(CASE)
    started, finish = threading.Event(), threading.Event()
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        started.set()
        finish.wait(timeout=30)
        return {"built": len(builds)}

    found: list[dict[str, int]] = []
    first = threading.Thread(target=lambda: found.append(loaded.cached(("test", 1), build)))
    first.start()
    started.wait(timeout=30)
    # Ten more ask while the first is still building: they wait for its result.
    others = [
        threading.Thread(target=lambda: found.append(loaded.cached(("test", 1), build))) for _ in range(10)
    ]
    for thread in others:
        thread.start()
    finish.set()
    for thread in [first, *others]:
        thread.join(timeout=30)
    assert len(builds) == 1
    assert len(found) == 11 and all(f is found[0] for f in found)


def test_the_server_prepares_the_mediators_analysis_as_it_starts(workbench: Workbench) -> None:
    workspace = Workspace(workbench.engine)
    warm(workspace)
    for case_id in ("lausd-2019", "denver-2025"):
        memo = workspace.load(case_id).memo
        assert any(key[0] == "mediator-tools" for key in memo), sorted(k[0] for k in memo)


def test_the_cached_term_form_is_the_form_rendered_afresh(workbench: Workbench) -> None:
    client = signed_in(workbench.engine, "union")
    doc = client.get(f"/api/cases/{CASE}/team").json()
    loaded = Workspace(workbench.engine).load(CASE)
    macro = templates.env.get_template("_terms_form.html").module.term_blocks  # type: ignore[attr-defined]
    fresh = str(macro(doc["term_types"], [{"type": "raise", "values": {}}], {}, "draft"))
    assert str(blank_term_form(loaded, doc["term_types"], "draft")) == fresh
    page = client.get(f"/cases/{CASE}/team").text
    assert fresh in page
