"""The public page's record head (storage.public_head) after private writes.

A workspace holds the bundled LAUSD case (its imported events), one public note, then N notes of which
every K-th is public (``--public-every``; 0: all private, the worst case: every link since the last public
one is read). A private note is a team's working note, a link of the record's chain the public does not
see. Times
``public_head`` as the public page calls it after a write (its cache is keyed by the whole head, so every
private write makes it work the head out again), and the public page's JSON end to end right after a
private note is added. Median of R rounds, SQLite file.

Run: .venv/bin/python bench/bench_public_head.py [--notes N] [--public-every K] [--rounds R]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from bargaining.storage import add_note, import_case, open_database, public_head
from bargaining.web import create_app

ROOT = Path(__file__).resolve().parents[1]
CASE = "lausd-2019"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=5_000)
    parser.add_argument("--public-every", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'workspace.db'}", create=True)
        import_case(engine, ROOT / "cases" / CASE)
        add_note(engine, CASE, "union", "public", "our public statement")
        every = args.public_every
        for n in range(args.notes):
            shown = every and n % every == every - 1
            add_note(engine, CASE, "union", "public" if shown else "private", f"note {n}")
        app = create_app(engine)
        client = TestClient(app)
        client.get(f"/api/cases/{CASE}/public")  # the case loaded and costed once
        loaded = app.state.workspace.load(CASE)
        from bargaining.web.views import public_ids, public_seqs

        seqs, ids = public_seqs(loaded), public_ids(loaded)
        heads, pages = [], []
        for r in range(args.rounds):
            start = time.perf_counter()
            head = public_head(engine, CASE, seqs, ids)
            heads.append(time.perf_counter() - start)
            add_note(engine, CASE, "union", "private", f"another working note {r}")
            start = time.perf_counter()
            document = client.get(f"/api/cases/{CASE}/public").json()
            pages.append(time.perf_counter() - start)
            assert document["head"] == head  # a private note does not move the public head
        engine.dispose()
    mix = f"every {args.public_every}th public" if args.public_every else "all private"
    print(f"{args.notes:,} notes after the import ({mix}), median of {args.rounds}:")
    print(f"  public_head: {statistics.median(heads) * 1000:.2f} ms")
    print(f"  public page JSON after a private note: {statistics.median(pages) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
