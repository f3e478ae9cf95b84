"""``bargain serve`` (the web workbench), ``bargain user add`` and ``bargain grant``."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from bargaining.cli.app import app, fail
from bargaining.cli.storage import Db, open_workspace
from bargaining.inputs import load_case
from bargaining.storage import accounts, case_ids, database_url, import_case, shown

user_app = typer.Typer(help="People who may sign in to the web workbench.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@app.command()
def serve(
    db: Db = None,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on", min=1, max=65535)] = 8000,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="import missing bundled cases and seed the demo-* accounts on them (never in production)",
        ),
    ] = False,
    cases_dir: Annotated[Path, typer.Option("--cases", help="folder of bundled cases, for --demo")] = Path(
        "cases"
    ),
    secure_cookies: Annotated[
        bool,
        typer.Option("--secure-cookies", help="__Host- cookies marked Secure (when served over HTTPS)"),
    ] = False,
    workers: Annotated[
        int, typer.Option(help="server processes (behind a proxy); they share the database", min=1, max=64)
    ] = 1,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="proxies whose X-Forwarded-For names the client (comma-separated; * for any)",
        ),
    ] = "127.0.0.1",
) -> None:
    """Run the web workbench on http://HOST:PORT over the workspace database."""
    import uvicorn

    from bargaining.web import DEMO_PASSWORD, retire_demo, seed_demo
    from bargaining.web import workers as web_workers

    url = database_url(db)
    _port_free(host, port)
    opens: list[tuple[str, str]] = []  # each bundled case and the day its file opens it on (demo_as_of)
    with open_workspace(url, create=demo) as engine:
        if demo:
            present = set(case_ids(engine))
            folders = (
                sorted(p for p in cases_dir.iterdir() if (p / "case.yaml").exists())
                if cases_dir.is_dir()
                else []
            )
            for folder in folders:
                if folder.name not in present:
                    done = import_case(engine, folder)
                    print(f"imported {done.case_id}")
            names = seed_demo(engine, [folder.name for folder in folders])
            opens = _demo_days(folders)
            print("demo accounts (password for each: " + DEMO_PASSWORD + "): " + ", ".join(names))
        elif retire_demo(engine):
            print("the demo accounts' roles are withdrawn (they sign in only under --demo)")
    print(f"workbench on http://{host}:{port}/ over {shown(url)}")
    if demo:
        print(
            f"sign in at http://{host}:{port}/login as demo-union, demo-district or demo-mediator", flush=True
        )
        for case_id, day in opens:
            print(f"{case_id} opens as of {day}: http://{host}:{port}/cases/{case_id}?as_of={day}")
    sys.stdout.flush()
    # Every process builds the app from these (uvicorn starts the workers by import, not by fork).
    web_workers.configure(url, secure_cookies=secure_cookies, demo=demo)
    uvicorn.run(
        web_workers.FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        # A worker imports numpy, plotly and the engines before it answers: on a busy machine
        # that takes longer than uvicorn's 5 s default, which would restart workers in a loop.
        timeout_worker_healthcheck=120,
    )


def _demo_days(folders: list[Path]) -> list[tuple[str, str]]:
    """Each case folder's id and the day it opens on (its ``demo_as_of``), in the order the files list
    them; a folder that does not load opens nowhere (import said why)."""
    days = []
    for folder in folders:
        case, _ = load_case(folder)
        if case is not None and case.demo_as_of is not None:
            days.append((case.id, case.demo_as_of.isoformat()))
    return days


def _port_free(host: str, port: int) -> None:
    """Exit 1 with a message when the port is taken (uvicorn alone would exit 3 after a log line)."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="the name to sign in with", show_default=False)],
    admin: Annotated[bool, typer.Option("--admin", help="site admin: moderates every case")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from the first line of stdin")
    ] = False,
    db: Db = None,
) -> None:
    """Add a person who may sign in (the password is asked for, or read from stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            fail("the passwords differ; nothing saved")
    with open_workspace(database_url(db)) as engine:
        account = accounts.add_user(engine, name, password, site_admin=admin)
    print(f"added user {account.name}" + (" (site admin)" if admin else ""))


@app.command()
def grant(
    name: Annotated[str, typer.Argument(help="user name", show_default=False)],
    case_id: Annotated[str, typer.Argument(help="case id", show_default=False)],
    role: Annotated[
        str, typer.Argument(help="employer, union, mediator, observer or admin", show_default=False)
    ],
    db: Db = None,
) -> None:
    """Give a user a role on a case (replacing the role they had there)."""
    with open_workspace(database_url(db)) as engine:
        accounts.grant(engine, name, case_id, role)
    print(f"{name} is now {role} on {case_id}")
