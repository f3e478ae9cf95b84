"""Storage speed: import a case with 10,000 events, append events one commit each, verify, export.

Runs on a SQLite file and, when BARGAINING_TEST_POSTGRES names a server, on PostgreSQL too (in a schema of
its own, dropped afterwards).

Run: .venv/bin/python bench/bench_storage.py
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from bargaining.storage import (
    NewEvent,
    append_event,
    check_new_event,
    export_case,
    import_case,
    open_database,
    verify,
)

ROOT = Path(__file__).resolve().parents[1]
SMALL_CASE = ROOT / "tests" / "storage" / "fixtures" / "small-case"
IMPORTED = 10_000
APPENDED = 500


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def big_case(folder: Path) -> Path:
    """The small fixture case with IMPORTED one-line session events in its events: list."""
    target = folder / "big-case"
    shutil.copytree(SMALL_CASE, target)
    day = dt.date(2018, 9, 1)
    lines = [
        f"  - {{date: {day + dt.timedelta(days=i % 300)}, type: session, hours: 2.5, note: session {i}}}"
        for i in range(IMPORTED)
    ]
    text_ = (target / "case.yaml").read_text().replace("id: small-case", "id: big-case")
    text_ = text_.replace("\n# trailing comment", "\n" + "\n".join(lines) + "\n\n# trailing comment", 1)
    (target / "case.yaml").write_text(text_)
    return target


@contextmanager
def databases(scratch: Path) -> Iterator[Iterator[tuple[str, str]]]:
    server = os.environ.get("BARGAINING_TEST_POSTGRES")
    schema = f"bargaining_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server) if server else None
    if admin is not None:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def urls() -> Iterator[tuple[str, str]]:
        yield "SQLite (WAL, synchronous=FULL)", f"sqlite:///{scratch / 'bench.db'}"
        if server:
            url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
            yield "PostgreSQL 15 (local)", url.render_as_string(hide_password=False)

    try:
        yield urls()
    finally:
        if admin is not None:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def run(label: str, url: str, folder: Path, scratch: Path) -> None:
    engine = open_database(url, create=True)
    seconds = timed(lambda: import_case(engine, folder))
    print(f"{label}: import a case with {IMPORTED:,} events (one transaction): {seconds:.2f} s")
    start = time.perf_counter()
    for i in range(APPENDED):
        append_event(engine, "big-case", NewEvent("session", dt.date(2019, 1, 2), {"note": f"appended {i}"}))
    seconds = time.perf_counter() - start
    print(f"{label}: append {APPENDED} events, one commit each: {seconds / APPENDED * 1000:.2f} ms an event")
    (check,) = verify(engine, "big-case")
    assert check.ok
    seconds = timed(lambda: verify(engine, "big-case"))
    print(f"{label}: verify {IMPORTED + APPENDED:,} events: {seconds:.2f} s")
    out = scratch / f"out-{uuid.uuid4().hex[:6]}"
    seconds = timed(lambda: export_case(engine, "big-case", out))
    print(f"{label}: export with {APPENDED} recorded events added to case.yaml: {seconds:.2f} s")
    import_case(engine, ROOT / "cases" / "lausd-2019")
    event = NewEvent("statement", dt.date(2019, 1, 25), {"by": "union", "summary": "bench"})
    seconds = timed(lambda: check_new_event(engine, "lausd-2019", event))
    print(
        f"{label}: check one new event against lausd-2019 (load_case of the export): {seconds * 1000:.0f} ms"
    )
    engine.dispose()
    command = [sys.executable, "-c", "from bargaining.cli import main; main()", "record", "lausd-2019"]
    command += ["--db", url, "--type", "statement", "--date", "2019-01-25", "--field", "summary=bench"]
    seconds = timed(lambda: subprocess.run(command, check=True, capture_output=True))
    print(f"{label}: `bargain record` end to end (process start included): {seconds:.2f} s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        folder = big_case(scratch)
        with databases(scratch) as urls:
            for label, url in urls:
                run(label, url, folder, scratch)
