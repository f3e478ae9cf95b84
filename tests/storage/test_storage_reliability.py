"""Writers killed at random moments, and writers racing each other, on SQLite and PostgreSQL.

Whatever a writer reported as saved must be in the record afterwards, in the order it was saved, and
``bargain verify`` must pass. A kill may also land between a commit and its report: such an event is
there without having been acknowledged, which is allowed (at most one per killed writer).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.storage import StoredEvent, import_case, read_events

HERE = Path(__file__).parent
SMALL_CASE = HERE / "fixtures" / "small-case"
WRITER = HERE / "writer.py"
IMPORTED = 3  # events in the fixture's case.yaml
SAVED = re.compile(r"^saved event (\d+)(?: (\S+) (\d+))?$", re.M)


def _rng(test: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([20190114, *test.encode()]))


def _start(args: list[str], wait: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        stdin=subprocess.PIPE if wait else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _writers(url: str, names: list[str], count: int, wait: bool = False) -> list[subprocess.Popen[str]]:
    """Start one writer per name (all at once: each takes most of a second to start); return once all
    are ready."""
    processes = []
    for name in names:
        args = [str(WRITER), url, "small-case", name, str(count)] + (["--wait"] if wait else [])
        processes.append(_start(args, wait))
    for process in processes:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first == "ready\n", first + (process.stderr.read() if process.stderr else "")
    return processes


def _kill_after(processes: list[subprocess.Popen[str]], delays: list[float]) -> list[str]:
    """SIGKILL each process ``delay`` seconds from now (unless it ended); return what each printed."""
    start = time.monotonic()
    for process, delay in sorted(zip(processes, delays, strict=True), key=lambda pair: pair[1]):
        time.sleep(max(0.0, start + delay - time.monotonic()))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
    return [_finish(process, (0, -signal.SIGKILL)) for process in processes]


def _finish(process: subprocess.Popen[str], codes: tuple[int, ...]) -> str:
    """Everything the process printed. Not ``communicate()``: it reads the pipe past the text buffer
    that reading the ``ready`` line filled, and would drop lines that are already in it."""
    assert process.stdout is not None and process.stderr is not None
    out = process.stdout.read()
    err = process.stderr.read()
    process.wait(timeout=60)
    assert process.returncode in codes, err
    return out


def _check_record(engine: Engine, db_url: str, acknowledged: dict[int, str]) -> list[StoredEvent]:
    events = read_events(engine, "small-case")
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    by_seq = {e.seq: e for e in events}
    for seq, note in acknowledged.items():
        assert seq in by_seq, f"event {seq} was reported saved but is gone"
        assert by_seq[seq].payload.get("note") == note, f"event {seq} is not the one reported saved"
    result = CliRunner().invoke(app, ["verify", "--db", db_url])
    assert result.exit_code == 0 and result.output.startswith("ok: small-case: "), result.output
    return events


def test_writers_killed_at_random_moments_lose_no_saved_event(engine: Engine, db_url: str) -> None:
    import_case(engine, SMALL_CASE)
    rng = _rng("killed")
    acknowledged: dict[int, str] = {}
    killed = writing = 0
    for round_ in range(4):
        # Two writers at a time, so a kill can also land while the other one holds the lock.
        names = [f"r{round_}a", f"r{round_}b"]
        writers = _writers(db_url, names, 100_000)
        outputs = _kill_after(writers, [float(d) for d in rng.uniform(0.0, 0.4, size=2)])
        killed += sum(w.returncode == -signal.SIGKILL for w in writers)
        for out in outputs:
            saved = SAVED.findall(out)
            writing += bool(saved)
            for seq, name, n in saved:
                acknowledged[int(seq)] = f"{name} {n}"
    events = _check_record(engine, db_url, acknowledged)
    assert killed == 8
    # Most kills must land mid-stream, after some events were saved, or the test proves little.
    assert writing >= killed // 2, f"only {writing} of {killed} writers were killed after saving events"
    assert len(events) - IMPORTED - len(acknowledged) <= killed


def test_bargain_record_killed_at_random_moments_loses_no_saved_event(engine: Engine, db_url: str) -> None:
    import_case(engine, SMALL_CASE)
    rng = _rng("record")
    acknowledged: dict[int, str] = {}
    launched = 0
    for round_ in range(2):
        processes = []
        for i in range(3):
            note = f"cli {round_} {i}"
            command = [
                "-c",
                "from bargaining.cli import main; main()",
                "record",
                "small-case",
                "--db",
                db_url,
            ]
            command += ["--type", "session", "--date", "2018-11-02", "--field", f"note={note}"]
            processes.append(_start(command))
            launched += 1
        # bargain record takes about a second to start, check and commit: kill across all of that.
        outputs = _kill_after(processes, [float(d) for d in rng.uniform(0.2, 1.8, size=3)])
        for i, out in enumerate(outputs):
            for seq, _, _ in SAVED.findall(out):
                acknowledged[int(seq)] = f"cli {round_} {i}"
    events = _check_record(engine, db_url, acknowledged)
    assert len(events) - IMPORTED <= launched


def test_two_writers_at_once_never_lose_or_reorder_a_saved_event(engine: Engine, db_url: str) -> None:
    import_case(engine, SMALL_CASE)
    count = 40
    names = ["left", "right"]
    writers = dict(zip(names, _writers(db_url, names, count, wait=True), strict=True))
    for process in writers.values():
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    acknowledged: dict[int, str] = {}
    order: dict[str, list[tuple[int, int]]] = {}
    for name, process in writers.items():
        out = _finish(process, (0,))
        for seq, writer, n in SAVED.findall(out):
            acknowledged[int(seq)] = f"{writer} {n}"
            order.setdefault(name, []).append((int(n), int(seq)))
    assert len(acknowledged) == 2 * count  # no sequence number was handed out twice
    events = _check_record(engine, db_url, acknowledged)
    assert len(events) == IMPORTED + 2 * count
    for name, pairs in order.items():
        # each writer's events are in the record in the order it wrote them
        assert [n for n, _ in pairs] == list(range(count))
        assert [seq for _, seq in pairs] == sorted(seq for _, seq in pairs), name
