"""What a request costs the server in CPU time, apart from the clock (figures in docs/performance.md).

Starts ``bargain serve --demo`` with ONE worker on a fresh workspace, signs in one client per role and asks
each page of the load benchmark (``bench_web_load.PAGES`` and ``API``, both bundled cases) REPEAT times in
a row, one request at a time. The server's CPU time (user + system of its processes, from /proc) over the
requests is the cost: unlike response times it hardly moves when other work shares the machine.

    .venv/bin/python bench/bench_web_cpu.py [--repeat 20] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web_load import (
    API,
    CASES,
    PAGES,
    cpu_seconds,
    free_port,
    kill,
    postgres_url,
    sign_in,
    start_server,
)


def paths(name: str) -> list[str]:
    found = []
    for case in CASES:
        for page in PAGES[name] + API:
            path = page.format(case=case) if page.startswith("/api") else f"/cases/{case}{page}"
            if case == "denver-2025":
                path = path.replace("utla-2018-08", "dcta-2025-04-21")
            found.append(path)
    return found


def postgres_cpu(url: str | None) -> float:
    """CPU seconds of the PostgreSQL server processes serving the bench's server (its connections carry
    the bench's application_name); 0 on SQLite (the database runs inside the server's processes)."""
    if url is None:
        return 0.0
    engine = create_engine(url)
    with engine.connect() as connection:
        pids = [
            pid
            for (pid,) in connection.execute(
                text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"), {"name": APP_NAME}
            )
        ]
    engine.dispose()
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a PostgreSQL server on another machine: not counted
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


APP_NAME = "bench_web_cpu"


async def measure(
    base: str, group: int, repeat: int, pg_url: str | None
) -> dict[str, tuple[int, float, float]]:
    """Page kind -> (requests, server CPU s (with PostgreSQL's for its connections), wall s)."""
    out: dict[str, tuple[int, float, float]] = {}
    for name in PAGES:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            await sign_in(client, name)
            for path in paths(name):
                assert (await client.get(path)).status_code == 200, path  # warm: built once per version
            for path in paths(name):
                short = path.replace("lausd-2019", "CASE").replace("denver-2025", "CASE")
                kind = f"{name} {short.replace('dcta-2025-04-21', 'utla-2018-08')}"
                await asyncio.sleep(0.05)
                before, started = cpu_seconds(group) + postgres_cpu(pg_url), time.perf_counter()
                for _ in range(repeat):
                    response = await client.get(path)
                    assert response.status_code == 200, path
                await asyncio.sleep(0.05)  # let the server finish its accounting of the last response
                n, cpu, wall = out.get(kind, (0, 0.0, 0.0))
                out[kind] = (
                    n + repeat,
                    cpu + cpu_seconds(group) + postgres_cpu(pg_url) - before,
                    wall + time.perf_counter() - started,
                )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    schema = None
    pg_url = None
    if args.postgres:
        url, schema = postgres_url()
        url = pg_url = make_url(url).update_query_dict({"application_name": APP_NAME}).render_as_string(False)
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-cpu-')) / 'workspace.db'}"
    port = free_port()
    server = start_server(url, port, 1)
    try:
        found = asyncio.run(measure(f"http://127.0.0.1:{port}", server.pid, args.repeat, pg_url))
    finally:
        kill(server)
        if schema is not None:
            with create_engine(os.environ["BARGAINING_TEST_POSTGRES"]).begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    requests = sum(n for n, _, _ in found.values())
    cpu = sum(c for _, c, _ in found.values())
    what = "PostgreSQL (its server processes' CPU included)" if args.postgres else "SQLite"
    print(f"server CPU per request ({what}, 1 worker, one at a time)")
    for kind, (n, c, w) in sorted(found.items()):
        print(f"  {kind:<42} {1000 * c / n:6.1f} ms CPU  {1000 * w / n:6.1f} ms wall")
    # The load benchmark's mix: as many clients of each role, each page of a role's list equally often.
    per_role = [
        sum(c for k, (_, c, _) in found.items() if k.startswith(name + " "))
        / sum(n for k, (n, _, _) in found.items() if k.startswith(name + " "))
        for name in PAGES
    ]
    print(
        f"all pages: {requests} requests, {1000 * cpu / requests:.2f} ms CPU a request on average; "
        f"in the load benchmark's mix {1000 * sum(per_role) / len(per_role):.2f} ms"
    )


if __name__ == "__main__":
    main()
