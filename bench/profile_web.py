"""Profile the web workbench's pages in process (cProfile, FastAPI's TestClient), the load benchmark's mix.

    .venv/bin/python bench/profile_web.py [--repeat 10] [--page team] [--top 40] [--sort tottime]

Also counts the database connections (checkouts from the pool) and statements each page makes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bargaining.storage import import_case, open_database
from bargaining.web import create_app
from bargaining.web.demo import seed_demo
from bench_web_cpu import paths
from bench_web_load import PAGES, PASSWORD, ROOT

# The app runs in threads of its own (TestClient's portal, anyio's worker threads): each new thread gets a
# profiler of its own, and their statistics are merged at the end.
PROFILES: list[cProfile.Profile] = []


def _profile_thread(*_: object) -> None:
    sys.setprofile(None)
    profile = cProfile.Profile()
    PROFILES.append(profile)
    profile.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--page", default="", help="only paths containing this text")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--db", default="", help="a database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='profile-web-')) / 'workspace.db'}"
    threading.setprofile(_profile_thread)
    engine = open_database(url, create=True)
    for case_id in ("lausd-2019", "denver-2025"):
        import_case(engine, ROOT / "cases" / case_id)
    seed_demo(engine, ["lausd-2019", "denver-2025"])
    app = create_app(engine, demo=True)
    counts: Counter[str] = Counter()
    event.listen(engine, "checkout", lambda *_: counts.update(["connections"]))
    event.listen(engine, "before_cursor_execute", lambda *_: counts.update(["statements"]))
    clients = {}
    for name in PAGES:
        client = TestClient(app)
        form = client.get("/login")
        token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
        clients[name] = client
        for path in paths(name):
            assert client.get(path).status_code == 200, path
    per_page: dict[str, tuple[int, int]] = {}
    for name, client in clients.items():
        for path in paths(name):
            if args.page in path:
                counts.clear()
                client.get(path)
                per_page[f"{name} {path}"] = (counts["connections"], counts["statements"])
    for page, (c, s) in sorted(per_page.items()):
        print(f"{page:<60} {c:3d} connections {s:3d} statements")
    for profile in list(PROFILES):
        profile.clear()
    n = 0
    for _ in range(args.repeat):
        for name, client in clients.items():
            for path in paths(name):
                if args.page in path:
                    client.get(path)
                    n += 1
    threading.setprofile(None)
    for profile in PROFILES:
        profile.snapshot_stats()
    stats = pstats.Stats(*[p for p in PROFILES if p.stats])  # type: ignore[attr-defined]
    print(f"{n} requests; profile:")
    stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
